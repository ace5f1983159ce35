"""A report's data as CSV that Chinese Excel opens correctly: UTF-8 with a BOM, CRLF lines.

Without the BOM, Excel on a Chinese Windows reads the file as GBK and shows
mojibake. Several tables follow one another, each under its title line.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from core.formula_guard import neutralise
from core.reports.environment import format_cell
from core.reports.spec import columns

BOM = "\ufeff"


def csv_value(value: Any, type_: str) -> str:
    """The cell's text; text that would run as a formula is neutralised (:mod:`core.formula_guard`)."""
    if value is None:
        return ""
    text = str(value) if type_ in ("int", "decimal") else format_cell(value, type_)
    return str(neutralise(text)) if isinstance(value, str) else text


def csv_bytes(data: Mapping[str, Any]) -> bytes:
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\r\n")
    tables = list(data.get("tables", []))
    for i, table in enumerate(tables):
        cols = columns(table)
        if len(tables) > 1:
            if i:
                writer.writerow([])
            writer.writerow([neutralise(str(table.get("title", "")))])
        writer.writerow([neutralise(str(c["label"])) for c in cols])
        writer.writerows([csv_value(row.get(c["key"]), c["type"]) for c in cols] for row in table["rows"])
    return buf.getvalue().encode("utf-8")
