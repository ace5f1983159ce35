"""Generating one day of callback tasks: cost must follow the tasks due, not the size of the tables.

usage: python bench/bench_scheduler.py [--backend sqlite|postgresql] [--scale 1.0] [--runs 5]

Builds two databases with the same number of deliveries and service visits
due for a callback on the measured day: a big one (1,000,000 deliveries and
3,000,000 service visits at --scale 1) and a small one (10,000 deliveries,
30,000 visits). It then times ``generate(app, day)`` on both and the bare SQL
doing the same work (the indexed SELECT of due records plus an executemany
INSERT of the tasks), prints the query plans, and both ratios against the
limits of issue 4 (big/small <= 1.3, big/bare <= 3).

Source rows are loaded with raw bulk SQL, foreign-key checks off (the
vehicles they point at are not created: the scheduler never reads them).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from sqlalchemy import create_engine, delete, insert, select, text  # noqa: E402

from core.app import CrDesk  # noqa: E402
from core.models import Department, Store, Task, TaskWatermark, User, UserRole  # noqa: E402
from core.plugin_catalog import PluginCatalog  # noqa: E402
from core.scheduler.generate import generate  # noqa: E402
from core.setup import initialise  # noqa: E402
from core.workdays import cst_datetime  # noqa: E402

PG_BASE = os.environ.get("CRDESK_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DAY = dt.date(2026, 6, 15)
ANCHOR = DAY - dt.timedelta(days=3)  # N: opens on N+3 = DAY
SPAN_DAYS = 1000
HISTORY_KEY = "bench_sched.history"
START = ANCHOR - dt.timedelta(days=SPAN_DAYS // 2)


def database_url(backend: str, name: str) -> str:
    if backend == "sqlite":
        path = Path(tempfile.gettempdir()) / f"crdesk_bench_scheduler_{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    schema = f"bench_sched_{name}"
    admin = create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return f"{PG_BASE}?options=-csearch_path%3D{schema}"


def make_app(url: str) -> CrDesk:
    catalog = PluginCatalog.discover(use_entry_points=False, local_packages=["scheduler_plugins"])
    app = CrDesk(url, catalog=catalog)
    initialise(app, ["bench_sched"])
    with app.session() as s:
        store = Store(code="GZ1", name="广州一店")
        s.add(store)
        s.flush()
        dept = Department(store_id=store.id, code="cr", name_zh="客户关系部")
        s.add(dept)
        s.flush()
        for i in range(6):
            user = User(username=f"fu{i}", store_id=store.id, department_id=dept.id)
            user.roles.append(UserRole(role_code="sales_fu" if i < 3 else "service_fu"))
            s.add(user)
    app.reload_plugins()
    return app


def spread(n_total: int, n_due: int) -> list[dt.date]:
    """``n_total`` dates: exactly ``n_due`` on ANCHOR, the rest over SPAN_DAYS other days.

    In date order, as a dealership's records arrive (a DMS export a day or a month at a time).
    """
    others = [d for d in (START + dt.timedelta(days=i) for i in range(SPAN_DAYS + 1)) if d != ANCHOR]
    return sorted([ANCHOR] * n_due + [others[i % len(others)] for i in range(n_total - n_due)])


def history(n: int) -> list[tuple[Any, ...]]:
    """``n`` finished tasks of earlier mornings (one generator run a day), so the task table is not empty."""
    days = max(n // (2 * SPAN_DAYS) or 1, 1)
    per_day = max(n // days, 1)
    rows = []
    for i in range(n):
        made = cst_datetime(DAY - dt.timedelta(days=1 + min(i // per_day, SPAN_DAYS)), dt.time(6, 30)
                            ).astimezone(dt.timezone.utc)
        rows.append((HISTORY_KEY, f"{HISTORY_KEY}|{i}", "回访", '["SF-D4"]', 1, "sales_fu", "delivery", i,
                     made, made, made, "done", False, made))
    return rows


def load(app: CrDesk, deliveries: int, visits: int, due_deliveries: int, due_visits: int) -> float:
    """Bulk-load customers, deliveries, service visits and past tasks with raw SQL; returns seconds."""
    t0 = time.perf_counter()
    store_id = 1
    past = history(deliveries)
    n_customers = max(deliveries // 2, 5_000)  # owners of one or two cars
    customers = [(store_id, f"客户{i}", f"139{i:08d}", "") for i in range(n_customers)]
    del_rows = [(store_id, i + 1, 1 + i % n_customers, d, "顾问")
                for i, d in enumerate(spread(deliveries, due_deliveries))]
    sv_rows = [(store_id, f"RO{i}", i % max(deliveries, 1) + 1, 1 + i % n_customers, d, "first_maintenance", "")
               for i, d in enumerate(spread(visits, due_visits))]
    raw = app.db.engine.raw_connection()
    try:
        cur = raw.cursor()
        if app.db.dialect == "sqlite":
            cur.execute("PRAGMA foreign_keys=OFF")
            cur.execute("BEGIN")
            cur.executemany("INSERT INTO customer (store_id, name, phone, address) VALUES (?,?,?,?)", customers)
            cur.executemany("INSERT INTO delivery (store_id, vehicle_id, customer_id, delivered_on, sales_advisor) "
                            "VALUES (?,?,?,?,?)", [(a, b, c, d.isoformat(), e) for a, b, c, d, e in del_rows])
            cur.executemany("INSERT INTO service_visit (store_id, repair_order, vehicle_id, customer_id, intake_on, "
                            "service_type, service_advisor) VALUES (?,?,?,?,?,?,?)",
                            [(a, b, c, d, e.isoformat(), f, g) for a, b, c, d, e, f, g in sv_rows])
            cur.executemany(BARE_INSERT.format(ps=", ".join(["?"] * 14)),
                            [(*r[:8], *(v.replace(tzinfo=None).isoformat(sep=" ") for v in r[8:11]), r[11], r[12],
                              r[13].replace(tzinfo=None).isoformat(sep=" ")) for r in past])
            cur.execute("COMMIT")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("ANALYZE")
        else:
            cur.execute("SET session_replication_role = replica")
            for table, cols, rows in (
                ("customer", "store_id, name, phone, address", customers),
                ("delivery", "store_id, vehicle_id, customer_id, delivered_on, sales_advisor", del_rows),
                ("service_visit", "store_id, repair_order, vehicle_id, customer_id, intake_on, service_type, "
                                  "service_advisor", sv_rows),
                ("task", "key, dedupe_key, title, duties, store_id, role_code, source_kind, source_id, opens_at, "
                         "due_at, escalate_at, status, late, created_at", past)):
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                    for row in rows:
                        copy.write_row(row)
            cur.execute("SET session_replication_role = origin")
            raw.commit()
            driver = raw.driver_connection
            driver.autocommit = True  # type: ignore[union-attr]
            driver.execute("VACUUM ANALYZE")  # type: ignore[union-attr]  # no autovacuum during the timings
            driver.autocommit = False  # type: ignore[union-attr]
    finally:
        raw.close()
    return time.perf_counter() - t0


def reset(app: CrDesk) -> None:
    """Forget generated tasks; the watermark says the day before was generated (no catch-up).

    On PostgreSQL the deleted rows are vacuumed and a checkpoint taken, so every timed run starts
    from the same state instead of inheriting dead index entries or a checkpoint in the middle.
    """
    with app.session() as s:
        s.execute(delete(Task).where(Task.key != HISTORY_KEY))
        s.execute(delete(TaskWatermark))
        s.execute(insert(TaskWatermark), [{"store_id": 1, "last_day": DAY - dt.timedelta(days=1),
                                           "updated_at": cst_datetime(DAY)}])
    if app.db.dialect == "postgresql":
        raw = app.db.engine.raw_connection()
        try:
            driver = raw.driver_connection
            driver.autocommit = True  # type: ignore[union-attr]
            driver.execute("VACUUM task")  # type: ignore[union-attr]
            driver.execute("CHECKPOINT")  # type: ignore[union-attr]
            driver.autocommit = False  # type: ignore[union-attr]
        finally:
            raw.close()


def time_generate(app: CrDesk) -> tuple[float, int]:
    """One timed ``generate`` of DAY from a reset database: seconds and tasks created."""
    reset(app)
    t0 = time.perf_counter()
    created = generate(app, DAY).created
    return time.perf_counter() - t0, created


BARE_SELECTS = [
    ("delivery", "SELECT d.id, d.delivered_on, d.store_id, (SELECT c.name FROM customer c WHERE c.id = d.customer_id) "
                 "FROM delivery d WHERE d.delivered_on BETWEEN {p} AND {p}"),
    ("service_visit", "SELECT v.id, v.intake_on, v.store_id, "
                      "(SELECT c.name FROM customer c WHERE c.id = v.customer_id) "
                      "FROM service_visit v WHERE v.intake_on BETWEEN {p} AND {p}"),
]
BARE_INSERT = ("INSERT INTO task (key, dedupe_key, title, duties, store_id, role_code, source_kind, source_id, "
               "opens_at, due_at, escalate_at, status, late, created_at) VALUES ({ps})")


def time_bare(app: CrDesk) -> float:
    """The same work by hand: the indexed SELECT of due records and one executemany INSERT per source."""
    sqlite = app.db.dialect == "sqlite"
    p = "?" if sqlite else "%s"
    opens = cst_datetime(DAY).astimezone(dt.timezone.utc)
    due = cst_datetime(DAY + dt.timedelta(days=2), dt.time(17, 30)).astimezone(dt.timezone.utc)
    esc = due + dt.timedelta(days=1)
    stamp: Any = (lambda v: v.replace(tzinfo=None).isoformat(sep=" ")) if sqlite else (lambda v: v)
    reset(app)
    raw = app.db.engine.raw_connection()
    try:
        t0 = time.perf_counter()
        cur = raw.cursor()
        if sqlite:
            cur.execute("BEGIN")  # crdesk's connections are in autocommit mode; one transaction, like generate
        for kind, sql in BARE_SELECTS:
            cur.execute(sql.format(p=p), (ANCHOR.isoformat() if sqlite else ANCHOR,) * 2)
            now = stamp(dt.datetime.now(dt.timezone.utc))
            rows = [(f"bare.{kind}", f"bare.{kind}|{kind}:{r[0]}", f"回访 · {r[3]}", '["SF-D4"]', r[2],
                     "sales_fu", kind, r[0], stamp(opens), stamp(due), stamp(esc), "open", False, now)
                    for r in cur.fetchall()]
            cur.executemany(BARE_INSERT.format(ps=", ".join([p] * 14)), rows)
        raw.commit()
        return time.perf_counter() - t0
    finally:
        raw.close()


def plans(app: CrDesk) -> None:
    from sqlalchemy.orm import Session

    from scheduler_plugins.bench_sched.hooks import deliveries, service_visits

    with Session(app.db.engine) as s:
        for label, query in (("delivery source", deliveries(s, ANCHOR, ANCHOR)),
                             ("service-visit source", service_visits(s, ANCHOR, ANCHOR)),
                             ("least-open count", select(Task.assignee_id).where(Task.assignee_id.in_([1, 2]),
                                                                                  Task.status == "open")),
                             ("round-robin last", select(Task.assignee_id).where(
                                 Task.key == "bench_sched.service_callback", Task.store_id == 1,
                                 Task.assignee_id.is_not(None)).order_by(Task.id.desc()).limit(1)),
                             ("created this run", select(Task.key, Task.late).where(
                                 Task.created_at == cst_datetime(DAY))),
                             ("escalation", select(Task.id).where(Task.status == "open",
                                                                  Task.escalate_at <= cst_datetime(DAY),
                                                                  Task.escalated_at.is_(None)))):
            compiled = query.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
            prefix = "EXPLAIN QUERY PLAN " if app.db.dialect == "sqlite" else "EXPLAIN "
            rows = s.execute(text(prefix + str(compiled))).all()
            lines = [r[-1] if app.db.dialect == "sqlite" else r[0] for r in rows]
            print(f"  plan {label}: " + " | ".join(str(x).strip() for x in lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1,000,000 deliveries, 3,000,000 visits")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    big_del, big_sv = int(1_000_000 * args.scale), int(3_000_000 * args.scale)
    due_del, due_sv = max(big_del // SPAN_DAYS, 1), max(big_sv // SPAN_DAYS, 1)
    print(f"backend {args.backend}; day {DAY}; due per run: {due_del} delivery + {due_sv} service-visit callbacks")
    apps: dict[str, CrDesk] = {}
    for name, n_del, n_sv in (("big", big_del, big_sv), ("small", 10_000, 30_000)):
        app = apps[name] = make_app(database_url(args.backend, name))
        secs = load(app, n_del, n_sv, due_del, due_sv)
        print(f"{name}: loaded {n_del:,} deliveries, {n_sv:,} service visits and {n_del:,} past tasks "
              f"in {secs:.1f}s")
        app.hooks.task_schedules(app)  # plugins loaded before timing
    big = apps["big"]
    reset(big)
    generate(big, DAY)  # plans with the day's tasks in the table, as the morning after sees them
    with big.db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    plans(big)
    # Interleaved, so that caches, checkpoints and background work touch all four series alike;
    # the first round warms up and is not counted.
    times: dict[tuple[str, str], list[float]] = {(n, w): [] for n in apps for w in ("generate", "bare")}
    created = 0
    for round_no in range(args.runs + 1):
        for name, app in apps.items():
            gen, created = time_generate(app)
            bare = time_bare(app)
            if round_no:
                times[(name, "generate")].append(gen)
                times[(name, "bare")].append(bare)
    med = {k: statistics.median(v) for k, v in times.items()}
    for name in apps:
        print(f"{name}: generate {med[(name, 'generate')] * 1000:.1f} ms ({created} tasks), "
              f"bare SQL {med[(name, 'bare')] * 1000:.1f} ms (median of {args.runs})")
    for app in apps.values():
        reset(app)
        app.db.dispose()
    size_ratio = med[("big", "generate")] / med[("small", "generate")]
    bare_ratio = med[("big", "generate")] / med[("big", "bare")]
    print(f"ratio big/small generate = {size_ratio:.2f} (limit 1.3) {'OK' if size_ratio <= 1.3 else 'OVER'}")
    print(f"ratio generate/bare SQL (big) = {bare_ratio:.2f} (limit 3.0) {'OK' if bare_ratio <= 3.0 else 'OVER'}")


if __name__ == "__main__":
    main()
