"""Reading a kanban figures file (CSV or XLSX): headers decide whether it is the sales or the service input."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from core.errors import ValidationError

HEADERS = {
    "sales": {"日期": "day", "订车": "orders", "交车": "deliveries"},
    "service": {"日期": "day", "5K入库": "intakes_5k", "10K入库": "intakes_10k"},
}


def _table(path: Path) -> list[list[Any]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        return [list(r) for r in wb.active.iter_rows(values_only=True)]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [row for row in csv.reader(fh)]


def read_rows(name: str) -> list[tuple[int, str, dt.date, dict[str, int]]]:
    """(line, source, day, values) per data row; one clear line naming file, row and field on bad input."""
    path = Path(name)
    table = _table(path)
    if not table:
        raise ValidationError(f"{name}: the file is empty")
    header = [str(h or "").strip() for h in table[0]]
    source = next((s for s, cols in HEADERS.items() if set(cols) <= set(header)), None)
    if source is None:
        raise ValidationError(f"{name}: columns {', '.join(header)} are neither 日期,订车,交车 (销售) nor "
                              "日期,5K入库,10K入库 (售后)")
    cols = HEADERS[source]
    out = []
    for line, raw in enumerate(table[1:], start=2):
        if not any(str(c or "").strip() for c in raw):
            continue
        cells = dict(zip(header, raw))
        values: dict[str, int] = {}
        try:
            day_cell = cells["日期"]
            day = day_cell.date() if isinstance(day_cell, dt.datetime) else dt.date.fromisoformat(str(day_cell).strip())
        except ValueError:
            raise ValidationError(f"{name}, row {line}, 日期: {cells['日期']!r} is not a date like 2026-11-26") from None
        for label, key in cols.items():
            if key == "day":
                continue
            try:
                values[key] = int(str(cells[label]).strip())
            except ValueError:
                raise ValidationError(f"{name}, row {line}, {label}: {cells[label]!r} is not a whole number") from None
        out.append((line, source, day, values))
    return out
