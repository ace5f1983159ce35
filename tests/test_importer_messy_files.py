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
