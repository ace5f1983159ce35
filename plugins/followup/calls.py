"""Logging a call and the callback rule of the manual (4.4.1 E, 4.5.1 E).

A number that fails ``followup.invalid_threshold`` times (default 3) as
powered off 关机, forwarded 呼叫转移 or cannot connect 无法接通 — counted
since the last time the number was answered — is classified invalid; a wrong
number is invalid at once. The call task then steps aside until the receiving
department returns a verified number (:mod:`plugins.followup.invalid_numbers`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit, settings
from core.errors import PermissionDenied, ValidationError
from core.models import Customer, User
from core.scheduler.actions import complete, get_task, may_act, schedules_by_key
from core.scheduler.adhoc import close_task
from core.workdays import CST
from plugins.followup.models import FollowupCall, FollowupInvalidNumber
from plugins.followup.outcomes import FINISHING, OUTCOMES
from plugins.followup.sources import CallSource, source_of_task

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models.tasks import Task


@dataclass
class CallResult:
    call: FollowupCall
    task_status: str
    invalid: FollowupInvalidNumber | None = None
    submission_id: int | None = None
    complaint_id: int | None = None
    #: A service follow-up case opened because the repair was not fixed or the claim not smooth (SV-CALL).
    followup_case_id: int | None = None
    #: The questionnaire's 更正的资料 were applied to the customer.
    corrected: bool = False


def survey_form_key(app: CrDesk, task: Task) -> str | None:
    """The questionnaire a reached call fills: the form the task's schedule ``completes_with``."""
    schedule = schedules_by_key(app).get(task.key)
    if schedule is not None and schedule.completes_with and schedule.completes_with[0] == "form":
        return schedule.completes_with[1]
    return None


def failures_since_answered(app: CrDesk, session: Session, customer_id: int, phone: str | None, store_id: int) -> int:
    """Separate failed attempts on this number since it was last answered.

    A failure counts as a new attempt only when it comes at least ``followup.failure_min_gap_hours`` (2)
    after the last counted one, or on another day (CST): three dials in five minutes are one attempt.
    """
    counted = settings.get(app, session, "followup.invalid_outcomes", store_id)
    gap = dt.timedelta(hours=float(settings.get(app, session, "followup.failure_min_gap_hours", store_id)))
    answered_at = session.scalar(
        select(func.max(FollowupCall.called_at)).where(
            FollowupCall.customer_id == customer_id, FollowupCall.phone == phone, FollowupCall.outcome.in_(FINISHING)
        )
    )
    stmt = (
        select(FollowupCall.called_at)
        .where(FollowupCall.customer_id == customer_id, FollowupCall.phone == phone, FollowupCall.outcome.in_(counted))
        .order_by(FollowupCall.called_at)
    )
    if answered_at is not None:
        stmt = stmt.where(FollowupCall.called_at > answered_at)
    attempts, last = 0, None
    for at in session.scalars(stmt):
        at = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
        if last is None or at - last >= gap or at.astimezone(CST).date() != last.astimezone(CST).date():
            attempts, last = attempts + 1, at
    return attempts


def receiving_dept(app: CrDesk, session: Session, source: CallSource) -> str:
    return settings.get(app, session, f"followup.receiving_dept_{source.kind}", source.store_id)


def _mark_invalid(
    app: CrDesk,
    session: Session,
    source: CallSource,
    task: Task,
    phone: str | None,
    failures: int,
    reason: str,
    actor: str,
) -> FollowupInvalidNumber:
    row = session.scalar(
        select(FollowupInvalidNumber).where(
            FollowupInvalidNumber.customer_id == source.customer_id, FollowupInvalidNumber.phone == phone
        )
    )
    if row is None:
        row = FollowupInvalidNumber(
            store_id=source.store_id,
            customer_id=source.customer_id,
            phone=phone,
            source_kind=source.kind,
            source_id=source.id,
            task_id=task.id,
            receiving_dept=receiving_dept(app, session, source),
            failures=failures,
            reason=reason,
            status="open",
        )
        session.add(row)
    else:  # the same number confirmed earlier failed again: back on the list
        row.status, row.failures, row.reason, row.task_id = "open", failures, reason, task.id
        row.listed_week = row.listed_at = row.due_back_at = row.verified_at = None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="invalid",
        entity="customer",
        entity_id=source.customer_id,
        after={"phone": phone, "failures": failures, "reason": reason, "invalid_number_id": row.id},
    )
    close_task(session, task, status="cancelled", actor=actor)
    return row


#: Survey answers that open a follow-up case for the service department (SV-CALL), with the case's category.
REPAIR_FOLLOWUPS = {"issue_resolved": ("故障未彻底修复", "返修跟进"), "claim_smooth": ("保险理赔不顺利", "理赔跟进")}


