"""The web front under load: 50 logged-in specialists working the agenda and the call screen at once.

usage: python bench/bench_web.py [--db URL] [--users 50] [--rounds 10] [--workers 2]

Builds the demo store (2,000 customers, a year of deliveries) plus ``--users``
sales follow-up specialists with web passwords, generates ten days of tasks,
starts ``crdesk serve --workers N`` on a free loopback port and lets every user
log in and then, ``--rounds`` times, open 我的待办, the call queue and the next
call screen concurrently (httpx + asyncio). It prints p50/p95 per page and the
errors, next to the same pages' service calls (agenda query, queue, customer
card) measured bare in this process. Goal: p95 < 200 ms, zero errors.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.app import CrDesk  # noqa: E402
from core.setup import initialise  # noqa: E402

PASSWORD = "Bench-Tianhe-2026"


def build(url: str, users: int) -> list[str]:
    from core.demo import load_demo
    from core.people import add_user, store_by_code
    from core.scheduler.generate import generate
    from core.workdays import cst_today
    from plugins.web.passwords import set_password

    app = CrDesk(url, acting_user="admin")
    initialise(app)
    load_demo(app)
    names = [f"bench_fu{i:02d}" for i in range(users)]
    with app.session() as s:
        store = store_by_code(s, None)
        for name in names:
            user = add_user(s, username=name, roles=["sales_fu"], dept="cr", store=store, actor="bench")
            set_password(s, user, PASSWORD, temporary=False, actor="bench")
    today = cst_today()
    for back in range(9, -1, -1):
        generate(app, day=today - dt.timedelta(days=back))
    app.db.dispose()
    return names


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def staff(base: str, name: str, rounds: int, times: dict[str, list[float]], errors: dict[str, int],
                gate: asyncio.Semaphore) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        async with gate:  # logins are staggered: argon2 is meant to be slow
            page = await c.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            done = await c.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token})
            if done.status_code != 303:
                errors["login"] += 1
                return
        for _ in range(rounds):
            for label, path in (("我的待办 /", "/"), ("回访队列 /calls", "/calls"), ("回访屏 /calls/next", "/calls/next")):
                start = time.perf_counter()
                response = await c.get(path, follow_redirects=True)
                times[label].append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    errors[label] += 1


def bare(url: str, names: list[str], rounds: int) -> dict[str, list[float]]:
    """The pages' service calls without HTTP, templates or sessions."""
    from sqlalchemy import select

    from core.customers import customer_details
    from core.models import User
    from core.scheduler.agenda import TaskLabels, agenda_tasks, task_row
    from core.scheduler.generate import as_of
    from core.workdays import cst_today
    from plugins.followup.sources import source_of_task

    app = CrDesk(url)
    out: dict[str, list[float]] = defaultdict(list)
    today = cst_today()
    for _ in range(rounds):
        for name in names:
            with app.session() as s:
                user = s.scalar(select(User).where(User.username == name))
                start = time.perf_counter()
                tasks = agenda_tasks(s, day=today, user=user)
                labels = TaskLabels.load(s, tasks)
                [task_row(t, labels, as_of(today)) for t in tasks]
                out["我的待办 /"].append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                calls = [t for t in agenda_tasks(s, day=today, user=user) if t.key == "sales_followup.callback"]
                out["回访队列 /calls"].append((time.perf_counter() - start) * 1000)
                if calls:
                    start = time.perf_counter()
                    source = source_of_task(s, calls[0])
                    customer_details(app, s, user, source.customer_id)
                    out["回访屏 /calls/next"].append((time.perf_counter() - start) * 1000)
    app.db.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="crdesk-bench-web-"))
    url = args.db or f"sqlite:///{folder / 'crdesk.db'}"
    t0 = time.perf_counter()
    names = build(url, args.users)
    print(f"store ready in {time.perf_counter() - t0:.1f}s: {len(names)} specialists on {url.split('?')[0]}")
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (folder / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "core", "--db", url, "serve", "--port", str(port),
                               "--workers", str(args.workers)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "CRDESK_ATTACHMENTS": str(folder / "attachments")})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        times: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)

        async def run() -> None:
            gate = asyncio.Semaphore(4)
            await asyncio.gather(*(staff(base, n, args.rounds, times, errors, gate) for n in names))

        t0 = time.perf_counter()
        asyncio.run(run())
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    service = bare(url, names, max(1, args.rounds // 5))
    requests = sum(len(v) for v in times.values())
    print(f"{args.users} users × {args.rounds} rounds, --workers {args.workers}: {requests} page views in {wall:.1f}s "
          f"({requests / wall:.0f}/s), errors: {dict(errors) or 0}")
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'bare p50':>10}{'bare p95':>10}")
    worst = 0.0
    for label, values in times.items():
        worst = max(worst, pct(values, 95))
        print(f"{label:<22}{pct(values, 50):>9.1f}{pct(values, 95):>9.1f}"
              f"{pct(service.get(label, []), 50):>10.1f}{pct(service.get(label, []), 95):>10.1f}")
    print(f"goal p95 < 200 ms with zero errors: {'met' if worst < 200 and not errors else 'NOT met'}")


if __name__ == "__main__":
    main()
