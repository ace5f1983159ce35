"""One approvals inbox: every request waiting for the manager, across all plugins' chains, oldest first, with
its amount and, for pay / loan / reimbursement requests, the remaining budget of its category."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from core.access import require
from core.approvals.engine import LINK, STEP_TASK
from core.forms import store as form_store
from core.models import ApprovalRequest, User
from core.models.tasks import Task
from core.workdays import CST
from plugins.manager.budgets import remaining_for_request

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk


def inbox(app: CrDesk, session: Session, user: User) -> list[dict[str, Any]]:
    require(app, session, user, "manager.inbox", "read")
    tasks = list(session.scalars(
        select(Task).where(Task.key == STEP_TASK, Task.link_kind == LINK, Task.status == "open",
                           or_(Task.assignee_id == user.id,
                               Task.assignee_id.is_(None) & Task.role_code.in_(sorted(user.role_codes))))
        .order_by(Task.opens_at, Task.id)))
    reqs = {r.id: r for r in session.scalars(select(ApprovalRequest).where(
        ApprovalRequest.id.in_([t.link_id for t in tasks]), ApprovalRequest.status == "pending"))}
    answers = form_store.read_many(session, [r.submission_id for r in reqs.values()])
    authors = {u.id: u for u in session.scalars(select(User).where(User.id.in_([r.author_id for r in reqs.values()])))}
    rows, seen = [], set()
    for t in tasks:
        req = reqs.get(t.link_id or 0)
        if req is None or req.id in seen or (user.store_id and req.store_id not in (None, user.store_id)):
            continue
        seen.add(req.id)
        data = answers[req.submission_id]
        budget = remaining_for_request(session, req, data)
        author = authors.get(req.author_id)
        rows.append({
            "request": req.id, "chain": req.chain_key, "title": req.title,
            "author": (author.full_name or author.username) if author else "",
            "submitted_at": req.submitted_at.astimezone(CST).strftime("%Y-%m-%d %H:%M"),
            "amount": f"{data['amount']:,.2f}" if data.get("amount") is not None else "",
            "category": budget["category"] if budget else "",
            "remaining": ("未设预算" if budget["remaining"] is None else f"{budget['remaining']:,.2f}") if budget else "",
            "overspend": bool(budget and budget["remaining"] is not None and budget["remaining"] < 0),
        })
    return rows
