"""Dates as the dealership sees them: China Standard Time and the official working-day calendar.

This is the project's one calendar helper. The State Council's holiday notice
(with its adjusted working weekends, 调休) comes from the ``chinesecalendar``
package; a store, or the whole group, may override single days
(``crdesk calendar set``). For a year the package does not know yet, crdesk
says so loudly and falls back to Monday–Friday plus the overrides.
"""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
import logging
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar

CST = ZoneInfo("Asia/Shanghai")
WORKDAY, HOLIDAY = "workday", "holiday"
OVERRIDE_KINDS = (WORKDAY, HOLIDAY)

log = logging.getLogger(__name__)
_logged_years: set[int] = set()


class UnknownYearWarning(UserWarning):
    """The official calendar for this year is not in the installed ``chinesecalendar``."""


def cst_now() -> dt.datetime:
    return dt.datetime.now(CST)


def cst_today() -> dt.date:
    return cst_now().date()


def cst_datetime(day: dt.date, at: dt.time = dt.time(0, 0)) -> dt.datetime:
    """``day`` at ``at`` o'clock in Guangzhou, as an aware datetime."""
    return dt.datetime.combine(day, at, tzinfo=CST)


def cst_date(moment: dt.datetime) -> dt.date:
    """The calendar day in Guangzhou of an aware datetime."""
    return moment.astimezone(CST).date()


@lru_cache(maxsize=1)
def known_years() -> range:
    """The years whose official holiday notice the installed ``chinesecalendar`` carries."""
    years = [d.year for d in chinese_calendar.constants.holidays]
    return range(min(years), max(years) + 1)


def is_year_known(year: int) -> bool:
    return year in known_years()


def unknown_year_message(year: int) -> str:
    return (f"the official working-day calendar for {year} is not known to chinesecalendar "
            f"{getattr(chinese_calendar, '__version__', '?')} (it knows {known_years().start}–"
            f"{known_years().stop - 1}): using Monday–Friday plus this store's overrides; "
            f"upgrade chinesecalendar or set the holiday notice with `crdesk calendar set`")


def _warn_unknown(year: int) -> None:
    """A Python warning every time (the warnings filter decides what is shown), a log line once per year."""
    message = unknown_year_message(year)
    if year not in _logged_years:
        _logged_years.add(year)
        log.warning(message)
    warnings.warn(message, UnknownYearWarning, stacklevel=3)


def official_is_workday(day: dt.date) -> bool:
    """The State Council's calendar; Monday–Friday (with a loud warning) for a year it does not cover."""
    if is_year_known(day.year):
        return bool(chinese_calendar.is_workday(day))
    _warn_unknown(day.year)
    return day.weekday() < 5


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


class WorkdayCalendar:
    """The official calendar with one store's overrides applied (the store's own win over group-wide ones)."""

    def __init__(self, overrides: Mapping[dt.date, str] | None = None) -> None:
        self.overrides: dict[dt.date, str] = dict(overrides or {})
        self.unknown_years: set[int] = set()

    @classmethod
    def load(cls, session: object, store_id: int | None = None) -> WorkdayCalendar:
        """The calendar of ``store_id`` (``None``: the group's) from the ``calendar_override`` table."""
        from sqlalchemy import or_, select
        from sqlalchemy.orm import Session

        from core.models.tasks import CalendarOverride

        assert isinstance(session, Session)
        stmt = select(CalendarOverride.day, CalendarOverride.kind, CalendarOverride.store_id)
        if store_id is None:
            stmt = stmt.where(CalendarOverride.store_id.is_(None))
        else:
            stmt = stmt.where(or_(CalendarOverride.store_id.is_(None), CalendarOverride.store_id == store_id))
        group: dict[dt.date, str] = {}
        own: dict[dt.date, str] = {}
        for day, kind, sid in session.execute(stmt):
            (group if sid is None else own)[day] = kind
        return cls({**group, **own})

    @classmethod
    def for_stores(cls, session: object, store_ids: Iterable[int]) -> dict[int, WorkdayCalendar]:
        return {sid: cls.load(session, sid) for sid in store_ids}

    def is_workday(self, day: dt.date) -> bool:
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == WORKDAY
        if not is_year_known(day.year):
            self.unknown_years.add(day.year)
        return official_is_workday(day)

    def source_of(self, day: dt.date) -> str:
        """Why ``day`` is what it is: override, official, or fallback (unknown year)."""
        if day in self.overrides:
            return "override"
        return "official" if is_year_known(day.year) else "fallback Mon–Fri"

    def next_workday(self, day: dt.date, *, include: bool = False) -> dt.date:
        """The first working day after ``day`` (or ``day`` itself when ``include`` and it is one)."""
        current = day if include else day + dt.timedelta(days=1)
        for _ in range(366):
            if self.is_workday(current):
                return current
            current += dt.timedelta(days=1)
        raise ValueError(f"no working day within a year after {day}")

    def previous_workday(self, day: dt.date, *, include: bool = False) -> dt.date:
        current = day if include else day - dt.timedelta(days=1)
        for _ in range(366):
            if self.is_workday(current):
                return current
            current -= dt.timedelta(days=1)
        raise ValueError(f"no working day within a year before {day}")

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """``n`` working days after ``day`` (N+3 working days); ``n == 0`` is ``day`` itself."""
        current = day
        step = 1 if n >= 0 else -1
        for _ in range(abs(n)):
            current = self.next_workday(current) if step > 0 else self.previous_workday(current)
        return current

    def first_workday_of_month(self, year: int, month: int) -> dt.date:
        return self.next_workday(dt.date(year, month, 1), include=True)

    def last_workday_of_month(self, year: int, month: int) -> dt.date:
        return self.previous_workday(month_bounds(year, month)[1], include=True)
