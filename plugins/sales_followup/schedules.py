"""When the sales follow-up specialist's duties become tasks (SF-D*, SF-W*, SF-M*, SF-Q1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, exists, select

from core.models import Customer, CustomerConsent, Delivery, Vehicle
from core.scheduler import (
    CalendarSchedule,
    Daily,
    EventSchedule,
    MidMonthAndMonthEnd,
    MonthlyByDay,
    QuarterlyFirstMonth,
    Weekly,
)
from core.reports.proofs import report_rendered
from plugins.followup.contact_data import work_list_done
from plugins.followup.proofs import ADS_LOGGED, INVALID_LIST_SENT, SMS_REQUEST_THIS_MONTH, report_for_last_month

ROLE = "sales_fu"


def deliveries(session: Any, first: dt.date, last: dt.date) -> Select[Any]:
    """Deliveries of [first, last], with what the call script shows.

    The range on the indexed ``delivered_on`` drives the query; name, model and plate are looked up by
    primary key (correlated subqueries), so the cost grows with the deliveries due, not with the tables.
    """

    def by_id(column: Any, key: Any, ref: Any) -> Any:
        return select(column).where(key == ref).scalar_subquery()

    return select(
        Delivery.id.label("source_id"),
        Delivery.delivered_on.label("anchor_date"),
        Delivery.store_id,
        Delivery.customer_id,
        by_id(Customer.name, Customer.id, Delivery.customer_id).label("customer"),
        Delivery.sales_advisor,
        by_id(Vehicle.model, Vehicle.id, Delivery.vehicle_id).label("model"),
        by_id(Vehicle.plate, Vehicle.id, Delivery.vehicle_id).label("plate"),
    ).where(Delivery.delivered_on.between(first, last))


def deliveries_to_call(session: Any, first: dt.date, last: dt.date) -> Select[Any]:
    """Deliveries whose customer has not refused phone contact: an opt-out stops the callback (PIPL)."""
    opted_out = exists().where(CustomerConsent.customer_id == Delivery.customer_id,
                               CustomerConsent.channel == "phone", CustomerConsent.granted.is_(False))
    return deliveries(session, first, last).where(~opted_out)


SCHEDULES = [
    CalendarSchedule(
        key="sales_followup.morning",
        title_zh="参加销售晨会，检查卫生责任区",
        role=ROLE,
        duties=("SF-D1",),
        cadence=Daily(workdays_only=True),
        due_time=dt.time(9, 0),
    ),
    CalendarSchedule(
        key="sales_followup.newspapers",
        title_zh="查阅本店所在城市的报纸（广州：广州日报、南方都市报、信息时报、新快报），登记竞品广告",
        role=ROLE,
        duties=("SF-D2",),
        cadence=Daily(workdays_only=True),
        due_time=dt.time(12, 0),
        proof=ADS_LOGGED,
    ),
    CalendarSchedule(
        key="sales_followup.data_update",
        title_zh="更新前一天交车客户的地址及详细资料",
        role=ROLE,
        duties=("SF-D3",),
        cadence=Daily(),
        due_time=dt.time(17, 30),
        proof=work_list_done("delivery", "sales-fu deliveries"),
        description="`crdesk sales-fu deliveries` lists yesterday's delivery customers and what each lacks; "
        "`crdesk calls correct ID --address … --phone2 … --plate …` completes them (or `--checked`)",
    ),
    EventSchedule(
        key="sales_followup.callback",
        title_zh="新车主满意度回访（N+3至N+5）",
        role=ROLE,
        duties=("SF-D4", "SF-D5"),
        source_kind="delivery",
        source=deliveries_to_call,
        opens_after=3,
        due_after=5,
        assign="least_open",
        label_field="customer",
        due_time=dt.time(18, 0),
        completes_with=("form", "sales_followup.satisfaction"),
        description="先核对车主资料，按话术回访，填写满意度问卷；投诉转投诉处理流程",
    ),
    EventSchedule(
        key="sales_followup.ceremony",
        title_zh="交车仪式：照片装框、面访问卷、赠送小礼品",
        role=ROLE,
        duties=("SF-D6",),
        source_kind="delivery",
        source=deliveries,
        opens_after=0,
        due_after=0,
        label_field="customer",
        due_time=dt.time(20, 0),
        completes_with=("form", "sales_followup.ceremony_survey"),
    ),
    CalendarSchedule(
        key="sales_followup.invalid_list",
        title_zh="本周无效号码清单提交销售部（3天内返回核实）",
        role=ROLE,
        duties=("SF-D5",),
        cadence=Weekly(weekday=4),
        due_time=dt.time(17, 0),
        proof=INVALID_LIST_SENT,
    ),
    CalendarSchedule(
        key="sales_followup.weekly_summary",
        title_zh="汇总上周交车客户回访情况报部门经理",
        role=ROLE,
        duties=("SF-W1",),
        cadence=Weekly(weekday=0),
        due_time=dt.time(12, 0),
        proof=report_rendered("sales_followup.weekly_callbacks", "the weekly callback summary"),
    ),
    CalendarSchedule(
        key="sales_followup.weekly_ceremony",
        title_zh="面访问卷分析并归档",
        role=ROLE,
        duties=("SF-W2",),
        cadence=Weekly(weekday=0),
        due_time=dt.time(17, 0),
        proof=report_rendered("sales_followup.weekly_ceremony", "the weekly face-to-face analysis"),
    ),
    CalendarSchedule(
        key="sales_followup.ad_tables",
        title_zh="广告投放统计周报交市场部做竞品分析",
        role=ROLE,
        duties=("SF-M1",),
        cadence=MidMonthAndMonthEnd(),
        due_time=dt.time(17, 0),
        proof=report_rendered("followup.ad_weekly", "《相关汽车品牌广州市场广告投放统计周报》"),
    ),
    CalendarSchedule(
        key="sales_followup.sms",
        title_zh="与销售、售后部门协同短信发送（短信申请审批）",
        role=ROLE,
        duties=("SF-M2",),
        cadence=MonthlyByDay(day=25),
        due_time=dt.time(17, 0),
        proof=SMS_REQUEST_THIS_MONTH,
    ),
    CalendarSchedule(
        key="sales_followup.monthly_survey",
        title_zh="上月满意度调查数据汇总分析报部门经理",
        role=ROLE,
        duties=("SF-M3",),
        cadence=MonthlyByDay(day=5),
        due_time=dt.time(17, 0),
        proof=report_for_last_month("sales_followup.monthly_survey", "the monthly survey analysis"),
    ),
    CalendarSchedule(
        key="sales_followup.satisfaction_report",
        title_zh="编制上月《销售满意度回访报表》",
        role=ROLE,
        duties=("SF-RPT",),
        cadence=MonthlyByDay(day=5),
        due_time=dt.time(17, 0),
        proof=report_for_last_month("sales_followup.satisfaction", "《销售满意度回访报表》"),
    ),
    CalendarSchedule(
        key="sales_followup.complaint_summary",
        title_zh="编制上月《销售投诉处理结果汇总》",
        role=ROLE,
        duties=("SF-RPT", "SF-COMPL"),
        cadence=MonthlyByDay(day=5),
        due_time=dt.time(17, 0),
        proof=report_for_last_month("sales_followup.complaints", "《销售投诉处理结果汇总》"),
    ),
    CalendarSchedule(
        key="sales_followup.customer_info",
        title_zh="收集前台主管《顾客信息调查统计表》，统计后交市场部",
        role=ROLE,
        duties=("SF-M4",),
        cadence=MidMonthAndMonthEnd(),
        due_time=dt.time(17, 0),
        proof=report_rendered("sales_followup.customer_info_stats", "《顾客信息调查统计表》"),
    ),
    CalendarSchedule(
        key="sales_followup.ad_reimbursement",
        title_zh="《广告报销统计表》材料交市场部核对",
        role=ROLE,
        duties=("SF-Q1",),
        cadence=QuarterlyFirstMonth(),
        due_time=dt.time(17, 0),
        proof=report_rendered("sales_followup.ad_reimbursement", "《广告报销统计表》"),
    ),
    CalendarSchedule(
        key="sales_followup.members",
        title_zh="车主会员资料维护，会员登录率不低于30%",
        role=ROLE,
        duties=("SF-MEM",),
        cadence=Weekly(weekday=2),
        due_time=dt.time(17, 0),
    ),
]
