"""``--period`` parsing: every form a user types becomes one CST date range."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ValidationError
from core.reports.periods import Period, last_complete, parse_period, period_for

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@pytest.mark.parametrize(("text", "kind", "start", "end", "label"), [
    ("2026-10", "month", "2026-10-01", "2026-10-31", "2026年10月"),
    ("2026-02", "month", "2026-02-01", "2026-02-28", "2026年2月"),
    ("2028-02", "month", "2028-02-01", "2028-02-29", "2028年2月"),
    ("2026-W45", "week", "2026-11-02", "2026-11-08", "2026年第45周（11月2日—11月8日）"),
    ("2026-w01", "week", "2025-12-29", "2026-01-04", "2026年第1周（12月29日—1月4日）"),
    ("2026-Q4", "quarter", "2026-10-01", "2026-12-31", "2026年第四季度"),
    ("2026-10-05", "day", "2026-10-05", "2026-10-05", "2026年10月5日"),
    ("2026-10-01..2026-10-15", "range", "2026-10-01", "2026-10-15", "2026年10月1日至2026年10月15日"),
])
def test_each_form_parses_to_its_range_and_chinese_label(text: str, kind: str, start: str, end: str,
                                                          label: str) -> None:
    period = parse_period(text)
    assert (period.kind, period.start.isoformat(), period.end.isoformat()) == (kind, start, end)
    assert period.label_zh == label


def test_queries_use_cst_midnights() -> None:
    period = parse_period("2026-10")
    assert period.start_at.isoformat() == "2026-10-01T00:00:00+08:00"
    assert period.end_before.astimezone(dt.timezone.utc).isoformat() == "2026-10-31T16:00:00+00:00"


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-W54", "2026-Q5", "2026-02-30", "26-10", "october",
                                  "2026-10-15..2026-10-01", ""])
def test_malformed_periods_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(ValidationError, match="--period"):
        parse_period(text)


@given(days)
def test_day_week_month_quarter_round_trip_and_contain_the_day(day: dt.date) -> None:
    for code in (day.isoformat(), f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}",
                 f"{day.year}-{day.month:02d}", f"{day.year}-Q{(day.month - 1) // 3 + 1}"):
        period = parse_period(code)
        assert period.contains(day)
        assert parse_period(period.code) == period
        assert period.start <= period.end


@given(days, st.integers(min_value=0, max_value=400))
def test_ranges_round_trip(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    period = parse_period(f"{start}..{end}")
    assert period.days == length + 1 and parse_period(period.code) == period


@given(days)
def test_weeks_run_monday_to_sunday_and_months_tile_the_year(day: dt.date) -> None:
    week = parse_period(f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}")
    assert week.start.weekday() == 0 and week.days == 7
    month = parse_period(f"{day.year}-{day.month:02d}")
    assert (month.end + dt.timedelta(days=1)).day == 1


@given(days)
def test_default_period_is_the_last_complete_one(today: dt.date) -> None:
    for kind in ("day", "week", "month", "quarter"):
        period = last_complete(kind, today)
        assert period.end < today and parse_period(period.code) == period
    assert last_complete("day", today).end == today - dt.timedelta(days=1)
    assert 1 <= (today - last_complete("week", today).end).days <= 7
    assert last_complete("month", today).end + dt.timedelta(days=1) == today.replace(day=1)
    next_day = last_complete("quarter", today).end + dt.timedelta(days=1)
    assert next_day.day == 1 and next_day.month in (1, 4, 7, 10) and 0 <= (today - next_day).days < 92


def test_a_report_only_accepts_its_own_period_kind() -> None:
    assert period_for("month", "2026-10") == Period("month", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert period_for("range", "2026-10").kind == "range"  # a range report accepts any form
    with pytest.raises(ValidationError, match="this report is a week report: give --period like 2026-W46"):
        period_for("week", "2026-10")
    assert period_for("month", None, today=dt.date(2026, 1, 15)).code == "2025-12"
