"""``--period`` strings → a date range in China Standard Time, in one place.

Accepted forms (the kind is recognised from the shape):

==========================  ========  ===============================
``2026-10-05``              day
``2026-W45``                week      ISO week, Monday to Sunday
``2026-10``                 month
``2026-Q4``                 quarter
``2026-10-01..2026-10-15``  range     both ends included
==========================  ========  ===============================
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core import clock
from core.errors import ValidationError

CST = clock.STORE_TZ
QUARTER_ZH = ("一", "二", "三", "四")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_RANGE = re.compile(r"^([^.]+)\.\.([^.]+)$")

EXAMPLES = "2026-10-05, 2026-W45, 2026-10, 2026-Q4, 2026-10-01..2026-10-15 or 2026-07..2026-09"


@dataclass(frozen=True)
class Period:
    """Days ``start``..``end`` (both included) as the store's staff count them (CST)."""

    kind: str
    start: dt.date
    end: dt.date

    @property
    def code(self) -> str:
        """The canonical ``--period`` string; parsing it gives this period back."""
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label_zh(self) -> str:
        """How the period is printed on a report, e.g. ``2026年10月``."""
        s, e = self.start, self.end
        if self.kind == "day":
            return f"{s.year}年{s.month}月{s.day}日"
        if self.kind == "week":
            year, week, _ = s.isocalendar()
            return f"{year}年第{week}周（{s.month}月{s.day}日—{e.month}月{e.day}日）"
        if self.kind == "month":
            return f"{s.year}年{s.month}月"
        if self.kind == "quarter":
            return f"{s.year}年第{QUARTER_ZH[(s.month - 1) // 3]}季度"
        return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_at(self) -> dt.datetime:
        """First instant of the period (aware, CST midnight) for ``>=`` queries."""
        return dt.datetime.combine(self.start, dt.time(), CST)

    @property
    def end_before(self) -> dt.datetime:
        """First instant after the period, for ``<`` queries."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), CST)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def as_range(self) -> Period:
        return Period("range", self.start, self.end)


def _date(text: str, original: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"--period {original!r}: {text!r} is not a real date") from None


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def parse_period(text: str) -> Period:
    """Parse a ``--period`` string; a malformed one raises :class:`ValidationError` with examples."""
    raw = text.strip()
    if m := _DAY.match(raw):
        day = _date(raw, text)
        return Period("day", day, day)
    if m := _WEEK.match(raw):
        year, week = int(m[1]), int(m[2])
        try:
            monday = dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValidationError(f"--period {text!r}: {year} has no ISO week {week}") from None
        return Period("week", monday, monday + dt.timedelta(days=6))
    if m := _QUARTER.match(raw):
        year, q = int(m[1]), int(m[2])
        return Period("quarter", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    if m := _MONTH.match(raw):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12 or year < 1:
            raise ValidationError(f"--period {text!r}: month must be 01..12")
        return Period("month", dt.date(year, month, 1), _month_end(year, month))
    if m := _RANGE.match(raw):
        # each end is a day, week, month or quarter: 2026-07..2026-09 is July to September
        start, end = parse_period(m[1].strip()).start, parse_period(m[2].strip()).end
        if end < start:
            raise ValidationError(f"--period {text!r}: the range ends before it starts")
        return Period("range", start, end)
    raise ValidationError(f"--period {text!r} is not a period; use one of {EXAMPLES}")


def period_for(kind: str, text: str | None, *, today: dt.date | None = None) -> Period:
    """The period a report of ``kind`` runs for.

    ``text`` None means the last complete period (yesterday, last week, last
    month, last quarter) in CST. A ``range`` report accepts any form; other
    kinds need their own form, so a monthly report is never run for one week
    by mistake.
    """
    if text is None:
        today = today or clock.today()
        return last_complete(kind, today)
    period = parse_period(text)
    if kind == "range":
        return period.as_range()
    if period.kind != kind:
        example = last_complete(kind, dt.date(2026, 11, 20)).code
        raise ValidationError(f"this report is a {kind} report: give --period like {example}, not {text!r}")
    return period


def last_complete(kind: str, today: dt.date) -> Period:
    if kind == "day" or kind == "range":
        y = today - dt.timedelta(days=1)
        return Period(kind, y, y)
    if kind == "week":
        monday = today - dt.timedelta(days=today.weekday() + 7)
        return Period("week", monday, monday + dt.timedelta(days=6))
    if kind == "month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return Period("month", end.replace(day=1), end)
    if kind == "quarter":
        q_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = q_start - dt.timedelta(days=1)
        return Period("quarter", dt.date(end.year, end.month - 2, 1), end)
    raise ValidationError(f"unknown period kind {kind!r}")


def containing(kind: str, day: dt.date) -> Period:
    """The ``kind`` period that ``day`` falls in (this week, this month …), for "so far" listings."""
    if kind in ("day", "range"):
        return Period(kind, day, day)
    if kind == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return Period("week", monday, monday + dt.timedelta(days=6))
    if kind == "month":
        return Period("month", day.replace(day=1), _month_end(day.year, day.month))
    if kind == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        return Period("quarter", dt.date(day.year, first, 1), _month_end(day.year, first + 2))
    raise ValidationError(f"unknown period kind {kind!r}")
