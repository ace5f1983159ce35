"""The not-returned query (core.vehicle_history) for one cohort window over 1,000,000 deliveries and 3,000,000 visits.

Fills a migrated database with bulk SQL, then runs ``not_returned`` through
SQLAlchemy and the very same compiled SQL bare (sqlite3 / psycopg), printing
the plan, times, rows and the ratio against the bare run.

    .venv/bin/python bench/bench_cohort.py --scale 0.1
    .venv/bin/python bench/bench_cohort.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from core.app import CrDesk
from core.people import add_store
from core.setup import initialise
from core.vehicle_history import cohort_window, not_returned, not_returned_query

TODAY = dt.date(2026, 11, 15)


def fill(app: CrDesk, deliveries: int, visits: int) -> int:
    """Store, customers, vehicles, ownerships and deliveries over four years, visits on random vehicles (SQL only)."""
    eng = app.db.engine
    pg = eng.dialect.name == "postgresql"
    series = ("generate_series(1, :n) AS g(i)" if pg else
              "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < :n) SELECT i FROM s) AS g")
    day0 = "DATE '2022-11-15'" if pg else "'2022-11-15'"

    def day(expr: str) -> str:
        return f"({day0} + ({expr})::int)" if pg else f"date(julianday({day0}) + ({expr}))"

    now = "CURRENT_TIMESTAMP"
    spread = "(i::bigint * 7919)" if pg else "(i * 7919)"
    with app.session() as s:
        sid = add_store(s, code="B1", name="bench", city="广州", actor="bench").id
    with eng.begin() as c:
        c.execute(text(f"INSERT INTO customer (id, store_id, name, phone, address, created_at, updated_at) "
                       f"SELECT i, {sid}, 'c' || i, '+86138' || i, '', {now}, {now} FROM {series}"), {"n": deliveries})
        c.execute(text(f"INSERT INTO vehicle (id, store_id, vin, plate, model, owner_id, created_at, updated_at) "
                       f"SELECT i, {sid}, 'V' || i, '', '凯美瑞', i, {now}, {now} FROM {series}"), {"n": deliveries})
        c.execute(text(f"INSERT INTO delivery (id, store_id, vehicle_id, customer_id, delivered_on, sales_advisor, "
                       f"created_at, updated_at) SELECT i, {sid}, i, i, {day('i % 1460')}, '', {now}, {now} "
                       f"FROM {series}"), {"n": deliveries})
        # Every delivery opened an ownership; one vehicle in fifty was later transferred to someone else.
        c.execute(text(f"INSERT INTO vehicle_ownership (vehicle_id, customer_id, since, until, source) "
                       f"SELECT i, i, {day('i % 1460')}, NULL, 'delivery' FROM {series}"), {"n": deliveries})
        c.execute(text(f"INSERT INTO vehicle_ownership (vehicle_id, customer_id, since, until, source) "
                       f"SELECT i, i % :n + 1, {day('i % 1460 + 200')}, NULL, 'manual' FROM {series} "
                       f"WHERE i % 50 = 0"), {"n": deliveries})
        # Visits: vehicle (i * 7919) mod n, a day after delivery (or, for every fifth, before it).
        c.execute(text(f"INSERT INTO service_visit (id, store_id, repair_order, vehicle_id, customer_id, intake_on, "
                       f"mileage, service_type, service_advisor, amount, created_at, updated_at) "
                       f"SELECT i, {sid}, 'RO' || i, {spread} % :d + 1, {spread} % :d + 1, "
                       f"{day(f'({spread} % :d + 1) % 1460 + CASE WHEN i % 5 = 0 THEN -30 ELSE 90 END')}, "
                       f"5000, 'first_maintenance', '', 0, {now}, {now} FROM {series}"),
                  {"n": visits, "d": deliveries})
        if pg:
            for t in ("customer", "vehicle", "vehicle_ownership", "delivery", "service_visit"):
                c.execute(text(f"ANALYZE {t}"))
        else:
            c.execute(text("ANALYZE"))
    return sid


def timed(fn, repeat: int = 5) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1,000,000 deliveries, 3,000,000 visits")
    parser.add_argument("--db", help="Database URL (default: a SQLite file in a temporary folder)")
    args = parser.parse_args()
    deliveries, visits = int(1_000_000 * args.scale), int(3_000_000 * args.scale)
    schema = None
    if args.db and args.db.startswith("postgres"):
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.db, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.db}{'&' if '?' in args.db else '?'}options=-csearch_path%3D{schema}"
    else:
        url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'cohort.db'}"
    try:
        app = CrDesk(database_url=url)
        initialise(app, plugins=[])
        t0 = time.perf_counter()
        sid = fill(app, deliveries, visits)
        print(f"filled {deliveries:,} deliveries and {visits:,} visits in {time.perf_counter() - t0:.1f}s "
              f"({app.db.engine.dialect.name})")
        lo, hi = cohort_window(TODAY, 3, 5)
        stmt = not_returned_query(store_id=sid, delivered_from=lo, delivered_to=hi)
        with app.db.engine.connect() as conn:
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            explain = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
            print("plan:")
            for row in conn.exec_driver_sql(explain + sql):
                print("   ", " ".join(str(x) for x in row))

        def orm() -> int:
            with app.session() as s:
                return len(not_returned(s, store_id=sid, delivered_from=lo, delivered_to=hi))

        def bare() -> int:
            raw = app.db.engine.raw_connection()
            try:
                cur = raw.cursor()
                cur.execute(sql)
                return len(cur.fetchall())
            finally:
                raw.close()

        t_orm, n_orm = timed(orm)
        t_bare, n_bare = timed(bare)
        assert n_orm == n_bare, (n_orm, n_bare)
        print(f"window {lo}..{hi}: {n_orm:,} not returned")
        print(f"not_returned(): {t_orm * 1000:.1f} ms   bare SQL: {t_bare * 1000:.1f} ms   "
              f"ratio {t_orm / t_bare:.2f}x")
        app.db.dispose()
    finally:
        if schema:
            with admin.connect() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
