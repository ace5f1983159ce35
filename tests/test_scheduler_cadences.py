"""Every calendar cadence across month ends, February, year ends and Chinese New Year."""
from __future__ import annotations

import datetime as dt

from core.scheduler import (
    Daily,
    DaysOfMonth,
    FirstWorkdayOfMonth,
    LastDayOfMonth,
    MidMonthAndMonthEnd,
    MonthlyByDay,
    Occurrence,
    QuarterlyFirstMonth,
    Weekly,
)
from core.workdays import WorkdayCalendar

D = dt.date
CAL = WorkdayCalendar()


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def periods(cadence: object, first: dt.date, last: dt.date) -> dict[str, Occurrence]:
    """Every occurrence that is open on some day of [first, last], by period."""
    out: dict[str, Occurrence] = {}
    for day in days(first, last):
        for occ in cadence.active_on(day, CAL):  # type: ignore[attr-defined]
            out.setdefault(occ.period, occ)
    return out


def test_daily_on_working_days_skips_spring_festival_and_keeps_the_working_saturday() -> None:
    got = periods(Daily(workdays_only=True), D(2026, 2, 12), D(2026, 2, 25))
    assert sorted(got) == ["2026-02-12", "2026-02-13", "2026-02-14", "2026-02-24", "2026-02-25"]
    assert len(periods(Daily(), D(2026, 12, 30), D(2027, 1, 2))) == 4  # every day, across the year end


def test_weekly_monday_across_the_year_end() -> None:
    got = periods(Weekly(weekday=0), D(2026, 12, 20), D(2027, 1, 10))
    assert {p: o.opens_on for p, o in got.items()} == {"2026-W52": D(2026, 12, 21), "2026-W53": D(2026, 12, 28),
                                                      "2027-W01": D(2027, 1, 4)}
    assert all(o.due_on == o.opens_on for o in got.values())
    friday = Weekly(weekday=0, due_weekday=4).active_on(D(2026, 11, 26), CAL)
    assert friday == [Occurrence("2026-W48", D(2026, 11, 23), D(2026, 11, 27))]


def test_monthly_by_the_10th_and_by_the_31st_in_february() -> None:
    got = periods(MonthlyByDay(day=10), D(2026, 1, 1), D(2026, 3, 31))
    assert [(o.opens_on, o.due_on) for o in got.values()] == [
        (D(2026, 1, 1), D(2026, 1, 10)), (D(2026, 2, 1), D(2026, 2, 10)), (D(2026, 3, 1), D(2026, 3, 10))]
    assert MonthlyByDay(day=10).active_on(D(2026, 1, 11), CAL) == []
    assert MonthlyByDay(day=31).active_on(D(2028, 2, 29), CAL)[0].due_on == D(2028, 2, 29)


def test_the_15th_and_the_30th_means_the_last_day_in_february() -> None:
    feb = periods(DaysOfMonth(days=(15, 30)), D(2026, 2, 1), D(2026, 2, 28))
    assert [(o.period, o.opens_on, o.due_on) for o in feb.values()] == [
        ("2026-02-15", D(2026, 2, 1), D(2026, 2, 15)), ("2026-02-28", D(2026, 2, 16), D(2026, 2, 28))]
    jan = periods(DaysOfMonth(days=(15, 30)), D(2026, 1, 1), D(2026, 1, 31))
    assert [o.due_on for o in jan.values()] == [D(2026, 1, 15), D(2026, 1, 30)]
    assert DaysOfMonth(days=(15, 30)).active_on(D(2026, 1, 31), CAL) == []  # the 31st belongs to no period
    # 29th and 30th collapse into one February occurrence.
    assert len(periods(DaysOfMonth(days=(29, 30)), D(2026, 2, 1), D(2026, 2, 28))) == 1


def test_mid_month_and_month_end() -> None:
    got = periods(MidMonthAndMonthEnd(), D(2026, 2, 1), D(2026, 4, 30))
    assert [o.due_on for o in got.values()] == [D(2026, 2, 15), D(2026, 2, 28), D(2026, 3, 15), D(2026, 3, 31),
                                                D(2026, 4, 15), D(2026, 4, 30)]
    assert [o.due_on for o in periods(MidMonthAndMonthEnd(), D(2026, 12, 16), D(2026, 12, 31)).values()] == [
        D(2026, 12, 31)]


def test_first_working_day_after_new_year_spring_festival_and_national_day() -> None:
    got = periods(FirstWorkdayOfMonth(), D(2025, 10, 1), D(2026, 2, 28))
    assert [o.due_on for o in got.values()] == [D(2025, 10, 9), D(2025, 11, 3), D(2025, 12, 1), D(2026, 1, 4),
                                                D(2026, 2, 2)]
    assert all(o.opens_on == o.due_on for o in got.values())


def test_last_day_of_the_month_with_lead_time() -> None:
    occ = LastDayOfMonth(lead_days=2).active_on(D(2026, 2, 27), CAL)
    assert occ == [Occurrence("2026-02", D(2026, 2, 26), D(2026, 2, 28))]
    assert LastDayOfMonth().active_on(D(2026, 12, 30), CAL) == []
    assert LastDayOfMonth().active_on(D(2026, 12, 31), CAL)[0].period == "2026-12"


def test_quarterly_within_the_first_month_of_the_quarter() -> None:
    got = periods(QuarterlyFirstMonth(), D(2026, 1, 1), D(2026, 12, 31))
    assert {p: (o.opens_on, o.due_on) for p, o in got.items()} == {
        "2026-Q1": (D(2026, 1, 1), D(2026, 1, 31)), "2026-Q2": (D(2026, 4, 1), D(2026, 4, 30)),
        "2026-Q3": (D(2026, 7, 1), D(2026, 7, 31)), "2026-Q4": (D(2026, 10, 1), D(2026, 10, 31))}
