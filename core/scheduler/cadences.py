"""Calendar cadences: the manual's "every morning", "Monday before 12:00", "by the 10th" … as data.

Each cadence answers one question: which occurrences (a period with the day
it opens and the day it is due) are open on a given day. Generation asks it
for every day it covers, so a missed morning is caught up and an occurrence
that opened before the first run still appears.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.workdays import WorkdayCalendar, month_bounds

WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Occurrence:
    """One due instance of a cadence: ``period`` names it in the task's idempotency key."""

    period: str
    opens_on: dt.date
    due_on: dt.date

    def active_on(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.due_on


def _clamp(year: int, month: int, day: int) -> dt.date:
    """Day ``day`` of the month, or its last day: "the 30th" is 28 February."""
    last = month_bounds(year, month)[1]
    return dt.date(year, month, min(day, last.day))


class Cadence:
    """Base of every calendar cadence."""

    def occurrences_around(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        """Occurrences that could be open on ``day`` (subclasses list those of ``day``'s month or week)."""
        raise TypeError(f"{type(self).__name__} must define occurrences_around")

    def active_on(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        return [o for o in self.occurrences_around(day, calendar) if o.active_on(day)]

    def describe(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class Daily(Cadence):
    """Every day, or every working day of the official calendar (with the store's overrides)."""

    workdays_only: bool = False

    def occurrences_around(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        if self.workdays_only and not calendar.is_workday(day):
            return []
        return [Occurrence(day.isoformat(), day, day)]

    def describe(self) -> str:
        return "每个工作日" if self.workdays_only else "每天"


@dataclass(frozen=True)
class Weekly(Cadence):
    """Every week on ``weekday`` (0 = Monday), due that day or on ``due_weekday`` of the same week."""

    weekday: int = 0
    due_weekday: int | None = None

    def occurrences_around(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        monday = day - dt.timedelta(days=day.weekday())
        opens = monday + dt.timedelta(days=self.weekday)
        due = monday + dt.timedelta(days=self.weekday if self.due_weekday is None else self.due_weekday)
        year, week, _ = opens.isocalendar()
        return [Occurrence(f"{year}-W{week:02d}", opens, max(opens, due))]

    def describe(self) -> str:
        return f"每周{WEEKDAYS_ZH[self.weekday][1]}"


@dataclass(frozen=True)
class MonthlyByDay(Cadence):
    """Due by day ``day`` of each month (the month's last day when shorter); open from the 1st."""

    day: int = 10

    def occurrences_around(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        first = day.replace(day=1)
        return [Occurrence(f"{day.year}-{day.month:02d}", first, _clamp(day.year, day.month, self.day))]

    def describe(self) -> str:
        return f"每月{self.day}日前"


@dataclass(frozen=True)
class DaysOfMonth(Cadence):
    """Due on several days a month (15th and 30th); each opens the day after the previous one is due."""

    days: tuple[int, ...] = (15, 30)

    def occurrences_around(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        out: list[Occurrence] = []
        opens = day.replace(day=1)
        for nominal in sorted(set(self.days)):
            due = _clamp(day.year, day.month, nominal)
            if due < opens:  # 29th and 30th both fall on 28 February: one occurrence
                continue
            out.append(Occurrence(due.isoformat(), opens, due))
            opens = due + dt.timedelta(days=1)
        return out

    def describe(self) -> str:
        return "每月" + "、".join(f"{d}日" for d in self.days)


@dataclass(frozen=True)
class MidMonthAndMonthEnd(DaysOfMonth):
    """The manual's 月中、月底: the 15th and the month's last day."""

    days: tuple[int, ...] = (15, 31)

    def describe(self) -> str:
        return "月中、月底"


@dataclass(frozen=True)
class FirstWorkdayOfMonth(Cadence):
    """The first working day of the month (after New Year, Spring Festival and National Day holidays)."""

    def occurrences_around(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        first = calendar.first_workday_of_month(day.year, day.month)
        return [Occurrence(f"{day.year}-{day.month:02d}", first, first)]

    def describe(self) -> str:
        return "每月第一个工作日"


@dataclass(frozen=True)
class LastDayOfMonth(Cadence):
    """The month's last calendar day; opens ``lead_days`` earlier so there is time to prepare."""

    lead_days: int = 0

    def occurrences_around(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        last = month_bounds(day.year, day.month)[1]
        return [Occurrence(f"{day.year}-{day.month:02d}", last - dt.timedelta(days=self.lead_days), last)]

    def describe(self) -> str:
        return "每月最后一天"


@dataclass(frozen=True)
class QuarterlyFirstMonth(Cadence):
    """Within the first month of each quarter (January, April, July, October), due by its last day."""

    def occurrences_around(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        quarter = (day.month - 1) // 3 + 1
        month = 3 * (quarter - 1) + 1
        start, end = month_bounds(day.year, month)
        return [Occurrence(f"{day.year}-Q{quarter}", start, end)]

    def describe(self) -> str:
        return "每季度第一个月"
