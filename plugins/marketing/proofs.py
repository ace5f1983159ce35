"""What ``crdesk tasks done`` needs before a marketing task counts as done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from core.models import ApprovalRequest, FormSubmission, FormVersion
from core.scheduler.specs import Proof

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.models.tasks import Task


def request_submitted(chain_key: str, title_zh: str) -> Proof:
    """A request along ``chain_key`` was submitted by the task's store since the task opened, not withdrawn."""

    def check(session: Session, task: Task) -> bool:
        stmt = select(ApprovalRequest.id).where(ApprovalRequest.chain_key == chain_key,
                                                ApprovalRequest.status != "withdrawn",
                                                ApprovalRequest.submitted_at >= task.opens_at).limit(1)
        if task.store_id is not None:
            stmt = stmt.where(ApprovalRequest.store_id == task.store_id)
        return session.scalar(stmt) is not None

    return Proof(check, f"先提交{title_zh}:`crdesk approvals submit {chain_key} --data FILE`")


def form_filled(form_key: str, title_zh: str) -> Proof:
    """The form ``form_key`` was filled for the task's store since the task opened."""

    def check(session: Session, task: Task) -> bool:
        stmt = (select(FormSubmission.id).join(FormVersion)
                .where(FormVersion.form_key == form_key, FormSubmission.submitted_at >= task.opens_at).limit(1))
        if task.store_id is not None:
            stmt = stmt.where(FormSubmission.store_id == task.store_id)
        return session.scalar(stmt) is not None

    return Proof(check, f"先录入《{title_zh}》:`crdesk forms fill {form_key} --data FILE`")


def walkins_entered() -> Proof:
    """The day's walk-in / call-in figures were imported or entered (MKT-D1)."""
    from core.workdays import CST
    from plugins.marketing.models import MarketingWalkin

    form = form_filled("marketing.walkins", "来店来电数据及销售跟踪日报")

    def check(session: Session, task: Task) -> bool:
        day = task.opens_at.astimezone(CST).date()
        stmt = select(MarketingWalkin.id).where(MarketingWalkin.day == day).limit(1)
        if task.store_id is not None:
            stmt = stmt.where(MarketingWalkin.store_id == task.store_id)
        return session.scalar(stmt) is not None or form.check(session, task)

    return Proof(check, "先录入当天的来店来电数据:`crdesk import walkins 来店来电.xlsx` 或 "
                        "`crdesk forms fill marketing.walkins --data FILE`(来店来电数据及销售跟踪日报)")