def _open_repair_followup(app: CrDesk, session: Session, source: CallSource, customer_id: int, call_id: int,
                          answers: dict[str, Any], actor: str) -> int | None:
    """"故障是否已彻底修复 = 否" or "保险理赔是否顺利 = 否": a case for 售后部 with owner and deadlines."""
    failed = [(what, category) for field, (what, category) in REPAIR_FOLLOWUPS.items() if answers.get(field) == "no"]
    if not failed:
        return None
    from plugins.followup.complaints import open_complaint

    detail = "；".join(what for what, _ in failed)
    note = str(answers.get("suggestions") or "").strip()
    case = open_complaint(app, session, store_id=source.store_id, customer_id=customer_id, origin="service",
                          tier="general", category="、".join(c for _, c in failed),
                          description=f"维修/保险回访：{detail}" + (f"（客户意见：{note}）" if note else ""),
                          channel="callback", call_id=call_id, actor=actor, owner_dept="service")
    return case.id


def log_call(
    app: CrDesk,
    session: Session,
    *,
    task_id: int,
    outcome: str,
    user: User,
    note: str = "",
    survey: dict[str, Any] | None = None,
    complaint: str | None = None,
) -> CallResult:
    """Record one dial on a call task and apply the callback rule; everything in the caller's transaction."""
    if outcome not in OUTCOMES:
        raise ValidationError(f"unknown outcome {outcome!r}; use one of {', '.join(OUTCOMES)}")
    task = get_task(session, task_id, user)
    if task.status != "open":
        raise ValidationError(f"task {task.id} is {task.status}: log calls on open call tasks only")
    if not may_act(session, user, task):
        raise PermissionDenied(f"task {task.id} is not on {user.username}'s agenda")
    source = source_of_task(session, task)
    customer = session.get(Customer, source.customer_id)
    assert customer is not None
    if any(c.channel == "phone" and not c.granted for c in customer.consents):
        raise ValidationError(f"客户 {customer.id} 已拒绝电话联系：任务 {task.id} 不得拨打（见 `crdesk customers show {customer.id}`）")
    form_key = survey_form_key(app, task)
    if outcome != "reached" and survey is not None:
        raise ValidationError("a questionnaire goes with a reached call only (--outcome reached)")
    if outcome == "reached" and form_key is not None and survey is None:
        raise ValidationError(f"a reached call needs its questionnaire ({form_key}): pass --survey FILE")

    call = FollowupCall(
        store_id=source.store_id,
        customer_id=customer.id,
        task_id=task.id,
        source_kind=source.kind,
        source_id=source.id,
        phone=customer.phone,
        outcome=outcome,
        note=note,
        agent=user.username,
    )
    session.add(call)
    session.flush()
    result = CallResult(call=call, task_status="open")

    if outcome == "reached" and form_key is not None:
        from core.forms import attachment_store, find_form
        from core.forms.store import submit

        spec = find_form(app, form_key)
        submission = submit(
            session, spec, survey or {}, store=attachment_store(app), user_id=user.id, store_id=source.store_id
        )
        call.submission_id = result.submission_id = submission.id
        answers = survey or {}
        from plugins.followup.contact_data import apply_survey_corrections

        result.corrected = apply_survey_corrections(session, customer.id, answers, actor=user.username)
        result.followup_case_id = _open_repair_followup(app, session, source, customer.id, call.id, answers,
                                                        user.username)
        if answers.get("complaint") == "yes" and not complaint:
            complaint = str(answers.get("complaint_detail") or answers.get("suggestions") or "回访中客户投诉")
    if complaint:
        from plugins.followup.complaints import open_complaint

        case = open_complaint(
            app,
            session,
            store_id=source.store_id,
            customer_id=customer.id,
            origin="sales" if source.kind == "delivery" else "service",
            tier="general",
            category="回访投诉",
            description=complaint,
            channel="callback",
            call_id=call.id,
            actor=user.username,
        )
        result.complaint_id = case.id

    if outcome in FINISHING:
        complete(app, session, task.id, user)
        result.task_status = "done"
    elif outcome == "wrong_number":
        result.invalid = _mark_invalid(app, session, source, task, customer.phone, 1, outcome, user.username)
        result.task_status = "cancelled"
    else:
        failures = failures_since_answered(app, session, customer.id, customer.phone, source.store_id)
        threshold = settings.get(app, session, "followup.invalid_threshold", source.store_id)
        counted = settings.get(app, session, "followup.invalid_outcomes", source.store_id)
        if outcome in counted and failures >= threshold:
            result.invalid = _mark_invalid(app, session, source, task, customer.phone, failures, outcome, user.username)
            result.task_status = "cancelled"
    audit.record(
        session,
        actor=user.username,
        action="call",
        entity="task",
        entity_id=task.id,
        after={"outcome": outcome, "call_id": call.id, "customer_id": customer.id, "task_status": result.task_status},
    )
    return result
