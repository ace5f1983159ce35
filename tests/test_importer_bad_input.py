"""Bad DMS files: each names file, row, column and value, and leaves the database exactly as it was."""
from __future__ import annotations

import json

import pytest

from core.errors import ValidationError
from core.importer import ImportFailed, run_import
from tests.people_support import DELIVERY_HEADER, delivery_rows, snapshot, store_app, vin, write_csv, write_xlsx


@pytest.fixture
def app(make_app, tmp_path):
    app = store_app(make_app)
    run_import(app, "deliveries", write_csv(tmp_path / "earlier.csv", DELIVERY_HEADER, delivery_rows(3)))
    return app


def _fails(app, path, *fragments, encoding="auto"):
    before = snapshot(app)
    with pytest.raises(ValidationError) as info:
        run_import(app, "deliveries", path, encoding=encoding)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    assert snapshot(app) == before
    return info.value


def test_missing_header_names_the_columns_expected(app, tmp_path):
    header = ["客户姓名", "手机号码", "车牌号", "车型", "交车日期"]
    path = write_csv(tmp_path / "d.csv", header, [["张三", "13800000000", "粤A1", "雷凌", "2026-11-01"]])
    _fails(app, path, "d.csv", "row 1", "missing column(s) 车架号")


def test_wrong_headers_list_what_was_found(app, tmp_path):
    path = write_csv(tmp_path / "d.csv", ["名字", "号码"], [["张三", "13800000000"]])
    _fails(app, path, "headers found: 名字, 号码")


def test_empty_file(app, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    _fails(app, path, "empty.csv", "is empty")


@pytest.mark.parametrize("column, value, message", [
    (5, "2026-13-45", "交车日期"),
    (5, "昨天", "not a date"),
    (2, vin(9)[:8] + ("0" if vin(9)[8] != "0" else "1") + vin(9)[9:], "check digit"),
    (1, "1381234", "not a valid phone number"),
])
def test_a_bad_cell_names_row_column_and_value(app, tmp_path, column, value, message):
    rows = delivery_rows(4, start=10)
    rows[2][column] = value
    error = _fails(app, write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows), "d.csv: row 4", message, repr(value))
    assert isinstance(error, ImportFailed) and error.result.errors[0].column == DELIVERY_HEADER[column]


def test_every_bad_row_is_listed_not_just_the_first(app, tmp_path):
    rows = delivery_rows(6, start=20)
    rows[1][5] = "x"
    rows[4][1] = "12"
    error = _fails(app, write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows), "row 3", "row 6", "2 problem(s)")
    assert [e.row for e in error.result.errors] == [3, 6]


def test_a_missing_required_value(app, tmp_path):
    rows = delivery_rows(2, start=30)
    rows[0][2] = ""
    _fails(app, write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows), "row 2, column 车架号: is empty")


def test_duplicate_key_inside_one_batch(app, tmp_path):
    rows = delivery_rows(3, start=40)
    rows.append(list(rows[0]))
    _fails(app, write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows), "row 5", "same key as row 2")


def test_duplicate_key_across_batches(app, tmp_path):
    rows = delivery_rows(5002, start=100)
    rows.append(list(rows[1]))
    _fails(app, write_csv(tmp_path / "big.csv", DELIVERY_HEADER, rows), "row 5004", "same key as row 3")


def test_not_a_csv_or_xlsx_file(app, tmp_path):
    pdf = tmp_path / "交车明细.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    _fails(app, pdf, "is not a CSV or XLSX file")
    fake = tmp_path / "交车明细.xlsx"
    fake.write_text("客户姓名,手机号码\n")
    _fails(app, fake, "not an Excel workbook")
    binary = tmp_path / "d.csv"
    binary.write_bytes(b"\x00\x01\x02PK")
    _fails(app, binary, "not a text (CSV) file")
    old = tmp_path / "d.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0rest")
    _fails(app, old, "old Excel .xls")


def test_gb18030_read_as_utf8_says_so(app, tmp_path):
    path = write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(3, start=50), encoding="gb18030")
    _fails(app, path, "not valid utf-8", "GB18030", encoding="utf-8")


def test_bad_xlsx_row(app, tmp_path):
    rows = [["李雷", "13900001111", "NOTAVIN", "粤B1", "雷凌", "2026-11-20", "韩梅梅"]]
    _fails(app, write_xlsx(tmp_path / "d.xlsx", DELIVERY_HEADER, rows), "d.xlsx: row 2, column 车架号")


def test_cli_prints_the_report_without_traceback_and_json_lists_errors(app, tmp_path, run_cli):
    rows = delivery_rows(2, start=60)
    rows[1][5] = "bad"
    path = write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows)
    out = run_cli("import", "deliveries", str(path), user="li", ok=False)
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "d.csv: row 3, column 交车日期: not a date" in out.output
    js = run_cli("import", "deliveries", str(path), "--json", user="li", ok=False)
    data = json.loads(js.stdout)
    assert data["ok"] is False and data["errors"][0]["row"] == 3 and data["errors"][0]["value"] == "bad"
