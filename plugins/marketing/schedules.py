"""When the marketing specialist's duties become tasks (MKT-M1, M2, M3, D1, D2, W1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.reports.proofs import report_rendered
from core.scheduler import CalendarSchedule, Daily, MonthlyByDay, Weekly
from core.scheduler.cadences import Cadence, Occurrence
from core.workdays import WorkdayCalendar, add_months, month_bounds
from plugins.marketing.proofs import form_filled, request_submitted, walkins_entered

ROLE = "marketing"


@dataclass(frozen=True)
class FifteenthAndThirtieth(Cadence):
    """The manual's "每月15日、30日": due on the 15th and the 30th (the month's last day when shorter),
    moved to the next working day when that day is not one; each opens the day after the previous is due."""

    def _month(self, year: int, month: int, calendar: WorkdayCalendar) -> list[Occurrence]:
        last = month_bounds(year, month)[1]
        out: list[Occurrence] = []
        opens = dt.date(year, month, 1)
        for nominal in (dt.date(year, month, 15), dt.date(year, month, min(30, last.day))):
            due = calendar.next_workday(nominal, include=True)
            out.append(Occurrence(nominal.isoformat(), opens, due))
            opens = due + dt.timedelta(days=1)
        return out

    def occurrences_around(self, day: dt.date, calendar: WorkdayCalendar) -> list[Occurrence]:
        year, month = add_months(day.year, day.month, -1)
        return self._month(year, month, calendar) + self._month(day.year, day.month, calendar)

    def describe(self) -> str:
        return "每月15日、30日(遇节假日顺延至下一工作日)"


SCHEDULES = [
    CalendarSchedule(
        key="marketing.ad_plan",
        title_zh="拟订下月广告计划表(附活动初步方案)报批",
        role=ROLE,
        duties=("MKT-M1",),
        cadence=MonthlyByDay(day=13),
        due_time=dt.time(17, 30),
        proof=request_submitted("marketing.ad_plan", "下月广告计划表"),
    ),
    CalendarSchedule(
        key="marketing.price_tracking",
        title_zh="竞争品牌、同品牌价格跟踪表递交公司领导",
        role=ROLE,
        duties=("MKT-M2",),
        cadence=FifteenthAndThirtieth(),
        due_time=dt.time(17, 30),
        proof=request_submitted("marketing.price", "价格跟踪表"),
    ),
    CalendarSchedule(
        key="marketing.walkins",
        title_zh="向前台索取来(电)店数据及销售跟踪报表并录入",
        role=ROLE,
        duties=("MKT-D1",),
        cadence=Daily(workdays_only=True),
        due_time=dt.time(11, 0),
        proof=walkins_entered(),
    ),
    CalendarSchedule(
        key="marketing.market_news",
        title_zh="从报纸、网络获取市场动态信息并录入归档",
        role=ROLE,
        duties=("MKT-D2",),
        cadence=Daily(workdays_only=True),
        due_time=dt.time(17, 0),
        proof=form_filled("marketing.market_news", "市场动态信息登记"),
    ),
    CalendarSchedule(
        key="marketing.weekly_summary",
        title_zh="上周广宣、市场与车主活动总结交部门经理",
        role=ROLE,
        duties=("MKT-W1",),
        cadence=Weekly(weekday=0),
        due_time=dt.time(17, 0),
        proof=report_rendered("marketing.weekly_summary", "《上周广宣、市场与车主活动总结》"),
    ),
    CalendarSchedule(
        key="marketing.m3_tables",
        title_zh="顾客信息调查表、市场信息跟踪表、已购车主分析表、广宣月度总结表、竞争对手跟踪表交部门经理",
        role=ROLE,
        duties=("MKT-M3",),
        cadence=FifteenthAndThirtieth(),
        due_time=dt.time(17, 30),
        proof=report_rendered("marketing.m3_tables", "《市场信息五表》"),
    ),
]
