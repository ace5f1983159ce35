"""Steps nobody could sign: the head who submits their own request, and the admin's reassignment.

Rule (docs/forms-and-approvals.md): when the author of a request is the head
who would sign its 部门经理 step, that step goes to the next person up — a
副总经理 (``deputy_gm``) of the store, or the 总经理 (``gm``) when the store has
no other active deputy. When a later step of the chain is already signed by
that role, the 部门经理 step is left out instead, so nobody signs twice and
the request starts at the next person up. An admin can give any pending step to
a named person (``crdesk approvals reassign``, audited).
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import access, audit
from core.approvals.spec import ChainSpec, Step
from core.errors import PermissionDenied, ValidationError
from core.models import User, UserRole
from core.scheduler.adhoc import close_tasks_for

if TYPE_CHECKING:
    from core.approvals.engine import Approvals
    from core.models import ApprovalRequest

#: Who is "the next person up" from a department head, nearest first.
NEXT_UP: tuple[tuple[str, str], ...] = (("deputy_gm", "副总经理"), ("gm", "总经理"))


def next_person_up(session: Session, chain: ChainSpec, step: Step, author: User) -> list[tuple[Step, int | None]]:
    """The plan entries replacing a department-head step that its own head submitted (see the module rule)."""
    later = chain.steps[chain.steps.index(step) + 1:]
    for role, role_zh in NEXT_UP:
        holder = session.scalar(select(UserRole.user_id).join(User).where(
            UserRole.role_code == role, User.active, User.store_id == author.store_id, User.id != author.id
        ).limit(1))
        if holder is None:
            continue
        if any(role in s.roles for s in later):
            return []
        return [(dataclasses.replace(step, roles=(role,), approver=None,
                                     title_zh=f"{step.title_zh}(申请人为部门经理,由{role_zh}签)"), None)]
    raise ValidationError(f"{step.title_zh}: you head the department and nobody above you "
                          "(副总经理 or 总经理) works in your store; an admin can reassign the step with "
                          "`crdesk approvals reassign`")


def reassign(engine: Approvals, session: Session, user: User, request_id: int, to_username: str,
             *, comment: str = "") -> ApprovalRequest:
    """Give the pending step of request ``request_id`` to ``to_username`` (admin only; audited)."""
    access.require(engine.app, session, user, "approval", "change")
    req = engine.request(session, request_id)
    if req.status != "pending":
        raise ValidationError(f"request {req.id} is {req.status}: only a pending request has a step to reassign")
    step = engine.current_step(req)
    assert step is not None, "a pending request always has a pending step"
    target = session.scalar(select(User).where(User.username == to_username))
    if target is None or not target.active:
        raise ValidationError(f"no active user {to_username!r}: see `crdesk users list`")
    if req.store_id is not None and target.store_id != req.store_id:
        raise ValidationError(f"{to_username} does not work in the store of request {req.id}")
    if target.id == req.author_id and not engine.chain(req.chain_key).allow_self_approval:
        raise PermissionDenied(f"{to_username} wrote request {req.id}: nobody may decide their own request")
    before = {"step": step.step_id, "assignee": step.assignee_id, "roles": list(step.roles)}
    step.assignee_id, step.roles = target.id, []
    close_tasks_for(session, link_kind="approval", link_id=req.id, key="core.approval_step", status="cancelled",
                    actor=user.username)
    session.flush()
    audit.record(session, actor=user.username, action="reassign", entity="approval", entity_id=req.id,
                 before=before, after={"step": step.step_id, "assignee": target.username, "comment": comment})
    engine._open_step_tasks(session, req, engine.chain(req.chain_key), user)
    return req
