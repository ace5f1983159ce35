"""What proves a service follow-up task done: checks over records, never a checkbox."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models.tasks import Task
from core.workdays import CST, cst_datetime

SMS_CHAIN = "core.sms_request"


def report_rendered_since_open(key: str) -> Callable[[Session, Task], bool]:
    """The report ``key`` was rendered for the task's store (or all stores) since the task opened."""
    def check(session: Session, task: Task) -> bool:
        from core.models import ReportArchive

        return session.scalar(select(func.count()).select_from(ReportArchive).where(
            ReportArchive.report_key == key, ReportArchive.created_at >= task.opens_at,
            (ReportArchive.store_id == task.store_id) | ReportArchive.store_id.is_(None))) > 0
    return check


def ads_logged_today(session: Session, task: Task) -> bool:
    """At least one competitor ad was logged for the task's day (the papers were read)."""
    from plugins.followup.models import FollowupAdEntry

    day = task.opens_at.astimezone(CST).date()
    return session.scalar(select(func.count()).select_from(FollowupAdEntry).where(
        FollowupAdEntry.store_id == task.store_id, FollowupAdEntry.seen_on == day)) > 0


def invalid_list_sent(session: Session, task: Task) -> bool:
    """No invalid number of the store found by now is still waiting to be sent to its department."""
    from plugins.followup.models import FollowupInvalidNumber

    return session.scalar(select(func.count()).select_from(FollowupInvalidNumber).where(
        FollowupInvalidNumber.store_id == task.store_id, FollowupInvalidNumber.status == "open")) == 0


def sms_request_this_month(session: Session, task: Task) -> bool:
    """An APR-SMS request (短信发送申请) of the store was submitted this month and not withdrawn.

    It proves the SMS work was put through the approval chain; whether it was
    approved and sent is tracked by the chain and the SMS outbox.
    """
    from core.models import ApprovalRequest

    opened = task.opens_at.astimezone(CST).date()
    start = cst_datetime(opened.replace(day=1))
    end = cst_datetime((opened.replace(day=28) + dt.timedelta(days=4)).replace(day=1))
    return session.scalar(select(func.count()).select_from(ApprovalRequest).where(
        ApprovalRequest.chain_key == SMS_CHAIN, ApprovalRequest.store_id == task.store_id,
        ApprovalRequest.status != "withdrawn", ApprovalRequest.submitted_at >= start,
        ApprovalRequest.submitted_at < end)) > 0
