"""When the CR specialist's duties become tasks (4.3.1 daily, 4.3.2 weekly, 4.3.3 monthly)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.reports.proofs import report_rendered
from core.scheduler import CalendarSchedule, Daily, LastDayOfMonth, MonthlyByDay, Proof, Weekly
from plugins.cr_system.models import KanbanEntry, LetterBatch, ListHandover

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.models.tasks import Task

ROLE = "cr"


def _task_day(task: Task) -> dt.date:
    from core.workdays import cst_date

    return cst_date(task.opens_at)


def _kanban_in(session: Session, task: Task) -> bool:
    day = _task_day(task) - dt.timedelta(days=1)
    sources = set(session.scalars(select(KanbanEntry.source).where(KanbanEntry.day == day,
                                                                    KanbanEntry.store_id == task.store_id)))
    return sources >= {"sales", "service"}


def _letters_printed(session: Session, task: Task) -> bool:
    """Yesterday's batches exist and none is left unprinted."""
    day = _task_day(task) - dt.timedelta(days=1)
    states = list(session.scalars(select(LetterBatch.status).where(LetterBatch.day == day,
                                                                   LetterBatch.store_id == task.store_id)))
    return bool(states) and "prepared" not in states


def _letters_signed(session: Session, task: Task) -> bool:
    """Every batch up to yesterday was handed to 综合部 and signed for in the 信函登记簿."""
    day = _task_day(task) - dt.timedelta(days=1)
    left = session.scalar(select(LetterBatch.id).where(LetterBatch.day <= day, LetterBatch.store_id == task.store_id,
                                                       LetterBatch.status.not_in(("signed", "empty"))).limit(1))
    return left is None


def _list_handed(kind: str) -> Proof:
    def check(session: Session, task: Task) -> bool:
        return session.scalar(select(ListHandover.id).where(
            ListHandover.kind == kind, ListHandover.store_id == task.store_id,
            ListHandover.month == task.period[:7] if task.period else ListHandover.month.is_not(None),
            ListHandover.received_at.is_not(None)).limit(1)) is not None

    return Proof(check, f"hand the list to 售后部 and have it signed for: `crdesk cr lists hand-over {kind}`, "
                        f"then `crdesk cr lists sign-for {kind}`")


def form_filled(form_key: str, title_zh: str) -> Proof:
    """The form was submitted for the task's store since the task opened."""

    def check(session: Session, task: Task) -> bool:
        from core.models.forms import FormSubmission, FormVersion

        stmt = (select(FormSubmission.id).join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
                .where(FormVersion.form_key == form_key, FormSubmission.submitted_at >= task.opens_at).limit(1))
        if task.store_id is not None:
            stmt = stmt.where(FormSubmission.store_id == task.store_id)
        return session.scalar(stmt) is not None

    return Proof(check, f"fill in 《{title_zh}》 first: `crdesk forms fill {form_key} --data FILE`")


def _promo_submitted(session: Session, task: Task) -> bool:
    from core.models import ApprovalRequest

    return session.scalar(select(ApprovalRequest.id).where(
        ApprovalRequest.chain_key == "cr_system.promo_reimbursement", ApprovalRequest.created_at >= task.opens_at,
        ApprovalRequest.store_id == task.store_id).limit(1)) is not None


def _ecrb_mailed(session: Session, task: Task) -> bool:
    from plugins.cr_system.models import MailMessage

    return session.scalar(select(MailMessage.id).where(
        MailMessage.store_id == task.store_id, MailMessage.status == "sent", MailMessage.sent_at >= task.opens_at,
        MailMessage.subject.like("%e-CRB%")).limit(1)) is not None


ECRB_MAILED = Proof(_ecrb_mailed, "import today's e-CRB tables and mail them: `crdesk cr ecrb import FILE --kind …`, "
                                  "`crdesk cr ecrb mail`")
PROMO_SUBMITTED = Proof(_promo_submitted, "submit 厂家促销品报销 (APR-PROMO-REIMB): "
                                          "`crdesk approvals submit cr_system.promo_reimbursement --data FILE`")
KANBAN_IN = Proof(_kanban_in, "both 9:30 inputs must be in: `crdesk cr kanban status`")
LETTERS_PRINTED = Proof(_letters_printed, "prepare and print yesterday's letters: `crdesk cr letters prepare`, "
                                          "`crdesk cr letters render BATCH`")
LETTERS_SIGNED = Proof(_letters_signed, "hand every batch to 综合部 and have it signed for: "
                                        "`crdesk cr letters hand-over BATCH --to USER`")

