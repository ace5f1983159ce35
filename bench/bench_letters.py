"""Thank-you letter batch benchmark: cr_system's resumable parts vs one bare WeasyPrint document, same run.

    .venv/bin/python bench/bench_letters.py [--letters 5000] [--per-part 150] [--workers 2]

1. A store with ``--letters`` deliveries on one day; ``crdesk cr letters prepare`` makes the batch.
2. cr_system renders it: parts of ``--per-part`` letters laid out in worker processes (replaced every few
   parts), each part committed to the database, then merged with pikepdf.
3. The very same letters as one HTML document are handed to bare ``weasyprint.HTML(...).write_pdf()``.

Each step runs in its own process; peak memory is the highest total RSS of the process and its children
(sampled from /proc). The goal: faster per letter than the bare render, and flat memory.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench_reports import _tree_rss_kb  # noqa: E402  (the /proc RSS sampler of the report benchmark)

DAY = dt.date(2026, 10, 15)


def run_child(args: list[str], env: dict[str, str]) -> tuple[str, float]:
    """Run ``bench_letters.py --child …``; its last stdout line and peak tree RSS in MB."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    peak, stop = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"child {args[:2]} failed with exit code {proc.returncode}")
    return out.strip().splitlines()[-1], peak / 1024


def _app(db: str) -> object:
    from core.app import CrDesk

    return CrDesk(db, acting_user="cr1")


def child_setup(db: str, letters: str, per_part: str, html_out: str) -> None:
    """A store, its GM, ``letters`` deliveries on DAY with addresses; the batch; the one-document HTML."""
    from sqlalchemy import insert

    from core.models import Customer, Delivery, Store, User, UserRole, Vehicle
    from core.setup import initialise
    from core.vin import with_check_digit
    from plugins.cr_system.letter_render import plan
    from plugins.cr_system.letters import prepare

    app = _app(db)
    initialise(app, ["cr_system"])
    n = int(letters)
    with app.session() as s:  # type: ignore[attr-defined]
        store = Store(code="TH", name="广汽丰田天河店", address="广州市天河区中山大道1号", phone="020-88888888")
        s.add(store)
        s.flush()
        for username, role, name in (("cr1", "cr", "李丽"), ("gm", "gm", "王建国")):
            user = User(username=username, full_name=name, store_id=store.id)
            user.roles.append(UserRole(role_code=role))
            s.add(user)
        s.execute(insert(Customer), [{"id": i + 1, "store_id": store.id, "name": f"客户{i:05d}",
                                      "phone": f"138{i:08d}", "address": f"广州市天河区天河路{i + 1}号 510620"}
                                     for i in range(n)])
        s.execute(insert(Vehicle), [{"id": i + 1, "store_id": store.id, "vin": with_check_digit(f"LVGBE40K0KG{i:06d}"),
                                     "plate": f"粤A{i:05d}", "model": "凯美瑞", "owner_id": i + 1} for i in range(n)])
        s.execute(insert(Delivery), [{"store_id": store.id, "vehicle_id": i + 1, "customer_id": i + 1,
                                      "delivered_on": DAY, "sales_advisor": "王强"} for i in range(n)])
        batch = prepare(s, store_id=store.id, kind="purchase", day=DAY, actor="cr1", per_part=int(per_part))
        whole = [j for j in plan(app, s, _one_part(batch, n)) if j.part_no == 1][0]
        batch.per_part = int(per_part)
        Path(html_out).write_text(whole.html, encoding="utf-8")
        print(batch.id)


def _one_part(batch: object, n: int) -> object:
    batch.per_part = n  # type: ignore[attr-defined]
    return batch


def child_parts(db: str, batch_id: str, workers: str, out: str) -> None:
    from plugins.cr_system.letter_render import merged, render

    app = _app(db)
    t0 = time.perf_counter()
    render(app, int(batch_id), workers=int(workers))
    with app.session() as s:  # type: ignore[attr-defined]
        content, pages = merged(s, int(batch_id))
    elapsed = time.perf_counter() - t0
    Path(out).write_bytes(content)
    print(f"{elapsed:.3f} {pages} {len(content)}")


def child_bare(html_path: str, out: str) -> None:
    import weasyprint

    html = Path(html_path).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    doc = weasyprint.HTML(string=html, base_url=str(ROOT / "templates") + "/").render()
    pdf = doc.write_pdf()
    elapsed = time.perf_counter() - t0
    Path(out).write_bytes(pdf)
    print(f"{elapsed:.3f} {len(doc.pages)} {len(pdf)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=5000)
    parser.add_argument("--per-part", type=int, default=150)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        {"setup": child_setup, "parts": child_parts, "bare": child_bare}[mode](*rest)
        return
    tmp = Path(tempfile.mkdtemp(prefix="crdesk-letters-"))
    db = f"sqlite:///{tmp / 'bench.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    batch, _ = run_child(["--child", "setup", db, str(args.letters), str(args.per_part), str(tmp / "all.html")], env)
    print(f"{args.letters:,} purchase thank-you letters ({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}), "
          f"files in {tmp}")
    line, parts_mb = run_child(["--child", "parts", db, batch, str(args.workers), str(tmp / "parts.pdf")], env)
    p_s, p_pages = float(line.split()[0]), int(line.split()[1])
    line, bare_mb = run_child(["--child", "bare", str(tmp / "all.html"), str(tmp / "bare.pdf")], env)
    b_s, b_pages = float(line.split()[0]), int(line.split()[1])
    print(f"  cr_system parts of {args.per_part}, {args.workers} workers: {p_s:7.1f} s  {p_pages} pages  "
          f"{1000 * p_s / args.letters:6.1f} ms/letter  peak RSS {parts_mb:6.0f} MB")
    print(f"  bare WeasyPrint, one document   : {b_s:7.1f} s  {b_pages} pages  "
          f"{1000 * b_s / args.letters:6.1f} ms/letter  peak RSS {bare_mb:6.0f} MB")
    print(f"  time ratio parts / bare = {p_s / b_s:.2f}; memory ratio = {parts_mb / bare_mb:.2f}")


if __name__ == "__main__":
    main()
