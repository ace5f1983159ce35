"""Years chinesecalendar does not know: provisional statutory holidays, marked, and the notice loaded from a file."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from core.holiday_rules import statutory_holidays
from core.models import CalendarNotice
from core.workdays import WorkdayCalendar, known_years
from tests.scheduler_support import Dealer, cli_env, dealer  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("cli_env")
D = dt.date
UNKNOWN = known_years().stop  # the first year the installed chinesecalendar lacks
WARNING = f"warning: {UNKNOWN} 年的国务院放假通知尚未载入"


def test_statutory_holidays_match_the_published_notices_of_known_years() -> None:
    import chinese_calendar

    for year in (2025, 2026):
        days = statutory_holidays(year)
        assert len(days) == 13 and not [d for d in days if chinese_calendar.is_workday(d)]
    assert statutory_holidays(2027)[D(2027, 2, 5)] == "春节"  # 除夕
    assert {d for d, n in statutory_holidays(2027).items() if n == "春节"} == {D(2027, 2, i) for i in (5, 6, 7, 8)}


def test_the_first_working_day_of_january_2027_is_not_new_years_day() -> None:
    cal = WorkdayCalendar()
    assert cal.first_workday_of_month(2027, 1) == D(2027, 1, 4)
    assert not cal.is_workday(D(2027, 1, 1)) and cal.source_of(D(2027, 1, 1)) == "provisional"
    assert cal.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 9)  # over the Spring Festival


def test_calendar_show_marks_provisional_days_and_warns_once(dealer: Dealer, run_cli: Any) -> None:
    text = run_cli("calendar", "show", f"{UNKNOWN}-10").output
    assert "临时" in text and "国庆节（临时）" in text
    assert [line for line in text.splitlines() if line.startswith("warning:")][0].startswith(WARNING)
    assert sum(line.startswith("warning:") for line in text.splitlines()) == 1
    days = json.loads(run_cli("calendar", "show", f"{UNKNOWN}-10", "--json").stdout)
    assert all(d["provisional"] for d in days) and not days[0]["workday"]


def test_the_agenda_of_a_provisional_day_says_so(dealer: Dealer, run_cli: Any) -> None:
    out = run_cli("agenda", "--date", f"{UNKNOWN}-01-04", user="sf1").output
    assert "临时日历" in out and sum(line.startswith(WARNING) for line in out.splitlines()) == 1
    data = json.loads(run_cli("agenda", "--date", f"{UNKNOWN}-01-04", "--json", user="sf1").stdout)
    assert data["provisional_calendar"] is True
    known = run_cli("agenda", "--date", "2026-11-27", user="sf1").output
    assert "warning" not in known and "临时" not in known


def _notice_csv(folder: Path, rows: list[str]) -> Path:
    path = folder / "国务院放假通知.csv"
    path.write_text("日期,类型,备注\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_admin_imports_the_notice_and_the_year_is_no_longer_provisional(dealer: Dealer, run_cli: Any,
                                                                         tmp_path: Path) -> None:
    rows = [f"{UNKNOWN}-01-01,休,元旦", f"{UNKNOWN}-01-04,休,元旦调休", f"{UNKNOWN}-01-09,班,元旦调休上班"]
    said = run_cli("calendar", "import", str(_notice_csv(tmp_path, rows))).output
    assert f"{UNKNOWN} 年放假通知已载入：放假 2 天，调休上班 1 天" in said
    days = {d["date"]: d for d in json.loads(run_cli("calendar", "show", f"{UNKNOWN}-01", "--json").stdout)}
    assert days[f"{UNKNOWN}-01-04"]["workday"] is False and days[f"{UNKNOWN}-01-09"]["workday"] is True
    assert {d["source"] for d in days.values()} == {"notice"} and not any(d["provisional"] for d in days.values())
    text = run_cli("calendar", "show", f"{UNKNOWN}-01").output
    assert "warning" not in text and "first working day" in text and "调休上班 (元旦调休上班)" in text
    # an XLSX file for the same year replaces the notice loaded before
    book = Workbook()
    book.active.append(["日期", "类型", "备注"])
    book.active.append([dt.datetime(UNKNOWN, 1, 1), "holiday", "元旦"])
    book.save(tmp_path / "通知.xlsx")
    run_cli("calendar", "import", str(tmp_path / "通知.xlsx"))
    with dealer.app.session() as s:
        assert s.scalar(select(func.count()).select_from(CalendarNotice)) == 1


def test_a_bad_notice_row_is_one_line_and_loads_nothing(dealer: Dealer, run_cli: Any, tmp_path: Path) -> None:
    path = _notice_csv(tmp_path, [f"{UNKNOWN}-01-01,休,元旦", f"{UNKNOWN}-13-01,休,错"])
    out = run_cli("calendar", "import", str(path), ok=False)
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert out.output.strip().splitlines() == [f"crdesk: 国务院放假通知.csv: 第 3 行 日期: '{UNKNOWN}-13-01' 不是 "
                                               "YYYY-MM-DD 日期；未载入任何内容"]
    known = run_cli("calendar", "import", str(_notice_csv(tmp_path, ["2026-01-01,休,元旦"])), ok=False)
    assert known.exit_code == 2 and "已随 chinesecalendar 提供" in known.output
    denied = run_cli("calendar", "import", str(_notice_csv(tmp_path, [f"{UNKNOWN}-01-01,休,元旦"])), user="mgr",
                     ok=False)
    assert denied.exit_code == 3
    with dealer.app.session() as s:
        assert s.scalar(select(func.count()).select_from(CalendarNotice)) == 0
