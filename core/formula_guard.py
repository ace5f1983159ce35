"""Spreadsheet formula injection (OWASP "CSV injection"): the one helper every XLSX and CSV export uses.

A customer's name or a complaint text that starts with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return, which Excel strips before reading one of
those) would run as a formula when a manager opens the export. Such text gets
a leading apostrophe, which Excel shows as text and never evaluates. Numbers
are not text and are left alone, so ``-5`` stays a negative number.
"""
from __future__ import annotations

from typing import Any

#: First characters that make Excel, LibreOffice or WPS read a cell as a formula.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text starting with a formula trigger; anything else unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value
