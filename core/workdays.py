"""Dates as the dealership sees them: China Standard Time and the official working-day calendar.

This is the project's one calendar helper. The State Council's holiday notice
(with its adjusted working weekends, 调休) comes from the ``chinesecalendar``
package; a store, or the whole group, may override single days
(``crdesk calendar set``). For a year the package does not know yet, an admin
loads the notice when it is published (``crdesk calendar import``); until then
the year is *provisional*: Monday–Friday minus the statutory days off of the
national rules (:mod:`core.holiday_rules`), and each command that used such a
day says so once, in one line (:func:`provisional_message`).
"""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache

import chinese_calendar

from core import clock
from core.holiday_rules import statutory_holidays

CST = clock.STORE_TZ
WORKDAY, HOLIDAY = "workday", "holiday"
OVERRIDE_KINDS = (WORKDAY, HOLIDAY)
#: Where a day's status comes from (``WorkdayCalendar.source_of``).
OVERRIDE, OFFICIAL, NOTICE, PROVISIONAL = "override", "official", "notice", "provisional"

#: Years a provisional day was used in since :func:`reset_provisional_years` (the CLI warns once per command).
_provisional_used: set[int] = set()


def cst_now() -> dt.datetime:
    """Now in the store's time zone, from :mod:`core.clock`."""
    return clock.now()


def cst_today() -> dt.date:
    """Today in the store, from :mod:`core.clock`."""
    return clock.today()


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


def provisional_message(years: Iterable[int]) -> str:
    """The one line a command prints when it used a provisional calendar."""
    listed = "、".join(str(y) for y in sorted(set(years)))
    return (f"{listed} 年的国务院放假通知尚未载入，工作日按法定节假日规则推算（临时，不含调休）；"
            f"通知发布后请管理员用 `crdesk calendar import 文件` 载入")


def reset_provisional_years() -> None:
    _provisional_used.clear()


def provisional_years_used() -> set[int]:
    """Years whose provisional calendar was consulted since the last reset."""
    return set(_provisional_used)


def note_provisional(year: int) -> None:
    _provisional_used.add(year)


def provisional_is_workday(day: dt.date) -> bool:
    """Monday–Friday minus the statutory days off of the national rules (no 调休 known)."""
    return day.weekday() < 5 and day not in statutory_holidays(day.year)


def official_is_workday(day: dt.date) -> bool:
    """The State Council's calendar; the provisional rules for a year it does not cover."""
    if is_year_known(day.year):
        return bool(chinese_calendar.is_workday(day))
    note_provisional(day.year)
    return provisional_is_workday(day)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


class WorkdayCalendar:
    """The official calendar with one store's overrides applied (the store's own win over group-wide ones)."""

    def __init__(self, overrides: Mapping[dt.date, str] | None = None,
                 notice: Mapping[dt.date, str] | None = None, notice_notes: Mapping[dt.date, str] | None = None
                 ) -> None:
        self.overrides: dict[dt.date, str] = dict(overrides or {})
        #: days of an imported State Council notice (years ``chinesecalendar`` lacks)
        self.notice: dict[dt.date, str] = dict(notice or {})
        self.notice_years: set[int] = {d.year for d in self.notice}
        self.notice_notes: dict[dt.date, str] = dict(notice_notes or {})
        self.unknown_years: set[int] = set()

    @classmethod
    def load(cls, session: object, store_id: int | None = None) -> WorkdayCalendar:
        """The calendar of ``store_id`` (``None``: the group's) from the ``calendar_override`` table."""
        from sqlalchemy import or_, select
        from sqlalchemy.orm import Session

        from core.models.tasks import CalendarNotice, CalendarOverride

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
        notice: dict[dt.date, str] = {}
        notes: dict[dt.date, str] = {}
        for day, kind, note in session.execute(select(CalendarNotice.day, CalendarNotice.kind, CalendarNotice.note)):
            notice[day], notes[day] = kind, note
        return cls({**group, **own}, notice, notes)

    @classmethod
    def for_stores(cls, session: object, store_ids: Iterable[int]) -> dict[int, WorkdayCalendar]:
        return {sid: cls.load(session, sid) for sid in store_ids}

    def is_workday(self, day: dt.date) -> bool:
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == WORKDAY
        if is_year_known(day.year):
            return bool(chinese_calendar.is_workday(day))
        if day.year in self.notice_years:
            listed = self.notice.get(day)
            return listed == WORKDAY if listed is not None else day.weekday() < 5
        self.unknown_years.add(day.year)
        note_provisional(day.year)
        return provisional_is_workday(day)

    def source_of(self, day: dt.date) -> str:
        """Why ``day`` is what it is: override, official, notice (imported) or provisional (national rules)."""
        if day in self.overrides:
            return OVERRIDE
        if is_year_known(day.year):
            return OFFICIAL
        return NOTICE if day.year in self.notice_years else PROVISIONAL

    def is_provisional(self, day: dt.date) -> bool:
        return self.source_of(day) == PROVISIONAL

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
