"""Importing DMS exports: formats, Chinese headers, idempotent re-imports, service visits, dry runs."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core import audit
from core.errors import PermissionDenied
from core.importer import run_import
from core.models import Customer, Delivery, ServiceVisit, Vehicle, VehicleOwnership
from tests.people_support import (
    DELIVERY_HEADER,
    VISIT_HEADER,
    delivery_rows,
    snapshot,
    store_app,
    vin,
    write_csv,
    write_xlsx,
)


@pytest.fixture
def app(make_app):
    return store_app(make_app)


def _count(app, model) -> int:
    with app.session() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_encoding_excel_writes_lands(app, tmp_path, encoding):
    path = write_csv(tmp_path / "交车明细.csv", DELIVERY_HEADER, delivery_rows(20), encoding=encoding)
    result = run_import(app, "deliveries", path)
    assert (result.rows, result.created, result.updated, result.unchanged) == (20, 20, 0, 0)
    with app.session() as s:
        d = s.scalars(select(Delivery).join(Vehicle).where(Vehicle.vin == vin(3))).one()
        assert d.customer.name == "张3" and d.customer.phone == "+8613812340003"
        assert d.vehicle.plate == "粤A00003" and d.vehicle.model == "凯美瑞"
        assert d.delivered_on == dt.date(2026, 10, 4) and d.sales_advisor == "王五"
        assert s.scalar(select(func.count()).select_from(VehicleOwnership)) == 20


def test_xlsx_with_native_dates_and_numbers(app, tmp_path):
    rows = [["李雷", 13900001111, vin(1), "粤B12345", "雷凌", dt.datetime(2026, 11, 20, 10, 30), "韩梅梅"]]
    path = write_xlsx(tmp_path / "交车明细.xlsx", DELIVERY_HEADER, rows)
    result = run_import(app, "deliveries", path)
    assert result.created == 1
    with app.session() as s:
        c = s.scalars(select(Customer)).one()
        assert c.phone == "+8613900001111"
        assert s.scalars(select(Delivery)).one().delivered_on == dt.date(2026, 11, 20)


def test_reimport_is_idempotent_and_changes_are_updates(app, tmp_path):
    path = write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(10))
    run_import(app, "deliveries", path)
    again = run_import(app, "deliveries", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    rows = delivery_rows(10)
    rows[0][6] = "赵六"
    changed = run_import(app, "deliveries", write_csv(tmp_path / "d2.csv", DELIVERY_HEADER, rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 9)
    assert _count(app, Delivery) == 10 and _count(app, Customer) == 10 and _count(app, Vehicle) == 10


def test_a_resold_vehicle_keeps_its_ownership_history(app, tmp_path):
    run_import(app, "deliveries", write_csv(tmp_path / "a.csv", DELIVERY_HEADER, delivery_rows(1)))
    resale = [["钱七", "13700000000", vin(0), "粤A99999", "凯美瑞", "2026-11-20", "王五"]]
    run_import(app, "deliveries", write_csv(tmp_path / "b.csv", DELIVERY_HEADER, resale))
    with app.session() as s:
        v = s.scalars(select(Vehicle)).one()
        assert v.owner.name == "钱七" and v.plate == "粤A99999"
        history = s.execute(select(VehicleOwnership.since, VehicleOwnership.until)
                            .order_by(VehicleOwnership.since)).all()
        assert history == [(dt.date(2026, 10, 1), dt.date(2026, 11, 20)), (dt.date(2026, 11, 20), None)]
    run_import(app, "deliveries", write_csv(tmp_path / "a.csv", DELIVERY_HEADER, delivery_rows(1)))
    with app.session() as s:
        assert s.scalars(select(Vehicle)).one().owner.name == "钱七", "an older file must not undo a resale"


def test_service_visits_map_dms_values_and_keep_unknown_vins(app, tmp_path):
    run_import(app, "deliveries", write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(1)))
    rows = [
        ["RO001", vin(0), "粤A00000", "张0", "13812340000", "2027-01-10", "5,123", "首保", "麦师傅", "0"],
        ["RO002", vin(0), "", "张0", "13812340000", "2027/06/01", "10100", "10K", "麦师傅", "¥568.00"],
        ["RO003", vin(77), "粤C88888", "孙八", "13655556666", "2027年03月02日", "30000km", "钣喷", "区师傅", "3,200.5"],
    ]
    path = write_csv(tmp_path / "入库.csv", VISIT_HEADER, rows)
    result = run_import(app, "service-visits", path)
    assert result.created == 3
    again = run_import(app, "service-visits", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    with app.session() as s:
        visits = {v.repair_order: v for v in s.scalars(select(ServiceVisit))}
        assert visits["RO001"].service_type == "first_maintenance" and visits["RO001"].mileage == 5123
        assert visits["RO002"].service_type == "second_maintenance" and visits["RO002"].amount == Decimal("568.00")
        stranger = visits["RO003"]
        assert stranger.service_type == "body_paint" and stranger.intake_on == dt.date(2027, 3, 2)
        assert stranger.customer.name == "孙八" and stranger.vehicle.owner_id == stranger.customer_id
        assert stranger.customer.store_id == stranger.vehicle.store_id


def test_a_store_can_map_its_own_service_type_values(app, run_cli, tmp_path):
    rows = [["RO9", vin(5), "", "周九", "13512345678", "2027-02-02", "800", "保养套餐A", "", ""]]
    path = write_csv(tmp_path / "v.csv", VISIT_HEADER, rows)
    failed = run_cli("import", "service-visits", str(path), user="li", ok=False)
    assert failed.exit_code == 2 and "unknown service type '保养套餐A'" in failed.output
    run_cli("service-types", "map", "保养套餐A", "regular_maintenance", user="li")
    run_cli("import", "service-visits", str(path), user="li")
    with app.session() as s:
        assert s.scalars(select(ServiceVisit)).one().service_type == "regular_maintenance"


def test_dry_run_reports_counts_and_writes_nothing(app, tmp_path, run_cli):
    path = write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(5))
    before = snapshot(app)
    out = run_cli("import", "deliveries", str(path), "--dry-run", "--json", user="li")
    summary = json.loads(out.output)
    assert summary["ok"] and summary["dry_run"] and summary["created"] == 5 and summary["rows"] == 5
    assert snapshot(app) == before


def test_import_is_audited_with_the_file_hash(app, tmp_path):
    path = write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(3))
    run_import(app, "deliveries", path)
    with app.session() as s:
        entry = audit.entries(s, entity="delivery")[0]
        assert entry.actor == "li" and entry.action == "import"
        assert entry.after["created"] == 3 and len(entry.after["sha256"]) == 64
        assert audit.verify(s) == []


def test_a_role_without_the_right_is_refused(app, tmp_path, run_cli):
    path = write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(2))
    follow_up = type(app)(app.db.url, acting_user="zhao")
    with pytest.raises(PermissionDenied, match="may not create delivery"):
        run_import(follow_up, "deliveries", path)
    follow_up.db.dispose()
    out = run_cli("import", "deliveries", str(path), user="zhao", ok=False)
    assert out.exit_code == 3 and "Traceback" not in out.output and "may not create delivery" in out.output


def test_records_imported_hook_receives_the_new_ids(app, tmp_path):
    from core import hookimpl

    seen: list[tuple[str, list[int]]] = []

    class Listener:
        @hookimpl
        def on_records_imported(self, app, session, kind, record_ids):
            seen.append((kind, list(record_ids)))

    app.host.pm.register(Listener(), name="listener")
    run_import(app, "deliveries", write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(4)))
    with app.session() as s:
        ids = sorted(s.scalars(select(Delivery.id)))
    assert seen == [("deliveries", ids)]


def test_customers_kind_matches_on_phone(app, tmp_path):
    header = ["客户编号", "客户名称", "联系电话", "联系地址"]
    rows = [["C001", "王小明", "139 0000 0001", "广州市海珠区江南大道1号"], ["C002", "刘小红", "13900000002", ""]]
    first = run_import(app, "customers", write_csv(tmp_path / "c.csv", header, rows))
    rows[1][3] = "广州市黄埔区科学大道2号"
    second = run_import(app, "customers", write_csv(tmp_path / "c2.csv", header, rows))
    assert (first.created, second.updated, second.unchanged) == (2, 1, 1)


def test_progress_follows_the_file_to_its_end(app, tmp_path):
    path = write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(12))
    seen: list[tuple[int, int]] = []
    run_import(app, "deliveries", path, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (path.stat().st_size, path.stat().st_size)
