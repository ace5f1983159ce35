"""First-maintenance cohorts (core.vehicle_history) and the import guard on service types, through real imports."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.importer import run_import
from core.models import Customer, Vehicle, VehicleOwnership
from core.vehicle_history import cohort_window, maintenance_milestones, not_returned, return_rates
from tests.people_support import DELIVERY_HEADER, VISIT_HEADER, snapshot, store_app, vin, write_csv

JUNE = dt.date(2026, 6, 1)


@pytest.fixture
def app(make_app, tmp_path):
    app = store_app(make_app)
    deliveries = [
        ["返厂", "13800000001", vin(1), "粤A00001", "凯美瑞", "2026-06-03", "王五"],   # first maintenance, then 10K
        ["维修", "13800000002", vin(2), "粤A00002", "雷凌", "2026-06-10", "王五"],     # came back for a repair only
        ["未回", "13800000003", vin(3), "粤A00003", "汉兰达", "2026-06-20", "赵六"],   # never came back
        ["过户", "13800000004", vin(4), "粤A00004", "C-HR", "2026-06-25", "赵六"],     # transferred: not eligible
        ["转售", "13800000005", vin(5), "粤A00005", "致炫", "2026-06-28", "赵六"],     # re-delivered in September
        ["七月", "13800000007", vin(7), "粤A00007", "凯美瑞", "2026-07-15", "王五"],   # another cohort, never back
    ]
    write_csv(tmp_path / "交车.csv", DELIVERY_HEADER, deliveries)
    assert run_import(app, "deliveries", tmp_path / "交车.csv").created == 6
    # September's export: the 致炫 is sold again, to a new owner.
    write_csv(tmp_path / "交车9月.csv", DELIVERY_HEADER,
              [["新主", "13800000006", vin(5), "粤A00005", "致炫", "2026-09-02", "赵六"]])
    assert run_import(app, "deliveries", tmp_path / "交车9月.csv").created == 1
    visits = [
        ["RO1", vin(1), "粤A00001", "返厂", "13800000001", "2026-09-01", "5100", "首保", "陈工", "0"],
        ["RO2", vin(1), "粤A00001", "返厂", "13800000001", "2027-01-05", "10200", "10K", "陈工", "680"],
        ["RO3", vin(2), "粤A00002", "维修", "13800000002", "2026-08-01", "3000", "钣喷", "陈工", "2400"],
        ["RO4", vin(5), "粤A00005", "新主", "13800000006", "2026-10-01", "900", "首保", "陈工", "0"],
    ]
    write_csv(tmp_path / "入库.csv", VISIT_HEADER, visits)
    assert run_import(app, "service-visits", tmp_path / "入库.csv").created == 4
    with app.session() as s:
        v4 = s.scalar(select(Vehicle).where(Vehicle.vin == vin(4)))
        other = s.scalar(select(Customer).where(Customer.name == "未回"))
        s.add(VehicleOwnership(vehicle_id=v4.id, customer_id=other.id, since=dt.date(2026, 8, 1), source="manual"))
    return app


def test_a_cohort_that_partly_came_back_shows_the_rate_and_who_did_not(app):
    with app.session() as s:
        june, july = return_rates(s, store_id=None, first_month=JUNE, last_month=dt.date(2026, 7, 1),
                                  within_days=365)
        gone = not_returned(s, store_id=None, delivered_from=dt.date(2026, 6, 1), delivered_to=dt.date(2026, 6, 30))
    # June: 5 delivered; the transferred car and the re-delivered one are not eligible.
    assert (june.month, june.delivered, june.eligible) == ("2026-06", 5, 3)
    assert (june.returned, june.other_only, june.never) == (1, 1, 1)
    assert june.rate == pytest.approx(1 / 3, abs=1e-4)
    assert june.median_days_to_first == (dt.date(2026, 9, 1) - dt.date(2026, 6, 3)).days
    assert (july.eligible, july.returned, july.never, july.rate) == (1, 0, 1, 0.0)
    assert [(r.customer, r.vin, r.delivered_on) for r in gone] == [("未回", vin(3), dt.date(2026, 6, 20))]


def test_the_return_window_decides_what_counts(app):
    with app.session() as s:
        (june,) = return_rates(s, store_id=None, first_month=JUNE, last_month=JUNE, within_days=60)
    assert (june.returned, june.other_only, june.never) == (0, 2, 1)


def test_first_and_second_maintenance_and_their_intervals(app):
    with app.session() as s:
        rows = {m.delivered_on: m for m in maintenance_milestones(
            s, store_id=None, delivered_from=dt.date(2026, 6, 1), delivered_to=dt.date(2026, 9, 30))}
    first = rows[dt.date(2026, 6, 3)]
    assert (first.first_on, first.first_type, first.first_mileage) == (dt.date(2026, 9, 1), "first_maintenance", 5100)
    assert (first.second_on, first.second_type) == (dt.date(2027, 1, 5), "second_maintenance")
    assert (first.days_to_first, first.days_first_to_second) == (90, 126)
    repair = rows[dt.date(2026, 6, 10)]
    assert repair.first_on is None and repair.any_visit
    resold = rows[dt.date(2026, 9, 2)]  # the later delivery keeps its own first maintenance
    assert resold.days_to_first == 29
    assert dt.date(2026, 6, 28) not in rows and dt.date(2026, 6, 25) not in rows


def test_cohort_windows_are_the_manuals_months():
    assert cohort_window(dt.date(2026, 11, 15), 3, 5) == (dt.date(2026, 6, 1), dt.date(2026, 8, 31))
    assert cohort_window(dt.date(2026, 2, 1), 6, 8) == (dt.date(2025, 6, 1), dt.date(2025, 8, 31))


def test_the_anti_join_uses_the_cohort_indexes(app):
    """The not-returned query probes service_visit through (vehicle_id, intake_on), never a full scan of it."""
    from core.vehicle_history import not_returned_query

    stmt = not_returned_query(store_id=1, delivered_from=dt.date(2026, 6, 1), delivered_to=dt.date(2026, 8, 31))
    with app.db.engine.connect() as conn:
        compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
        plan = "\n".join(" ".join(map(str, r)) for r in conn.exec_driver_sql(prefix + str(compiled)))
    if conn.dialect.name == "sqlite":
        assert "ix_service_visit_vehicle_intake" in plan, plan
        assert "SCAN sv" not in plan, plan


def test_an_unknown_service_type_names_row_and_value_and_writes_nothing(app, tmp_path, run_cli):
    before = snapshot(app)
    rows = [["RO8", vin(8), "粤A00008", "甲", "13800000008", "2026-11-01", "100", "首保", "陈工", "0"],
            ["RO9", vin(9), "粤A00009", "乙", "13800000009", "2026-11-01", "100", "洗车美容", "陈工", "50"]]
    path = write_csv(tmp_path / "入库2.csv", VISIT_HEADER, rows)
    result = run_cli("import", "service-visits", str(path), user="li", ok=False)
    assert result.exit_code != 0
    assert "row 3, column 维修类型: unknown service type '洗车美容'" in result.output, result.output
    assert "nothing was imported" in result.output
    assert "Traceback" not in result.output
    assert snapshot(app) == before


def test_the_days_5k_and_10k_intakes(app):
    from core.vehicle_history import first_maintenance_counts

    with app.session() as s:
        assert first_maintenance_counts(s, store_id=None, day=dt.date(2026, 9, 1)) == {
            "first_maintenance": 1, "second_maintenance": 0}
        assert first_maintenance_counts(s, store_id=None, day=dt.date(2027, 1, 5)) == {
            "first_maintenance": 0, "second_maintenance": 1}
