"""Proof for a scheduled duty whose output is a report: it was rendered since the task opened."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from core.models.reports import ReportArchive
from core.scheduler.specs import Proof

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.models.tasks import Task


def report_rendered(report_key: str, title_zh: str) -> Proof:
    """``crdesk tasks done`` refuses until ``report_key`` was rendered (any format) for the task's store
    since the task opened; the archive row is the evidence."""

    def check(session: Session, task: Task) -> bool:
        stmt = select(ReportArchive.id).where(ReportArchive.report_key == report_key,
                                              ReportArchive.created_at >= task.opens_at).limit(1)
        if task.store_id is not None:
            stmt = stmt.where((ReportArchive.store_id == task.store_id) | ReportArchive.store_id.is_(None))
        return session.scalar(stmt) is not None

    return Proof(check, f"render {title_zh} first: `crdesk reports render {report_key} --period …`",
                 report_key=report_key, commands=("reports render",))
