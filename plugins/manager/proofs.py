"""What ``crdesk tasks done`` needs before a manager's task counts as done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from core.models.reports import ReportArchive
from core.scheduler.specs import Proof

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.models.tasks import Task


def meeting_recorded(kind: str, title_zh: str) -> Proof:
    """Minutes of a ``kind`` meeting were recorded for the task's store since the task opened."""
    from plugins.manager.models import ManagerMeeting

    def check(session: Session, task: Task) -> bool:
        stmt = select(ManagerMeeting.id).where(ManagerMeeting.kind == kind,
                                               ManagerMeeting.recorded_at >= task.opens_at).limit(1)
        if task.store_id is not None:
            stmt = stmt.where(ManagerMeeting.store_id == task.store_id)
        return session.scalar(stmt) is not None

    return Proof(check, f"先记录《{title_zh}》纪要:`crdesk meetings record --data FILE`",
                 commands=("meetings record",))


def reports_rendered(keys: tuple[str, ...], titles_zh: str) -> Proof:
    """Every report of ``keys`` was rendered for the task's store since the task opened."""

    def check(session: Session, task: Task) -> bool:
        for key in keys:
            stmt = select(ReportArchive.id).where(ReportArchive.report_key == key,
                                                  ReportArchive.created_at >= task.opens_at).limit(1)
            if task.store_id is not None:
                stmt = stmt.where((ReportArchive.store_id == task.store_id) | ReportArchive.store_id.is_(None))
            if session.scalar(stmt) is None:
                return False
        return True

    return Proof(check, f"先生成{titles_zh}:`crdesk reports render KEY --period …`({'、'.join(keys)})",
                 report_key=keys[0], commands=("reports render",))
