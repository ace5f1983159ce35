"""When the after-sales follow-up specialist's duties become tasks (SV-D*, SV-W*, SV-M*, SV-INFO, SV-CALL).

Every intake (入库) gets one call at N+3..N+5: maintenance and warranty visits
the satisfaction call (SV-D4), general repair, body/paint and insurance visits
the repair callback (SV-CALL). Customers who refused phone contact get none.
The task title carries the customer's segment (差异化服务), and the
``segment_first`` strategy puts higher segments first.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, exists, literal, select
from sqlalchemy.orm import Session

from core.models import Customer, CustomerConsent, ServiceVisit, Vehicle
from core.scheduler import CalendarSchedule, Daily, EventSchedule, MonthlyByDay, TaskSchedule, Weekly
from core.reports.proofs import report_rendered
from plugins.followup.contact_data import work_list_done
from plugins.followup.proofs import ADS_LOGGED, INVALID_LIST_SENT, SMS_REQUEST_THIS_MONTH, report_for_last_month
from plugins.service_followup.segments import SEGMENTS, segment_expr, thresholds_by_store

if TYPE_CHECKING:
    from core.app import CrDesk

ROLE = "service_fu"
REPAIR_TYPES = ("general_repair", "body_paint", "insurance")
CALLBACK_KEY = "service_followup.callback"
REPAIR_KEY = "service_followup.repair_callback"
CALL_KEYS = (CALLBACK_KEY, REPAIR_KEY)
#: The manual's N+3..N+5.
OPENS_AFTER, DUE_AFTER = 3, 5


def intakes(app: CrDesk, *, repair: bool) -> Callable[[Session, dt.date, dt.date], Select[Any]]:
    """Intakes of [first, last] of the repair types (or all others), with the segment as of the day calls open."""
    def source(session: Session, first: dt.date, last: dt.date) -> Select[Any]:
        by_store = thresholds_by_store(app, session)
        as_of = last + dt.timedelta(days=OPENS_AFTER)
        segment = segment_expr(by_store, ServiceVisit.customer_id, ServiceVisit.store_id, as_of)
        segment_zh = segment_expr(by_store, ServiceVisit.customer_id, ServiceVisit.store_id, as_of, labels=SEGMENTS)
        types = ServiceVisit.service_type.in_(REPAIR_TYPES)
        opted_out = exists().where(CustomerConsent.customer_id == ServiceVisit.customer_id,
                                   CustomerConsent.channel == "phone", CustomerConsent.granted.is_(False))
        # Looked up by primary key: the cost grows with the intakes due, not with the customer table.
        name = select(Customer.name).where(Customer.id == ServiceVisit.customer_id).scalar_subquery()
        model = select(Vehicle.model).where(Vehicle.id == ServiceVisit.vehicle_id).scalar_subquery()
        plate = select(Vehicle.plate).where(Vehicle.id == ServiceVisit.vehicle_id).scalar_subquery()
        return (select(ServiceVisit.id.label("source_id"), ServiceVisit.intake_on.label("anchor_date"),
                       ServiceVisit.store_id, ServiceVisit.customer_id, name.label("customer"),
                       ServiceVisit.service_type, ServiceVisit.service_advisor, ServiceVisit.repair_order,
                       model.label("model"), plate.label("plate"), segment.label("segment"),
                       (name + literal(" · ") + segment_zh).label("label"))
                .where(ServiceVisit.intake_on.between(first, last), types if repair else ~types, ~opted_out))
    return source


def schedules(app: CrDesk) -> Sequence[TaskSchedule]:
    return [
        CalendarSchedule(key="service_followup.morning", title_zh="参加销售或售后晨会，检查部门卫生责任区", role=ROLE,
                         duties=("SV-D1",), cadence=Daily(workdays_only=True), due_time=dt.time(9, 0)),
        CalendarSchedule(key="service_followup.newspapers",
                         title_zh="翻阅本店所在城市的报纸（广州：广州日报、南方都市报、信息时报、新快报），登记竞品广告", role=ROLE,
                         duties=("SV-D2",), cadence=Daily(workdays_only=True), due_time=dt.time(12, 0),
                         proof=ADS_LOGGED),
        CalendarSchedule(key="service_followup.data_update", title_zh="更新前日入库谢礼客户的通讯地址及相关资料",
                         role=ROLE, duties=("SV-D3", "SV-INFO"), cadence=Daily(), due_time=dt.time(17, 30),
                         proof=work_list_done("service_visit", "service-fu intakes"),
                         description="`crdesk service-fu intakes` lists yesterday's intake customers and what "
                                     "is missing; `crdesk calls correct ID --address …` completes them"),
        EventSchedule(key=CALLBACK_KEY, title_zh="入库客户满意度回访（N+3至N+5）", role=ROLE,
                      duties=("SV-D4", "SV-D5"), source_kind="service_visit", source=intakes(app, repair=False),
                      opens_after=OPENS_AFTER, due_after=DUE_AFTER, assign="service_followup.segment_first", label_field="label",
                      due_time=dt.time(18, 0), completes_with=("form", "service_followup.satisfaction"),
                      description="先核对车主资料，按话术回访，填写满意度问卷；投诉转投诉处理流程"),
        EventSchedule(key=REPAIR_KEY, title_zh="维修/保险车辆回访（N+3至N+5）", role=ROLE,
                      duties=("SV-CALL", "SV-D4", "SV-D5"), source_kind="service_visit",
                      source=intakes(app, repair=True), opens_after=OPENS_AFTER, due_after=DUE_AFTER,
                      assign="service_followup.segment_first", label_field="label", due_time=dt.time(18, 0),
                      completes_with=("form", "service_followup.repair_callback"),
                      description="一般维修、钣喷/事故、保险车辆：确认故障是否排除、理赔是否顺利"),
        CalendarSchedule(key="service_followup.face_to_face",
                         title_zh="协助交车仪式；入库客户面访满意度调查，结束后赠送小礼品", role=ROLE,
                         duties=("SV-D6",), cadence=Daily(workdays_only=True), due_time=dt.time(18, 0),
                         description="record each survey and gift: `crdesk ceremony gift service_visit ID --gift … "
                                     "--form service_followup.face_to_face --survey FILE`"),
        CalendarSchedule(key="service_followup.invalid_list", title_zh="本周无效号码清单提交售后部（3天内返回核实）",
                         role=ROLE, duties=("SV-D5",), cadence=Weekly(weekday=4), due_time=dt.time(17, 0),
                         proof=INVALID_LIST_SENT),
        CalendarSchedule(key="service_followup.weekly_summary", title_zh="整理上周入库客户资料及电话回访情况交部门经理",
                         role=ROLE, duties=("SV-W1",), cadence=Weekly(weekday=0), due_time=dt.time(12, 0),
                         proof=report_rendered("service_followup.weekly_callbacks", "《入库客户回访周报》")),
        CalendarSchedule(key="service_followup.weekly_face_to_face", title_zh="入库客户满意度面访问卷整理分析留档",
                         role=ROLE, duties=("SV-W2",), cadence=Weekly(weekday=0), due_time=dt.time(17, 0),
                         proof=report_rendered("service_followup.weekly_face_to_face", "《入库客户面访问卷周分析》")),
        CalendarSchedule(key="service_followup.sms", title_zh="配合销售部及售后部发送短信（短信发送申请审批）", role=ROLE,
                         duties=("SV-M1",), cadence=MonthlyByDay(day=25), due_time=dt.time(17, 0),
                         proof=SMS_REQUEST_THIS_MONTH),
        CalendarSchedule(key="service_followup.monthly_analysis", title_zh="汇总上月入库客户满意度调查数据及分析交部门经理",
                         role=ROLE, duties=("SV-M2",), cadence=MonthlyByDay(day=5), due_time=dt.time(17, 0),
                         proof=report_for_last_month("service_followup.monthly_analysis", "《入库客户满意度月度分析》")),
        CalendarSchedule(key="service_followup.satisfaction_report", title_zh="编制上月《服务满意度回访报表》",
                         role=ROLE, duties=("SV-RPT",), cadence=MonthlyByDay(day=5), due_time=dt.time(17, 0),
                         proof=report_for_last_month("service_followup.satisfaction_report", "《服务满意度回访报表》")),
        CalendarSchedule(key="service_followup.complaint_summary", title_zh="编制上月《售后投诉处理结果汇总》",
                         role=ROLE, duties=("SV-COMPL", "SV-RPT"), cadence=MonthlyByDay(day=5),
                         due_time=dt.time(17, 0),
                         proof=report_for_last_month("service_followup.complaint_summary", "《售后投诉处理结果汇总》")),
        CalendarSchedule(key="service_followup.customer_analysis",
                         title_zh="新增客户统计、资料完善；客户细分与首保回厂分析（差异化服务）", role=ROLE,
                         duties=("SV-INFO",), cadence=MonthlyByDay(day=10), due_time=dt.time(17, 0),
                         proof=report_rendered("service_followup.segments", "《客户细分（差异化服务）报表》")),
    ]
