"""Every schedule kind the scheduler offers, as a role plugin would declare them."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select

from core import hookimpl
from core.scheduler import (
    AssignmentContext,
    AssignmentStrategy,
    CalendarSchedule,
    CohortSchedule,
    Daily,
    DaysOfMonth,
    EventSchedule,
    FirstWorkdayOfMonth,
    LastDayOfMonth,
    MidMonthAndMonthEnd,
    MonthlyByDay,
    Proof,
    QuarterlyFirstMonth,
    Weekly,
)


@hookimpl
def register_models() -> Iterable[type]:
    from tests.fixture_plugins.scheduler.duty_demo.models import DemoDelivery, DemoReport

    return [DemoDelivery, DemoReport]


def deliveries(session: Any, first: dt.date, last: dt.date) -> Select[Any]:
    from tests.fixture_plugins.scheduler.duty_demo.models import DemoDelivery as D

    return select(D.id.label("source_id"), D.delivered_on.label("anchor_date"), D.store_id, D.customer,
                  D.partner_id).where(D.delivered_on.between(first, last))


def report_rendered(session: Any, task: Any) -> bool:
    from tests.fixture_plugins.scheduler.duty_demo.models import DemoReport

    return session.scalar(select(DemoReport.id).where(DemoReport.period == task.period)) is not None


class Newest(AssignmentStrategy):
    """Everything to the most recently added member of the role (a test strategy)."""

    key = "duty_demo.newest"

    def assign(self, ctx: AssignmentContext, rows: Any) -> None:
        for row in rows:
            row["assignee_id"] = max(ctx.candidates) if ctx.candidates else None


@hookimpl
def register_assignment_strategies(app: Any) -> Iterable[AssignmentStrategy]:
    return [Newest()]


@hookimpl
def register_task_schedules(app: Any) -> Iterable[Any]:
    return [
        CalendarSchedule(key="duty_demo.morning", title_zh="参加早会", role="service_fu", duties=("SV-D1",),
                         cadence=Daily(workdays_only=True), due_time=dt.time(9, 0)),
        CalendarSchedule(key="duty_demo.ad_stats", title_zh="《销售店广宣及效果统计表》", role="manager",
                         duties=("MGR-W3",), cadence=Weekly(weekday=0), due_time=dt.time(12, 0),
                         proof=Proof(report_rendered, "render 《销售店广宣及效果统计表》 for this week first"),
                         completes_with=("report", "duty_demo.ad_stats")),
        CalendarSchedule(key="duty_demo.month_summary", title_zh="《上月客户部工作总结报表》", role="manager",
                         duties=("MGR-M2",), cadence=MonthlyByDay(day=10)),
        CalendarSchedule(key="duty_demo.price_tracking", title_zh="价格跟踪表", role="marketing",
                         duties=("MKT-M2",), cadence=DaysOfMonth(days=(15, 30)), assign="duty_demo.newest"),
        CalendarSchedule(key="duty_demo.oem_reports", title_zh="《竞争对手情报表》", role="manager",
                         duties=("MGR-M4",), cadence=FirstWorkdayOfMonth(), due_time=dt.time(17, 0)),
        CalendarSchedule(key="duty_demo.ad_summary", title_zh="《广告宣传总结表》", role="manager",
                         duties=("MGR-M5",), cadence=LastDayOfMonth()),
        CalendarSchedule(key="duty_demo.walkin", title_zh="来店来电客户信息分析", role="manager",
                         duties=("MGR-M1",), cadence=MidMonthAndMonthEnd()),
        CalendarSchedule(key="duty_demo.oem_materials", title_zh="厂家广告销售资料", role="manager",
                         duties=("MGR-Q1",), cadence=QuarterlyFirstMonth()),
        EventSchedule(key="duty_demo.callback", title_zh="交车满意度回访", role="sales_fu", duties=("SF-D4",),
                      source_kind="duty_demo.delivery", source=deliveries, opens_after=3, due_after=5,
                      assign="field:partner_id", label_field="customer"),
        EventSchedule(key="duty_demo.callback_wd", title_zh="回访（工作日）", role="service_fu",
                      duties=("SV-D4",), source_kind="duty_demo.delivery_wd", source=deliveries,
                      opens_after=3, due_after=5, workdays=True, assign="round_robin"),
        CohortSchedule(key="duty_demo.not_returned", title_zh="未入库清单", role="cr", duties=("CR-M1",),
                       cadence=MonthlyByDay(day=5), source_kind="duty_demo.delivery", source=deliveries,
                       month_offsets=(3, 5), assign="least_open"),
    ]
