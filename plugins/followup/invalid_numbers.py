"""The invalid-number loop: listed weekly to the receiving department, verified within N days, then called again.

Sending the week's list opens one verification task per number for the
receiving department's role, due ``followup.verify_days`` (3) days later; the
scheduler escalates a late one to that department's head. A verified number
replaces the customer's phone and reopens the follow-up call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, settings
from core.db.base import utcnow
from core.errors import ValidationError
from core.models import Customer, User
from core.models.tasks import Task
from core.phones import PhoneError, normalise_phone
from core.reports.periods import Period, parse_period
from core.scheduler.adhoc import close_tasks_for, open_task
from core.workdays import CST, cst_datetime
from plugins.followup.models import FollowupInvalidNumber

if TYPE_CHECKING:
    from core.app import CrDesk

VERIFY_KEY = "followup.verify_number"
LINK = "followup_invalid_number"


def week_period(week: str) -> Period:
    """``2026-W45`` as a period (ISO weeks, as the weekly list is counted)."""
    period = parse_period(week)
    if period.kind != "week":
        raise ValidationError(f"week {week!r} must look like 2026-W45")
    return period


def for_week(session: Session, store_id: int, week: str) -> list[FollowupInvalidNumber]:
    """Numbers on the week's list: found by the end of the week and not yet sent, or sent that week."""
    end = week_period(week).end_before
    stmt = (
        select(FollowupInvalidNumber)
        .where(
            FollowupInvalidNumber.store_id == store_id,
            ((FollowupInvalidNumber.status == "open") & (FollowupInvalidNumber.detected_at < end))
            | (FollowupInvalidNumber.listed_week == week),
        )
        .order_by(FollowupInvalidNumber.id)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class Sent:
    week: str
    numbers: int
    tasks: int


def send_list(app: CrDesk, session: Session, *, store_id: int, week: str, actor: str) -> Sent:
    """Hand the week's open invalid numbers to their receiving departments."""
    week = week_period(week).code
    rows = [r for r in for_week(session, store_id, week) if r.status == "open"]
    now = utcnow()
    days = settings.get(app, session, "followup.verify_days", store_id)
    customers = {
        c.id: c.name
        for c in session.execute(
            select(Customer.id, Customer.name).where(Customer.id.in_([r.customer_id for r in rows]))
        )
    }
    roles: dict[str, str] = {}
    for row in rows:
        row.status, row.listed_week, row.listed_at = "listed", week, now
        row.due_back_at = cst_datetime(now.astimezone(CST).date() + dt.timedelta(days=days), dt.time(18, 0))
        role = roles.get(row.source_kind)
        if role is None:
            role = roles[row.source_kind] = settings.get(
                app, session, f"followup.verifier_role_{row.source_kind}", store_id
            )
        open_task(
            session,
            key=VERIFY_KEY,
            store_id=store_id,
            due_at=row.due_back_at,
            role_code=role,
            title=f"核实无效号码：{customers.get(row.customer_id, '')}（客户#{row.customer_id}），{days}天内返回客户部",
            link_kind=LINK,
            link_id=row.id,
            duties=("SF-D5",) if row.source_kind == "delivery" else ("SV-D5",),
            actor=actor,
        )
        audit.record(
            session,
            actor=actor,
            action="list",
            entity="followup.invalid_number",
            entity_id=row.id,
            before={"status": "open"},
            after={"status": "listed", "week": week, "receiving_dept": row.receiving_dept},
        )
    return Sent(week, len(rows), len(rows))


@dataclass(frozen=True)
class Verified:
    customer_id: int
    phone: str
    on_time: bool
    reopened_task_id: int | None


def verify(app: CrDesk, session: Session, *, customer_id: int, phone: str, actor: str) -> Verified:
    """Record the verified number, close the verification task and reopen the follow-up call."""
    try:
        e164 = normalise_phone(phone)
    except PhoneError as exc:
        raise ValidationError(f"--phone {phone!r}: {exc}") from None
    rows = list(
        session.scalars(
            select(FollowupInvalidNumber).where(
                FollowupInvalidNumber.customer_id == customer_id, FollowupInvalidNumber.status.in_(("open", "listed"))
            )
        )
    )
    if not rows:
        raise ValidationError(f"customer {customer_id} has no invalid number waiting for verification")
    customer = session.get(Customer, customer_id)
    assert customer is not None
    me = session.scalar(select(User).where(User.username == actor))
    if me is not None:
        from core import scope

        scope.check_record(session, me, customer, f"customer {customer_id}")
    before = customer.phone
    clash = session.scalar(
        select(Customer.id).where(
            Customer.store_id == customer.store_id, Customer.phone == e164, Customer.id != customer_id
        )
    )
    if clash is not None:
        raise ValidationError(f"{phone} already belongs to customer {clash} of this store; check the number")
    customer.phone = e164
    audit.record(
        session,
        actor=actor,
        action=audit.CHANGE,
        entity="customer",
        entity_id=customer_id,
        before={"phone": before},
        after={"phone": e164},
    )
    now = utcnow()
    on_time = all(r.due_back_at is None or now <= r.due_back_at for r in rows)
    reopened: int | None = None
    for row in rows:
        row.status, row.verified_at, row.verified_phone, row.verified_by = "verified", now, e164, actor
        close_tasks_for(session, link_kind=LINK, link_id=row.id, key=VERIFY_KEY, actor=actor)
        original = session.get(Task, row.task_id) if row.task_id else None
        if original is not None and reopened is None:
            reopened = _reopen(session, original, row, actor)
        audit.record(
            session,
            actor=actor,
            action="verify",
            entity="followup.invalid_number",
            entity_id=row.id,
            after={"phone": e164, "on_time": on_time, "reopened_task": reopened},
        )
    return Verified(customer_id, e164, on_time, reopened)


def _reopen(session: Session, original: Task, row: FollowupInvalidNumber, actor: str) -> int:
    """A new call task like the one that could not be completed, due as long after now as it was open."""
    window = max(original.due_at - original.opens_at, dt.timedelta(days=1))
    task = open_task(
        session,
        key=original.key,
        title=f"{original.title}（号码已核实，重新回访）",
        store_id=original.store_id,
        due_at=utcnow() + window,
        role_code=original.role_code,
        assignee_id=original.assignee_id,
        link_kind=LINK,
        link_id=row.id,
        duties=tuple(original.duties or ()),
        actor=actor,
    )
    task.source_kind, task.source_id, task.detail = original.source_kind, original.source_id, original.detail
    return task.id
