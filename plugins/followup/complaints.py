"""Complaint cases (SF-COMPL, SV-COMPL): intake, registration, handling, result and its follow-up call.

Deadlines: the first response is due ``followup.complaint_response_workdays``
working days after intake (official calendar), closure within the tier's
number of days; a missed deadline is escalated to the CR manager (role
``manager``) by :func:`escalate_overdue`, which the daily task generation runs.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, settings
from core.db.base import utcnow
from core.errors import NotFound, ValidationError
from core.models import Customer, User
from core.people import DEPARTMENTS, user_by_name
from core.scheduler.adhoc import close_tasks_for, open_task
from core.workdays import CST, WorkdayCalendar, cst_datetime
from plugins.followup.models import FollowupComplaint
from plugins.followup.outcomes import COMPLAINT_CHANNELS, SATISFACTION, TIERS

if TYPE_CHECKING:
    from core.app import CrDesk

LINK = "followup_complaint"
RESPOND_KEY = "followup.complaint_response"
CLOSE_KEY = "followup.complaint_closure"
ESCALATE_KEY = "followup.complaint_escalation"
FOLLOWUP_KEY = "followup.complaint_followup_call"
END_OF_DAY = dt.time(18, 0)
CHANNELS = tuple(COMPLAINT_CHANNELS)
_DUTY = {"sales": ("SF-COMPL",), "service": ("SV-COMPL",)}
_FOLLOWUP_ROLE = {"sales": "sales_fu", "service": "service_fu"}


def get(session: Session, complaint_id: int, user: User | None = None) -> FollowupComplaint:
    """Complaint ``complaint_id``; with ``user``, refused unless its store is in the user's scope."""
    case = session.get(FollowupComplaint, complaint_id)
    if case is None:
        raise NotFound(f"no complaint {complaint_id}: see `crdesk complaints list`")
    if user is not None:
        from core import scope

        scope.check_record(session, user, case, f"complaint {complaint_id}")
    return case


def _handler_in_store(user: User, store_id: int) -> None:
    """A handler works in the complaint's store."""
    if user.store_id != store_id:
        raise ValidationError(f"handler {user.username!r} does not work in the complaint's store")


def snapshot(case: FollowupComplaint) -> dict[str, Any]:
    return {
        "status": case.status,
        "tier": case.tier,
        "owner_dept": case.owner_dept,
        "handler_id": case.handler_id,
        "result": case.result,
        "customer_satisfaction": case.customer_satisfaction,
    }


def open_complaint(
    app: CrDesk,
    session: Session,
    *,
    store_id: int,
    customer_id: int,
    origin: str,
    tier: str,
    category: str,
    description: str,
    channel: str,
    actor: str,
    owner_dept: str | None = None,
    handler: str | None = None,
    call_id: int | None = None,
) -> FollowupComplaint:
    if origin not in _DUTY:
        raise ValidationError(f"origin {origin!r} must be sales or service")
    if tier not in TIERS:
        raise ValidationError(f"tier {tier!r} must be one of {', '.join(TIERS)}")
    if channel not in CHANNELS:
        raise ValidationError(f"channel {channel!r} must be one of {', '.join(CHANNELS)}")
    if not description.strip():
        raise ValidationError("describe the complaint (--text)")
    customer = session.get(Customer, customer_id)
    if customer is None or customer.store_id != store_id:
        raise ValidationError(f"no customer {customer_id} in this store")
    owner_dept = owner_dept or origin
    if owner_dept not in DEPARTMENTS:
        raise ValidationError(f"department {owner_dept!r} must be one of {', '.join(DEPARTMENTS)}")
    handler_user = user_by_name(session, handler) if handler else None
    if handler_user is not None:
        _handler_in_store(handler_user, store_id)
    now = utcnow()
    calendar = WorkdayCalendar.load(session, store_id)
    today = now.astimezone(CST).date()
    response_days = settings.get(app, session, "followup.complaint_response_workdays", store_id)
    closure_days = settings.get(app, session, f"followup.complaint_closure_days_{tier}", store_id)
    case = FollowupComplaint(
        store_id=store_id,
        customer_id=customer_id,
        origin=origin,
        call_id=call_id,
        channel=channel,
        tier=tier,
        category=category,
        description=description.strip(),
        owner_dept=owner_dept,
        handler_id=handler_user.id if handler_user else None,
        opened_at=now,
        opened_by=actor,
        first_response_due=cst_datetime(calendar.add_workdays(today, response_days), END_OF_DAY),
        closure_due=cst_datetime(today + dt.timedelta(days=closure_days), END_OF_DAY),
        status="open",
    )
    session.add(case)
    session.flush()
    audit.record(
        session, actor=actor, action=audit.CREATE, entity="followup.complaint", entity_id=case.id, after=snapshot(case)
    )
    _open_handler_task(session, case, actor)
    return case


def _audit_change(session: Session, case: FollowupComplaint, before: dict[str, Any], actor: str) -> None:
    audit.record(session, actor=actor, action=audit.CHANGE, entity="followup.complaint", entity_id=case.id,
                 before=before, after=snapshot(case))


