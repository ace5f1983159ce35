"""The one clock: store time zone, pinned in tests, and no other wall-clock read in core or plugins."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import time_machine

from core import clock
from core.db.base import utcnow
from core.workdays import CST, cst_now, cst_today
from tests.conftest import PINNED_NOW

ROOT = Path(__file__).resolve().parent.parent
WALL_CLOCK = re.compile(r"\b(datetime\.now\(|date\.today\(|datetime\.utcnow\(|datetime\.today\(|time\.time\(\))")


def test_tests_run_at_the_pinned_moment_whatever_the_machine_says() -> None:
    assert cst_now() == PINNED_NOW
    assert cst_today() == dt.date(2026, 11, 27)
    assert utcnow() == dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.timezone.utc)


def test_late_evening_on_a_months_last_day_is_still_that_day_in_the_store() -> None:
    with time_machine.travel(dt.datetime(2026, 11, 30, 23, 30, tzinfo=CST), tick=False):
        assert cst_today() == dt.date(2026, 11, 30)
        assert cst_now().utcoffset() == dt.timedelta(hours=8)


def test_early_morning_on_the_first_is_the_new_month_although_utc_is_still_the_last_day() -> None:
    with time_machine.travel(dt.datetime(2028, 3, 1, 7, 30, tzinfo=CST), tick=False):
        assert utcnow().date() == dt.date(2028, 2, 29)
        assert cst_today() == dt.date(2028, 3, 1)


def test_pinned_clock_overrides_the_machine_and_is_restored() -> None:
    moment = dt.datetime(2029, 5, 6, 8, 15, tzinfo=CST)
    with clock.pinned(moment) as pinned:
        assert cst_now() == moment and pinned.today() == dt.date(2029, 5, 6)
        assert utcnow() == moment.astimezone(dt.timezone.utc)
    assert cst_now() == PINNED_NOW


def test_app_exposes_the_one_clock(make_app) -> None:
    app = make_app()
    with clock.pinned(dt.datetime(2027, 1, 4, 9, 0, tzinfo=CST)):
        assert app.clock.today() == dt.date(2027, 1, 4)


def test_no_code_reads_the_wall_clock_except_core_clock() -> None:
    offenders = []
    for folder in ("core", "plugins"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "core" / "clock.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "read the time from core.clock instead:\n" + "\n".join(offenders)
