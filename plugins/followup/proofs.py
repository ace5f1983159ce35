"""Proofs the follow-up duties share: what must exist before ``crdesk tasks done`` accepts the task."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.models import ApprovalRequest
from core.scheduler.specs import Proof
from core.workdays import CST, cst_datetime
from plugins.followup.models import FollowupAdEntry, FollowupInvalidNumber

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.models.tasks import Task


def _ads_logged(session: Session, task: Task) -> bool:
    day = task.opens_at.astimezone(CST).date()
    return (
        session.scalar(
            select(FollowupAdEntry.id)
            .where(FollowupAdEntry.store_id == task.store_id, FollowupAdEntry.seen_on == day)
            .limit(1)
        )
        is not None
    )


def _invalid_list_sent(session: Session, task: Task) -> bool:
    """Nothing found before the due day is still waiting to be sent."""
    return (
        session.scalar(
            select(FollowupInvalidNumber.id)
            .where(
                FollowupInvalidNumber.store_id == task.store_id,
                FollowupInvalidNumber.status == "open",
                FollowupInvalidNumber.detected_at < task.due_at,
            )
            .limit(1)
        )
        is None
    )


def _sms_request_this_month(session: Session, task: Task) -> bool:
    """An SMS request of the store was submitted in the month the task opened (late counts) and not withdrawn.

    It proves the SMS work went through the approval chain; whether it was approved and sent is tracked by the
    chain and the SMS outbox.
    """
    opened = task.opens_at.astimezone(CST).date()
    first = opened.replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        session.scalar(
            select(ApprovalRequest.id)
            .where(
                ApprovalRequest.chain_key == "core.sms_request",
                ApprovalRequest.store_id == task.store_id,
                ApprovalRequest.submitted_at >= cst_datetime(first),
                ApprovalRequest.submitted_at < cst_datetime(after),
                ApprovalRequest.status != "withdrawn",
            )
            .limit(1)
        )
        is not None
    )


ADS_LOGGED = Proof(
    _ads_logged,
    "log the day's competitor ads first: `crdesk ads log …` (one line per ad; "
    "`--brand 无 --paper 广州日报` when the papers carried none)",
    commands=("ads log",),
)
INVALID_LIST_SENT = Proof(_invalid_list_sent, "send this week's invalid numbers first: `crdesk calls invalid --send`",
                          commands=("calls invalid",))
SMS_REQUEST_THIS_MONTH = Proof(
    _sms_request_this_month, "submit this month's SMS request first: `crdesk approvals submit sms_request --data …`",
    commands=("approvals submit",),
)


def report_for_last_month(report_key: str, title_zh: str) -> Proof:
    """SF-RPT / SV-RPT: ``report_key`` rendered for the month before the task opened — that period, no other.

    Rendering the current (empty) month, or any other, does not close last month's task.
    """
    from core.models.reports import ReportArchive

    def check(session: Session, task: Task) -> bool:
        opened = task.opens_at.astimezone(CST).date()
        month = (opened.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
        stmt = select(ReportArchive.id).where(ReportArchive.report_key == report_key, ReportArchive.period == month)
        if task.store_id is not None:
            stmt = stmt.where((ReportArchive.store_id == task.store_id) | ReportArchive.store_id.is_(None))
        return session.scalar(stmt.limit(1)) is not None

    return Proof(check, f"render {title_zh} for last month first: `crdesk reports render {report_key} --period YYYY-MM`",
                 report_key=report_key, commands=("reports render",))
