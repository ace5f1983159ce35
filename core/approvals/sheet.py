"""The sign-off sheet 签批单: one request with its answers, steps and every decision.

The same plain dict feeds ``crdesk approvals show`` (text and ``--json``) and
the PDF template ``approvals/signoff.html``, so the printed sheet and the
screen never disagree.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.approvals.engine import ACTION_ZH, STATUS_ZH, Approvals
from core.forms import find_form
from core.forms.spec import Field
from core.models import ApprovalRequest, Attachment, Department, Role, Store, User
from core.workdays import CST

if TYPE_CHECKING:
    from core.app import CrDesk

TEMPLATE = "approvals/signoff.html"
STEP_STATUS_ZH = {"waiting": "待审", "pending": "审批中", "approved": "同意", "rejected": "驳回",
                  "cancelled": "已取消"}


def _cst(value: dt.datetime | None) -> str:
    return value.astimezone(CST).strftime("%Y-%m-%d %H:%M") if value else ""


def _display(f: Field, value: Any) -> str:
    labels = {c.value: c.label_zh for c in f.choices}
    if f.type == "choice":
        return labels.get(value, str(value))
    if f.type == "multi_choice":
        return "、".join(labels.get(v, v) for v in value)
    if f.type == "money":
        return f"¥{Decimal(value):,.2f}"
    if f.type == "datetime":
        return _cst(value)
    if f.type == "rows":
        return f"{len(value)} 行"
    return str(value)


def sheet(app: CrDesk, session: Session, engine: Approvals, req: ApprovalRequest) -> dict[str, Any]:
    """Everything the 签批单 shows, as plain data."""
    chain = engine.chain(req.chain_key)
    spec = find_form(app, chain.form)
    data = engine.data(session, req)
    user_ids = {req.author_id} | {d.actor_id for d in req.decisions} | \
        {d.on_behalf_of_id for d in req.decisions if d.on_behalf_of_id} | \
        {s.assignee_id for s in req.steps if s.assignee_id} | {s.decided_by_id for s in req.steps if s.decided_by_id}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))}
    roles = dict(session.execute(select(Role.code, Role.name_zh)).all())

    def name(user_id: int | None) -> str:
        u = users.get(user_id or 0)
        return (u.full_name or u.username) if u else ""

    answers = []
    tables = []
    for f in spec.fields:
        if f.name not in data:
            continue
        if f.type == "rows":
            tables.append({"title": f.label_zh, "columns": [{"key": c.name, "label": c.label_zh} for c in f.columns],
                           "rows": [{c.name: _display(c, r[c.name]) if c.name in r else "" for c in f.columns}
                                    for r in data[f.name]]})
        answers.append({"field": f.name, "label": f.label_zh, "value": _display(f, data[f.name])})
    steps = [{"round": s.round, "position": s.position, "step": s.step_id, "title": s.title_zh,
              "status": s.status, "status_zh": STEP_STATUS_ZH.get(s.status, s.status),
              "approvers": name(s.assignee_id) if s.assignee_id else " / ".join(roles.get(r, r) for r in s.roles),
              "decided_by": name(s.decided_by_id), "decided_at": _cst(s.decided_at)}
             for s in req.steps]
    decisions = [{"round": d.round, "action": d.action, "action_zh": ACTION_ZH.get(d.action, d.action),
                  "step": d.step.title_zh if d.step else "申请人", "by": name(d.actor_id),
                  "on_behalf_of": name(d.on_behalf_of_id), "at": _cst(d.decided_at), "comment": d.comment}
                 for d in req.decisions]
    files = {a.id: a for a in session.scalars(select(Attachment).where(
        Attachment.id.in_([x.attachment_id for x in req.attachments])))}
    labels = {a.name: a.label_zh for step in chain.steps for a in step.attachments}
    attachments = [{"name": x.name, "label": labels.get(x.name, x.name or "附件"), "filename": files[x.attachment_id].filename,
                    "sha256": files[x.attachment_id].sha256, "size": files[x.attachment_id].size,
                    "added_by": name(x.added_by_id), "added_at": _cst(x.added_at)} for x in req.attachments]
    current = engine.current_step(req)
    dept = session.get(Department, req.department_id) if req.department_id else None
    requesting = session.get(Department, req.requesting_department_id) if req.requesting_department_id else None
    return {
        "id": req.id, "chain": chain.key, "chain_title": chain.title_zh, "title": req.title,
        "status": req.status, "status_zh": STATUS_ZH[req.status], "round": req.round,
        "author": name(req.author_id), "department": dept.name_zh if dept else "",
        "requesting_department": requesting.name_zh if requesting else "",
        "submitted_at": _cst(req.submitted_at), "finished_at": _cst(req.finished_at),
        "current_step": current.title_zh if current else "",
        "follow_ups": [f.title_zh for f in chain.follow_ups],
        "answers": answers, "tables": tables, "steps": steps, "decisions": decisions, "attachments": attachments,
    }


def signoff_pdf(app: CrDesk, session: Session, context: dict[str, Any], req: ApprovalRequest) -> bytes:
    from core.reports import render_document

    store = session.get(Store, req.store_id) if req.store_id else None
    return render_document(app, TEMPLATE, {"sheet": context}, title=f"{context['chain_title']}签批单",
                           subtitle=f"编号 {context['id']} · {context['title']}", store=store)
