"""Monthly not-returned lists handed to 售后部 and signed for (CR-M1, CR-M2), with escalation when not signed.

The list is whatever core's vehicle history says has not come back; the
hand-over row is the sign-off record: who handed it, when, how many lines,
who in 售后部 received it and when. A list not signed for by its due time
goes to the CR manager.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.db.base import utcnow
from core.errors import ValidationError
from core.models import User
from core.vehicle_history import cohort_window, not_returned
from core.workdays import cst_datetime
from plugins.cr_system.models import LIST_KINDS, LIST_TITLES, ListHandover

if TYPE_CHECKING:
    from core.app import CrDesk

SIGN_TASK = "cr_system.list_signoff"
OVERDUE_TASK = "cr_system.list_signoff_overdue"
RECEIVER_ROLES = ("service_manager", "service_desk")


def month_start(month: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise ValidationError(f"--month {month!r}: use a month such as 2026-11") from None


def rows_for(session: Session, store_id: int, kind: str, month: str) -> list[dict[str, object]]:
    if kind not in LIST_KINDS:
        raise ValidationError(f"list {kind!r} must be n3_5 (N-3至N-5月) or n6_8 (N-6至N-8月)")
    near, far = LIST_KINDS[kind]
    first, last = cohort_window(month_start(month), near, far)
    return [r.as_dict() for r in not_returned(session, store_id=store_id, delivered_from=first, delivered_to=last)]


def hand_over(session: Session, user: User, *, store_id: int, kind: str, month: str) -> ListHandover:
    """Record that the list went to 售后部 and open the sign-off task for its receivers (due in 2 working days)."""
    from core.scheduler.adhoc import open_task
    from core.workdays import WorkdayCalendar, cst_date

    rows = rows_for(session, store_id, kind, month)
    existing = session.scalar(select(ListHandover).where(ListHandover.store_id == store_id,
                                                         ListHandover.kind == kind, ListHandover.month == month))
    if existing is not None:
        raise ValidationError(f"{LIST_TITLES[kind]} {month} was already handed over (#{existing.id})")
    now = utcnow()
    due_day = WorkdayCalendar.load(session, store_id).add_workdays(cst_date(now), 2)
    row = ListHandover(store_id=store_id, kind=kind, month=month, rows=len(rows), handed_by=user.username,
                       handed_at=now, due_at=cst_datetime(due_day, dt.time(17, 30)))
    session.add(row)
    session.flush()
    open_task(session, key=SIGN_TASK, title=f"签收{LIST_TITLES[kind]}（{month}，{len(rows)}台）",
              store_id=store_id, role_code="service_manager", link_kind="cr_system.list", link_id=row.id,
              duties=("CR-M1",) if kind == "n3_5" else ("CR-M2",), due_at=row.due_at, actor=user.username)
    audit.record(session, actor=user.username, action="hand_over", entity="cr_system.list_handover",
                 entity_id=row.id, after={"kind": kind, "month": month, "rows": len(rows)})
    return row


def sign_for(session: Session, user: User, *, store_id: int, kind: str, month: str) -> ListHandover:
    from core.scheduler.adhoc import close_tasks_for

    row = session.scalar(select(ListHandover).where(ListHandover.store_id == store_id, ListHandover.kind == kind,
                                                    ListHandover.month == month))
    if row is None:
        raise ValidationError(f"{LIST_TITLES.get(kind, kind)} {month} has not been handed to 售后部")
    if row.received_at is not None:
        raise ValidationError(f"{LIST_TITLES[kind]} {month} was already signed for")
    if not user.has_role(*RECEIVER_ROLES):
        raise ValidationError(f"{user.username} is not in 售后部 (售后经理/售后前台): they cannot sign for the list")
    row.received_by_id, row.received_at = user.id, utcnow()
    close_tasks_for(session, link_kind="cr_system.list", link_id=row.id, actor=user.username)
    close_tasks_for(session, link_kind="cr_system.list_overdue", link_id=row.id, actor=user.username)
    audit.record(session, actor=user.username, action="sign_for", entity="cr_system.list_handover",
                 entity_id=row.id, after={"received_by": user.username})
    return row


def escalate_unsigned(app: CrDesk, session: Session, moment: dt.datetime) -> int:
    """Lists past their sign-off time without a receiver: a task for the CR manager."""
    from core.scheduler.adhoc import open_task

    late = session.scalars(select(ListHandover).where(ListHandover.received_at.is_(None),
                                                      ListHandover.due_at < moment))
    count = 0
    for row in late:
        open_task(session, key=OVERDUE_TASK, title=f"{LIST_TITLES[row.kind]}（{row.month}）售后部逾期未签收",
                  store_id=row.store_id, role_code="manager", link_kind="cr_system.list_overdue", link_id=row.id,
                  duties=("CR-M1", "CR-M2", "CR-M3"), due_at=moment + dt.timedelta(days=1), actor="system")
        count += 1
    return count
