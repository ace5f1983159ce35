"""Benchmark: ``crdesk import deliveries`` against a bare load of the same rows, measured in the same run.

SQLite: the bare baseline is ``sqlite3`` ``executemany`` into the same tables
and indexes (one transaction, customer and vehicle keys resolved in plain
dicts). The issue's bar: crdesk reaches at least half its rows per second.

PostgreSQL (``--pg URL``): the baseline is psycopg ``COPY`` with ids assigned
in Python; the bar is a third of its rate.

Each load runs in a fresh subprocess, so the peak RSS printed is that load's
own; a quarter-size run is measured too, to show memory does not grow with
the file.

    .venv/bin/python bench/bench_import.py --rows 200000 [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = ["客户姓名", "手机号码", "车架号", "车牌号", "车型", "交车日期", "销售顾问"]
MODELS = ["凯美瑞", "雷凌", "汉兰达", "威兰达", "赛那", "锋兰达", "bZ4X"]


def make_csv(path: Path, rows: int) -> None:
    from core.vin import with_check_digit

    start = dt.date(2025, 1, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(rows):
            customer = i - (i % 10 == 9)  # every tenth customer buys a second car
            w.writerow([f"客户{customer}", f"13{customer % 10}{customer:08d}"[:11],
                        with_check_digit(f"LVGBE40K0GG{i:06d}" if i < 10**6 else f"LVGBE40K0H{i:07d}"),
                        f"粤A{i % 100000:05d}", MODELS[i % len(MODELS)],
                        (start + dt.timedelta(days=i % 700)).isoformat(), "王五"])


def _prepare(url: str) -> None:
    from core.app import CrDesk
    from core.people import add_store, add_user
    from core.setup import initialise

    app = CrDesk(url, acting_user="bench")
    initialise(app, plugins=[])
    with app.session() as s:
        store = add_store(s, code="B1", name="bench")
        add_user(s, username="bench", roles=["cr"], dept="cr", store=store)
    app.db.dispose()


def run_crdesk(url: str, path: Path) -> dict[str, float]:
    from core.app import CrDesk
    from core.importer import run_import

    app = CrDesk(url, acting_user="bench")
    t = time.perf_counter()
    result = run_import(app, "deliveries", path)
    elapsed = time.perf_counter() - t
    return {"seconds": elapsed, "rows": result.created}


def run_bare_sqlite(url: str, path: Path) -> dict[str, float]:
    import sqlite3

    con = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    t = time.perf_counter()
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
    con.execute("BEGIN")
    store_id = con.execute("SELECT id FROM store WHERE code='B1'").fetchone()[0]
    customers: dict[str, int] = {}
    vehicles: dict[str, int] = {}
    next_c = (con.execute("SELECT max(id) FROM customer").fetchone()[0] or 0) + 1
    next_v = (con.execute("SELECT max(id) FROM vehicle").fetchone()[0] or 0) + 1
    n = 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        batch_c, batch_v, batch_o, batch_d = [], [], [], []

        def flush() -> None:
            con.executemany("INSERT INTO customer (id, store_id, name, phone, address, created_at, updated_at) "
                            "VALUES (?,?,?,?,'',?,?)", batch_c)
            con.executemany("INSERT INTO vehicle (id, store_id, vin, plate, model, owner_id, created_at, updated_at) "
                            "VALUES (?,?,?,?,?,?,?,?)", batch_v)
            con.executemany("INSERT INTO vehicle_ownership (vehicle_id, customer_id, since, source) "
                            "VALUES (?,?,?,'delivery')", batch_o)
            con.executemany("INSERT INTO delivery (store_id, vehicle_id, customer_id, delivered_on, sales_advisor, "
                            "created_at, updated_at) VALUES (?,?,?,?,?,?,?)", batch_d)
            for b in (batch_c, batch_v, batch_o, batch_d):
                b.clear()

        for name, phone, vin, plate, model, day, advisor in reader:
            n += 1
            phone = "+86" + phone
            cid = customers.get(phone)
            if cid is None:
                cid = customers[phone] = next_c
                next_c += 1
                batch_c.append((cid, store_id, name, phone, now, now))
            vid = vehicles.get(vin)
            if vid is None:
                vid = vehicles[vin] = next_v
                next_v += 1
                batch_v.append((vid, store_id, vin, plate, model, cid, now, now))
                batch_o.append((vid, cid, day))
            batch_d.append((store_id, vid, cid, day, advisor, now, now))
            if len(batch_d) >= 5000:
                flush()
        flush()
    con.execute("COMMIT")
    return {"seconds": time.perf_counter() - t, "rows": n}


def run_bare_pg(url: str, path: Path) -> dict[str, float]:
    import psycopg

    conninfo, _, options = url.replace("postgresql+psycopg://", "postgresql://").partition("?")
    with psycopg.connect(conninfo + ("?" + options if options else "")) as con:
        t = time.perf_counter()
        now = dt.datetime.now(dt.timezone.utc)
        store_id = con.execute("SELECT id FROM store WHERE code='B1'").fetchone()[0]
        customers: dict[str, int] = {}
        vehicles: dict[str, int] = {}
        next_c = (con.execute("SELECT max(id) FROM customer").fetchone()[0] or 0) + 1
        next_v = (con.execute("SELECT max(id) FROM vehicle").fetchone()[0] or 0) + 1
        rows_c, rows_v, rows_o, rows_d = [], [], [], []
        n = 0
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            for name, phone, vin, plate, model, day, advisor in reader:
                n += 1
                phone = "+86" + phone
                cid = customers.get(phone)
                if cid is None:
                    cid = customers[phone] = next_c
                    next_c += 1
                    rows_c.append((cid, store_id, name, phone, "", now, now))
                vid = vehicles.get(vin)
                if vid is None:
                    vid = vehicles[vin] = next_v
                    next_v += 1
                    rows_v.append((vid, store_id, vin, plate, model, cid, now, now))
                    rows_o.append((vid, cid, day, "delivery"))
                rows_d.append((store_id, vid, cid, day, advisor, now, now))
        with con.cursor() as cur:
            for sql, rows in (
                ("COPY customer (id, store_id, name, phone, address, created_at, updated_at) FROM STDIN", rows_c),
                ("COPY vehicle (id, store_id, vin, plate, model, owner_id, created_at, updated_at) FROM STDIN",
                 rows_v),
                ("COPY vehicle_ownership (vehicle_id, customer_id, since, source) FROM STDIN", rows_o),
                ("COPY delivery (store_id, vehicle_id, customer_id, delivered_on, sales_advisor, created_at, "
                 "updated_at) FROM STDIN", rows_d),
            ):
                with cur.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
        con.commit()
        return {"seconds": time.perf_counter() - t, "rows": n}


def child(mode: str, url: str, path: Path) -> None:
    fn = {"crdesk": run_crdesk, "sqlite3": run_bare_sqlite, "copy": run_bare_pg}[mode]
    out = fn(url, path)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def _spawn(mode: str, url: str, path: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--url", url, "--csv", str(path)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fresh(backend: str, tmp: Path, pg: str | None, label: str) -> tuple[str, object]:
    if backend == "sqlite":
        db = tmp / f"{label}.db"
        return f"sqlite:///{db}", None
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg else "?"

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{pg}{sep}options=-csearch_path%3D{schema}", drop


def compare(backend: str, rows: int, tmp: Path, pg: str | None, repeat: int) -> None:
    """Best of ``repeat`` interleaved runs of each load, so a busy machine skews both alike."""
    path = tmp / f"deliveries_{rows}.csv"
    if not path.exists():
        make_csv(path, rows)
    results: dict[str, dict[str, float]] = {}
    for attempt in range(repeat):
        for mode in ("crdesk", "sqlite3" if backend == "sqlite" else "copy"):
            url, drop = _fresh(backend, tmp, pg, f"{mode}_{rows}_{attempt}")
            try:
                _prepare(url)
                run = _spawn(mode, url, path)
            finally:
                if drop:
                    drop()  # type: ignore[operator]
                for leftover in tmp.glob(f"{mode}_{rows}_{attempt}.db*"):
                    leftover.unlink()
            best = results.get(mode)
            if best is None or run["seconds"] < best["seconds"]:
                results[mode] = {**run, "peak_mb": max(run["peak_mb"], best["peak_mb"] if best else 0)}
    base = "sqlite3" if backend == "sqlite" else "copy"
    bar = 0.5 if backend == "sqlite" else 1 / 3
    ours, bare = results["crdesk"], results[base]
    rate, bare_rate = rows / ours["seconds"], rows / bare["seconds"]
    ratio = rate / bare_rate
    print(f"{backend:6} {rows:>9,} rows | bare {base:7} {bare_rate:>9,.0f} rows/s (peak {bare['peak_mb']:.0f} MB) | "
          f"crdesk {rate:>9,.0f} rows/s (peak {ours['peak_mb']:.0f} MB) | ratio {ratio:.2f} "
          f"(needs >= {bar:.2f}: {'ok' if ratio >= bar else 'TOO SLOW'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", help="PostgreSQL URL to benchmark against psycopg COPY as well")
    parser.add_argument("--repeat", type=int, default=3, help="runs per load; the best time counts")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, Path(args.csv))
        return
    os.environ.pop("CRDESK_DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="crdesk-bench-") as tmp:
        for rows in (max(args.rows // 4, 1), args.rows):
            compare("sqlite", rows, Path(tmp), None, args.repeat)
            if args.pg:
                compare("postgresql", rows, Path(tmp), args.pg, args.repeat)


if __name__ == "__main__":
    main()
