"""The working-day calendar against the State Council's 2025 and 2026 holiday notices, overrides and fallback."""
from __future__ import annotations

import datetime as dt

import pytest

from core.workdays import (WorkdayCalendar, cst_datetime, known_years, provisional_years_used,
                           reset_provisional_years)

D = dt.date

# First working day of each month, read off the State Council notices for 2025 and 2026.
FIRST_WORKDAYS = {
    2025: [D(2025, 1, 2), D(2025, 2, 5), D(2025, 3, 3), D(2025, 4, 1), D(2025, 5, 6), D(2025, 6, 3),
           D(2025, 7, 1), D(2025, 8, 1), D(2025, 9, 1), D(2025, 10, 9), D(2025, 11, 3), D(2025, 12, 1)],
    2026: [D(2026, 1, 4), D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 1), D(2026, 5, 6), D(2026, 6, 1),
           D(2026, 7, 1), D(2026, 8, 3), D(2026, 9, 1), D(2026, 10, 8), D(2026, 11, 2), D(2026, 12, 1)],
}
# Weekends that are working days (调休上班).
ADJUSTED_WORKING_WEEKENDS = [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11),
                             D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
                             D(2026, 10, 10)]
# Weekdays that are holidays.
WEEKDAY_HOLIDAYS = [D(2025, 1, 1), D(2025, 1, 28), D(2025, 2, 4), D(2025, 4, 4), D(2025, 5, 5), D(2025, 6, 2),
                    D(2025, 10, 8), D(2026, 1, 2), D(2026, 2, 16), D(2026, 2, 23), D(2026, 4, 6), D(2026, 5, 5),
                    D(2026, 6, 19), D(2026, 9, 25), D(2026, 10, 7)]


@pytest.mark.parametrize("year", [2025, 2026])
def test_first_working_day_of_every_month_matches_the_notice(year: int) -> None:
    cal = WorkdayCalendar()
    assert [cal.first_workday_of_month(year, m) for m in range(1, 13)] == FIRST_WORKDAYS[year]


def test_adjusted_working_weekends_are_workdays_and_holidays_are_not() -> None:
    cal = WorkdayCalendar()
    for day in ADJUSTED_WORKING_WEEKENDS:
        assert day.weekday() >= 5 and cal.is_workday(day), day
    for day in WEEKDAY_HOLIDAYS:
        assert day.weekday() < 5 and not cal.is_workday(day), day
    # The only adjusted working weekends of the two years are those of the notices.
    weekends = [D(2025, 1, 1) + dt.timedelta(days=i) for i in range(730)]
    assert [d for d in weekends if d.weekday() >= 5 and cal.is_workday(d)] == ADJUSTED_WORKING_WEEKENDS


def test_working_days_count_across_spring_festival_and_national_day() -> None:
    cal = WorkdayCalendar()
    # Thu 12 Feb 2026 + 3 working days: Fri 13, Sat 14 (调休), then the holiday to 23 Feb, Tue 24.
    assert cal.add_workdays(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert cal.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert cal.next_workday(D(2026, 9, 30)) == D(2026, 10, 8)
    assert cal.last_workday_of_month(2026, 2) == D(2026, 2, 28)  # a Saturday, but a working one


def test_store_overrides_beat_the_official_calendar() -> None:
    cal = WorkdayCalendar({D(2026, 5, 9): "holiday", D(2026, 12, 5): "workday"})
    assert not cal.is_workday(D(2026, 5, 9))
    assert cal.is_workday(D(2026, 12, 5))
    assert cal.source_of(D(2026, 12, 5)) == "override" and cal.source_of(D(2026, 12, 7)) == "official"


def test_a_year_the_package_does_not_know_is_provisional_monday_to_friday_minus_statutory_days() -> None:
    year = known_years().stop  # the first year the installed chinesecalendar lacks
    saturday = next(D(year, 3, d) for d in range(1, 8) if D(year, 3, d).weekday() == 5)
    cal = WorkdayCalendar({saturday: "workday"})
    reset_provisional_years()
    assert cal.is_workday(saturday - dt.timedelta(days=1))  # a Friday
    assert provisional_years_used() == {year}
    assert not cal.is_workday(saturday + dt.timedelta(days=1))  # Sunday
    assert cal.is_workday(saturday)  # the override still counts
    assert not cal.is_workday(D(year, 10, 1)) and not cal.is_workday(D(year, 5, 1))
    assert cal.unknown_years == {year} and cal.source_of(D(year, 3, 2)) == "provisional"


def test_times_are_china_standard_time() -> None:
    assert cst_datetime(D(2026, 11, 26), dt.time(9, 30)).astimezone(dt.timezone.utc).hour == 1
