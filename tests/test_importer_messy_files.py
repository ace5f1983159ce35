"""Messy DMS files: huge cells, over-long values, Excel serial dates, title rows, odd dates."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from core.errors import ValidationError
from core.importer import run_import
from core.models import Customer, Delivery
from tests.people_support import DELIVERY_HEADER, delivery_rows, snapshot, store_app, write_csv, write_xlsx


@pytest.fixture
def app(make_app):
    return store_app(make_app)


def _refused(app, path, *fragments):
    before = snapshot(app)
    with pytest.raises(ValidationError) as info:
        run_import(app, "deliveries", path)
    for fragment in fragments:
        assert fragment in str(info.value), str(info.value)
    assert "Traceback" not in str(info.value) and snapshot(app) == before


def _delivered(app):
    with app.session() as s:
        return sorted(s.scalars(select(Delivery.delivered_on)))


def test_a_cell_over_128_kb_is_one_line(app, tmp_path):
    rows = delivery_rows(3)
    rows[1][6] = "王" * (130 * 1024)
    _refused(app, write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows), "d.csv: row 3", "larger than 128 KB")


def test_values_longer_than_the_column_are_refused_the_same_on_every_backend(app, tmp_path):
    rows = delivery_rows(2)
    rows[1][0] = "欧阳" * 31  # 62 characters; the name column holds 60
    _refused(app, write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows),
             "d.csv: row 3, column 客户姓名: longer than 60 characters")


def test_excel_serial_dates_in_csv_text_and_xlsx_number_cells(app, tmp_path):
    rows = delivery_rows(2)
    rows[0][5] = "46296"  # 2026-10-01 as Excel stores it, pasted into a CSV
    run_import(app, "deliveries", write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows))
    xlsx_rows = delivery_rows(1, start=5)
    xlsx_rows[0][5] = 46300  # a number cell without a date format
    run_import(app, "deliveries", write_xlsx(tmp_path / "d.xlsx", DELIVERY_HEADER, xlsx_rows))
    assert _delivered(app) == [dt.date(2026, 10, 1), dt.date(2026, 10, 2), dt.date(2026, 10, 5)]


def test_a_title_row_and_a_merged_two_level_header_are_skipped(app, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["《交车明细表》 2026年10月"])
    sheet.append(["客户信息", None, "车辆信息", None, None, "交车", None])
    sheet.append(["客户姓名", "手机号码", "车架号", "车牌号", "车型", "交车日期", "销售顾问"])
    sheet.merge_cells("A2:B2")
    for row in delivery_rows(3):
        sheet.append(row)
    book.save(tmp_path / "交车.xlsx")
    result = run_import(app, "deliveries", tmp_path / "交车.xlsx")
    assert (result.rows, result.created) == (3, 3)
    two_level = ["客户姓名", "", "车架号", "", "", "交车日期", ""]
    lower = ["", "手机号码", "", "车牌号", "车型", "", "销售顾问"]  # 客户姓名 etc. merged down from the upper row
    path = tmp_path / "two.csv"
    path.write_text("\n".join(",".join(r) for r in [two_level, lower, *delivery_rows(2, start=7)]) + "\n",
                    encoding="utf-8")
    assert run_import(app, "deliveries", path).created == 2
    with app.session() as s:
        assert s.scalar(select(Customer.name).where(Customer.name == "张7")) == "张7"


def test_dates_before_1990_are_refused_and_future_ones_imported_with_a_warning(app, tmp_path, run_cli):
    rows = delivery_rows(2)
    rows[1][5] = "1899-12-31"
    _refused(app, write_csv(tmp_path / "old.csv", DELIVERY_HEADER, rows), "row 3, column 交车日期",
             "is before 1990")
    rows = delivery_rows(2)
    rows[1][5] = "2026-12-24"  # today is 2026-11-27
    out = run_cli("import", "deliveries", str(write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows)))
    assert ("warning: d.csv: 1 row(s) with 交车日期 after today 2026-11-27 (first: row 3, 2026-12-24); "
            "imported as written") in out.output
    assert dt.date(2026, 12, 24) in _delivered(app)


def _imported(app, path, **kw):
    result = run_import(app, "deliveries", path, **kw)
    return result.created, result.updated, result.unchanged


def test_a_changed_plate_or_model_counts_as_updated_also_in_a_dry_run(app, tmp_path):
    rows = delivery_rows(3)
    run_import(app, "deliveries", write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows))
    rows[0][3] = "粤A99999"  # new plate
    rows[1][4] = "雷凌"  # corrected model
    changed = write_csv(tmp_path / "d2.csv", DELIVERY_HEADER, rows)
    assert _imported(app, changed, dry_run=True) == (0, 2, 1)
    assert _imported(app, changed) == (0, 2, 1)
    assert _imported(app, changed) == (0, 0, 3)


def test_name_and_address_changes_are_applied_or_reported_never_dropped(app, tmp_path, run_cli):
    header = [*DELIVERY_HEADER, "联系地址"]
    rows = [[*r, "广州市天河区体育西路 1 号"] for r in delivery_rows(2)]
    run_import(app, "deliveries", write_csv(tmp_path / "d.csv", header, rows))
    rows[0][7] = "广州市越秀区中山五路 8 号"  # moved house: applied
    rows[1][0] = "张一一"  # another name on the same phone: reported, not merged
    result = run_import(app, "deliveries", write_csv(tmp_path / "d2.csv", header, rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    with app.session() as s:
        assert s.scalar(select(Customer.address).where(Customer.name == "张0")) == "广州市越秀区中山五路 8 号"
        assert s.scalar(select(Customer.name).where(Customer.name == "张一一")) is None
    assert result.warnings == ["row 3: 138****0001 belongs to customer 张1 (#2), the file says 张一一: kept 张1; "
                               "change the name with the customer's record if it is wrong"]


def test_two_names_with_one_phone_in_a_file_are_reported(app, tmp_path, run_cli):
    rows = delivery_rows(2)
    rows[1][1] = rows[0][1]  # 张1 given 张0's phone
    out = run_cli("import", "deliveries", str(write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows)))
    assert "warning: row 3: 138****0000 is 张0 in row 2 and 张1 here: imported for 张0" in out.output
    assert "13812340000" not in out.output