def _open_handler_task(session: Session, case: FollowupComplaint, actor: str) -> None:
    """The open step of a case sits on its handler's agenda (or the owning department head's)."""
    close_tasks_for(session, link_kind=LINK, link_id=case.id, key=RESPOND_KEY, status="cancelled", actor=actor)
    close_tasks_for(session, link_kind=LINK, link_id=case.id, key=CLOSE_KEY, status="cancelled", actor=actor)
    key, due, what = (
        (RESPOND_KEY, case.first_response_due, "首次响应")
        if case.status == "open"
        else (CLOSE_KEY, case.closure_due, "处理结案")
    )
    role = None if case.handler_id else _head_role(case.owner_dept)
    open_task(
        session,
        key=key,
        title=f"投诉#{case.id}{what}：{TIERS[case.tier]}·{case.category}",
        store_id=case.store_id,
        due_at=due,
        role_code=role,
        assignee_id=case.handler_id,
        link_kind=LINK,
        link_id=case.id,
        duties=_DUTY[case.origin],
        actor=actor,
    )


def _head_role(dept: str) -> str:
    return {
        "sales": "sales_manager",
        "service": "service_manager",
        "cr": "manager",
        "finance": "finance_manager",
        "admin": "admin_clerk",
        "gm_office": "gm",
    }[dept]


def assign(session: Session, case: FollowupComplaint, *, handler: str, owner_dept: str | None, actor: str) -> None:
    if case.status == "closed":
        raise ValidationError(f"complaint {case.id} is closed")
    user = user_by_name(session, handler)
    _handler_in_store(user, case.store_id)
    before = snapshot(case)
    case.handler_id = user.id
    if owner_dept:
        if owner_dept not in DEPARTMENTS:
            raise ValidationError(f"department {owner_dept!r} must be one of {', '.join(DEPARTMENTS)}")
        case.owner_dept = owner_dept
    _audit_change(session, case, before, actor)
    _open_handler_task(session, case, actor)


def respond(session: Session, case: FollowupComplaint, *, note: str, actor: str) -> None:
    if case.status != "open":
        raise ValidationError(f"complaint {case.id} is {case.status}: the first response is already recorded")
    if not note.strip():
        raise ValidationError("say what was done (--note)")
    before = snapshot(case)
    case.first_responded_at, case.first_response_note, case.status = utcnow(), note.strip(), "responded"
    _audit_change(session, case, before, actor)
    _open_handler_task(session, case, actor)


def close(
    app: CrDesk, session: Session, case: FollowupComplaint, *, result: str, satisfaction: str | None, actor: str
) -> None:
    """Close with the result; a follow-up call asks the customer about it unless their answer is recorded."""
    if case.status == "closed":
        raise ValidationError(f"complaint {case.id} is already closed")
    if not result.strip():
        raise ValidationError("record the result (--result)")
    if satisfaction is not None and satisfaction not in SATISFACTION:
        raise ValidationError(f"satisfaction must be one of {', '.join(SATISFACTION)}")
    before = snapshot(case)
    now = utcnow()
    if case.first_responded_at is None:
        case.first_responded_at, case.first_response_note = now, result.strip()
    case.closed_at, case.result, case.status = now, result.strip(), "closed"
    case.customer_satisfaction = satisfaction
    close_tasks_for(session, link_kind=LINK, link_id=case.id, actor=actor)
    _audit_change(session, case, before, actor)
    if satisfaction is None:
        days = settings.get(app, session, "followup.complaint_followup_days", case.store_id)
        open_task(
            session,
            key=FOLLOWUP_KEY,
            title=f"投诉#{case.id}结案回访：客户对处理结果是否满意",
            store_id=case.store_id,
            due_at=cst_datetime(now.astimezone(CST).date() + dt.timedelta(days=days), END_OF_DAY),
            role_code=_FOLLOWUP_ROLE[case.origin],
            link_kind=LINK,
            link_id=case.id,
            duties=_DUTY[case.origin],
            actor=actor,
        )


def record_satisfaction(session: Session, case: FollowupComplaint, *, satisfaction: str, actor: str) -> None:
    """The follow-up call after closing: the customer's satisfaction with the result."""
    if case.status != "closed":
        raise ValidationError(f"complaint {case.id} is not closed yet")
    if satisfaction not in SATISFACTION:
        raise ValidationError(f"satisfaction must be one of {', '.join(SATISFACTION)}")
    before = snapshot(case)
    case.customer_satisfaction = satisfaction
    close_tasks_for(session, link_kind=LINK, link_id=case.id, key=FOLLOWUP_KEY, actor=actor)
    _audit_change(session, case, before, actor)


def escalate_overdue(session: Session, *, moment: dt.datetime, actor: str | None) -> int:
    """Tell the CR manager about every case past a deadline that was not escalated yet."""
    late = list(
        session.scalars(
            select(FollowupComplaint).where(
                FollowupComplaint.escalated_at.is_(None),
                FollowupComplaint.status != "closed",
                ((FollowupComplaint.status == "open") & (FollowupComplaint.first_response_due < moment))
                | (FollowupComplaint.closure_due < moment),
            )
        )
    )
    for case in late:
        what = "未按时首次响应" if case.status == "open" else "未按时结案"
        case.escalated_at = moment
        open_task(
            session,
            key=ESCALATE_KEY,
            title=f"投诉#{case.id}{what}，请督办（{TIERS[case.tier]}）",
            store_id=case.store_id,
            due_at=moment + dt.timedelta(hours=4),
            role_code="manager",
            link_kind=LINK,
            link_id=case.id,
            duties=_DUTY[case.origin],
            actor=actor,
        )
        audit.record(
            session,
            actor=actor,
            action="escalate",
            entity="followup.complaint",
            entity_id=case.id,
            after={"reason": what},
        )
    return len(late)


def handler_name(session: Session, case: FollowupComplaint) -> str:
    user = session.get(User, case.handler_id) if case.handler_id else None
    return (user.full_name or user.username) if user else ""
