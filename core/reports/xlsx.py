"""A report's data as an Excel workbook a manager can filter: one sheet per table.

Cells keep their types (numbers, dates, percentages) so Excel can sum and
sort them; the header row is bold, frozen and filterable; widths follow the
content (a Chinese character counts as two).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.formula_guard import neutralise
from core.reports.environment import mask_phone
from core.reports.periods import CST
from core.reports.spec import columns

FORMATS = {"int": "#,##0", "decimal": "#,##0.00", "percent": "0.0%", "date": "yyyy-mm-dd",
           "datetime": "yyyy-mm-dd hh:mm"}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def excel_value(value: Any, type_: str) -> Any:
    """A Python value as openpyxl should store it for a column of ``type_`` (text never as a formula)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and type_ not in ("int", "decimal", "percent", "phone"):
        return neutralise(value)
    if type_ == "int":
        return int(value)
    if type_ == "phone":
        return mask_phone(str(value))
    if type_ in ("decimal", "percent"):
        return float(value) if isinstance(value, Decimal) else value
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return aware.astimezone(CST).replace(tzinfo=None)  # Excel has no time zones: CST as staff read it
    return value


def sheet_title(title: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("", title).strip() or "表"
    base = base[:31]
    name, n = base, 2
    while name in taken:
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def workbook_bytes(title: str, data: Mapping[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF6")
    tables = list(data.get("tables", []))
    figures = list(data.get("figures", []))
    if figures:
        ws = wb.create_sheet(sheet_title("关键指标", taken))
        ws.append(["指标", "数值", "计算方法"])
        for f in figures:
            ws.append([neutralise(str(f["label"])), excel_value(f["value"], f.get("type", "text")),
                       neutralise(f.get("formula", ""))])
            if f.get("type") in FORMATS:
                ws.cell(ws.max_row, 2).number_format = FORMATS[f["type"]]
        _finish(ws, [12, 14, 40], bold, fill, get_column_letter)
    for table in tables or [{"title": title, "columns": [], "rows": []}]:
        ws = wb.create_sheet(sheet_title(str(table.get("title") or title), taken))
        cols = columns(table)
        ws.append([neutralise(c["label"]) for c in cols])
        widths = [display_width(c["label"]) for c in cols]
        for row in table["rows"]:
            values = [excel_value(row.get(c["key"]), c["type"]) for c in cols]
            ws.append(values)
            for i, v in enumerate(values):
                if v is not None:
                    widths[i] = max(widths[i], display_width(str(v)) if not isinstance(v, dt.date) else 16)
        for i, c in enumerate(cols, start=1):
            fmt = FORMATS.get(c["type"])
            if fmt:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = fmt
        _finish(ws, widths, bold, fill, get_column_letter)
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _finish(ws: Any, widths: list[int], bold: Any, fill: Any, get_column_letter: Any) -> None:
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    ws.freeze_panes = "A2"
    if ws.max_column and widths:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(ws.max_row, 1)}"
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 6), 60)