SCHEDULES = [
    CalendarSchedule(key="cr_system.morning", title_zh="参加销售或售后晨会，晨会后检查部门卫生责任区域",
                     role=ROLE, duties=("CR-D1",), cadence=Daily(workdays_only=True), due_time=dt.time(9, 30),
                     proof=form_filled("cr_system.morning_check", "晨会及卫生检查记录")),
    CalendarSchedule(key="cr_system.letters", title_zh="打印前一天的购车感谢信及入库感谢信（DM），送签",
                     role=ROLE, duties=("CR-D2",), cadence=Daily(workdays_only=True), due_time=dt.time(12, 0),
                     proof=LETTERS_PRINTED),
    CalendarSchedule(key="cr_system.daily_report", title_zh="整理当天数据，填写日报交部门经理（附件一）",
                     role=ROLE, duties=("CR-D3",), cadence=Daily(workdays_only=True), due_time=dt.time(17, 30),
                     proof=report_rendered("cr_system.daily", "《客户部日报》")),
    CalendarSchedule(key="cr_system.ecrb", title_zh="整理销售、维修顾问e-CRB跟踪表，发副总经理及总经理邮箱",
                     role=ROLE, duties=("CR-D4",), cadence=Daily(workdays_only=True), due_time=dt.time(17, 30),
                     proof=ECRB_MAILED),
    CalendarSchedule(key="cr_system.kanban", title_zh="跟进管理看板更新（9:30前销售信息员、售后前台上报）",
                     role=ROLE, duties=("CR-D5",), cadence=Daily(workdays_only=True), due_time=dt.time(10, 30),
                     proof=KANBAN_IN),
    CalendarSchedule(key="cr_system.membership", title_zh="车主网站会员更新，注册率不低于30%",
                     role=ROLE, duties=("CR-D6",), cadence=Daily(workdays_only=True), due_time=dt.time(17, 30),
                     proof=report_rendered("cr_system.membership", "《车主网站会员注册统计》")),
    CalendarSchedule(key="cr_system.intake_n3_n2", title_zh="N-3、N-2月交车客户入库统计更新",
                     role=ROLE, duties=("CR-D7",), cadence=Daily(workdays_only=True), due_time=dt.time(17, 30),
                     proof=report_rendered("cr_system.intake_n3_n2", "《N-3、N-2月交车客户入库统计》")),
    CalendarSchedule(key="cr_system.intake_n6_n5", title_zh="N-6、N-5月交车客户入库统计更新",
                     role=ROLE, duties=("CR-D8",), cadence=Daily(workdays_only=True), due_time=dt.time(17, 30),
                     proof=report_rendered("cr_system.intake_n6_n5", "《N-6、N-5月交车客户入库统计》")),
    CalendarSchedule(key="cr_system.letters_mailed", title_zh="DM封装，交综合部寄发并在信函登记簿签名",
                     role=ROLE, duties=("CR-D9",), cadence=Daily(workdays_only=True), due_time=dt.time(17, 30),
                     proof=LETTERS_SIGNED),
    CalendarSchedule(key="cr_system.monday_meeting", title_zh="参加部门例会", role=ROLE, duties=("CR-W1",),
                     cadence=Weekly(weekday=0), due_time=dt.time(10, 0),
                     proof=form_filled("cr_system.meeting", "部门例会记录")),
    CalendarSchedule(key="cr_system.weekly_report", title_zh="整理客户部日常管理周报交部门经理（附件二）",
                     role=ROLE, duties=("CR-W2",), cadence=Weekly(weekday=4), due_time=dt.time(17, 30),
                     proof=report_rendered("cr_system.weekly", "《客户部日常管理周报》")),
    CalendarSchedule(key="cr_system.weekly_tracking", title_zh="整理销售、维修顾问跟踪表交部门经理",
                     role=ROLE, duties=("CR-W3",), cadence=Weekly(weekday=4), due_time=dt.time(17, 30),
                     proof=report_rendered("cr_system.ecrb", "《销售、维修顾问e-CRB跟踪表》")),
    CalendarSchedule(key="cr_system.not_returned_n3_5", title_zh="N-3至N-5月未入库名单汇总交售后部并签收",
                     role=ROLE, duties=("CR-M1",), cadence=MonthlyByDay(day=5), due_time=dt.time(17, 30),
                     proof=_list_handed("n3_5")),
    CalendarSchedule(key="cr_system.not_returned_n6_8", title_zh="N-6至N-8月未入库名单汇总交售后部并签收",
                     role=ROLE, duties=("CR-M2",), cadence=MonthlyByDay(day=5), due_time=dt.time(17, 30),
                     proof=_list_handed("n6_8")),
    CalendarSchedule(key="cr_system.expired_summary", title_zh="当月过期汇总交部门经理", role=ROLE,
                     duties=("CR-M3",), cadence=LastDayOfMonth(), due_time=dt.time(17, 30),
                     proof=report_rendered("cr_system.expired", "《当月过期汇总》")),
    CalendarSchedule(key="cr_system.office_supplies", title_zh="下月部门办公用品采购明细交综合部统一采购",
                     role=ROLE, duties=("CR-M4",), cadence=MonthlyByDay(day=25), due_time=dt.time(17, 30),
                     proof=form_filled("cr_system.office_supplies", "办公用品采购明细")),
    CalendarSchedule(key="cr_system.car_care_school", title_zh="汽车养护学堂的招徕（短信邀约须经短信申请审批）",
                     role=ROLE, duties=("CR-M5", "CR-SYS"), cadence=MonthlyByDay(day=10), due_time=dt.time(17, 30),
                     proof=form_filled("cr_system.car_care_school", "汽车养护学堂")),
    CalendarSchedule(key="cr_system.attendance", title_zh="交综合部部门考勤表", role=ROLE, duties=("CR-M6",),
                     cadence=LastDayOfMonth(), due_time=dt.time(17, 30),
                     proof=form_filled("cr_system.attendance", "部门考勤表")),
    CalendarSchedule(key="cr_system.promo_reimbursement", title_zh="厂家促销品报销（根据各部门订购单计算费用）",
                     role=ROLE, duties=("CR-M7",), cadence=MonthlyByDay(day=20), due_time=dt.time(17, 30),
                     proof=PROMO_SUBMITTED),
]
