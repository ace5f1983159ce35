"""Reading single cells the way DMS exports write them: dates, numbers, money, phones, VINs."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from core.phones import normalise_phone
from core.vin import normalise_vin

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
#: Excel's day 0 (its serial numbers count days from here, 1900 leap-year bug included).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: DMS records before this are typing mistakes, not history (documented in docs/importing.md).
EARLIEST = dt.date(1990, 1, 1)


def text(value: Any) -> str:
    """A cell as trimmed text; whole floats from Excel lose their ``.0``."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


parse_text = text


def _any_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value))
    raw = text(value)
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    if _SERIAL.fullmatch(raw):  # an Excel date number that reached a CSV as text (46000 = 2025-12-09)
        return _serial(float(raw))
    m = _DATE.fullmatch(raw) or _COMPACT_DATE.fullmatch(raw)
    if m is None:
        raise ValueError("not a date (write it as 2026-11-25)")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError("no such day in the calendar") from None


def _serial(number: float) -> dt.date:
    """An Excel serial day number (a number-formatted date cell) as a date."""
    if not 1 <= number < 2958466:
        raise ValueError("not a date (write it as 2026-11-25)")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def parse_date(value: Any) -> dt.date:
    """A DMS date: refused before 1990 (a typing mistake); a day after today is warned about by the runner."""
    day = _any_date(value)
    if day < EARLIEST:
        raise ValueError(f"{day} is before {EARLIEST.year}: check the year")
    return day


def parse_int(value: Any) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = re.sub(r"(?i)[,\s]|km|公里", "", text(value))
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError("not a whole number") from None
    if number != number.to_integral_value() or number < 0:
        raise ValueError("not a whole non-negative number")
    return int(number)


def parse_amount(value: Any) -> Decimal:
    if isinstance(value, (int, float)):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    raw = re.sub(r"[,\s¥￥元]", "", text(value))
    try:
        return Decimal(raw).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError("not an amount of money") from None


def parse_phone(value: Any) -> str:
    return normalise_phone(text(value))


def parse_vin(value: Any) -> str:
    return normalise_vin(text(value))
