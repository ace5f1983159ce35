"""One activity as plain data: the same dict feeds ``crdesk activities show`` and the activity report PDF."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.approvals.engine import STATUS_ZH
from core.models import User
from core.reports.environment import to_cst
from plugins.marketing import evidence
from plugins.marketing.activities import budget_use, plan_request
from plugins.marketing.models import MarketingActivity
from plugins.marketing.stages import EXECUTION_FIELDS, KINDS, STAGED_KINDS, SUMMARY_FIELDS, stage_label

if TYPE_CHECKING:
    from core.app import CrDesk


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def _rate(used: Decimal, budget: Decimal) -> str:
    return f"{used / budget * 100:.1f}%" if budget else "—"


def view(app: CrDesk, session: Session, activity: MarketingActivity) -> dict[str, Any]:
    from core.approvals.engine import Approvals
    from core.forms import find_form

    names = {u.id: u.full_name or u.username for u in session.scalars(
        select(User).where(User.id.in_({s.done_by_id for s in activity.steps if s.done_by_id})))}
    req = plan_request(session, activity)
    plan: list[dict[str, str]] = []
    if req is not None:
        spec = find_form(app, "marketing.activity_plan")
        answers = Approvals(app).data(session, req)
        for f in spec.fields:
            if f.name in answers:
                value = answers[f.name]
                text = (_yuan(value) if f.type == "money" else to_cst(value) if f.type == "datetime" else str(value))
                plan.append({"label": f.label_zh, "value": text})
    lines = budget_use(session, [activity.id])[activity.id]
    budget_total = sum((b.budget for b in lines), Decimal("0.00"))
    approved_total = sum((b.approved for b in lines), Decimal("0.00"))
    pending_total = sum((b.pending for b in lines), Decimal("0.00"))
    staged = activity.kind in STAGED_KINDS
    return {
        "id": activity.id,
        "title": activity.title,
        "kind": activity.kind,
        "kind_zh": KINDS[activity.kind],
        "stage": activity.stage if staged else None,
        "stage_zh": stage_label(activity.stage) if staged else "—",
        "plan_request": activity.plan_request_id,
        "plan_status_zh": STATUS_ZH[req.status] if req else "未报批",
        "stages": [{"stage": s.stage, "stage_zh": stage_label(s.stage), "by": names.get(s.done_by_id or 0, ""),
                    "at": to_cst(s.done_at), "note": s.note} for s in activity.steps],
        "plan": plan,
        "execution": [{"label": label, "value": (activity.execution or {}).get(k, "")}
                      for k, label in EXECUTION_FIELDS.items()] if activity.execution else [],
        "summary": [{"label": label, "value": (activity.summary or {}).get(k, "")}
                    for k, label in SUMMARY_FIELDS.items()] if activity.summary else [],
        "budget": [{"item": b.item, "budget": _yuan(b.budget), "approved": _yuan(b.approved),
                    "pending": _yuan(b.pending), "rate": _rate(b.approved, b.budget)} for b in lines],
        "budget_total": _yuan(budget_total),
        "approved_total": _yuan(approved_total),
        "pending_total": _yuan(pending_total),
        "rate": _rate(approved_total, budget_total),
        "evidence": evidence.items(session, activity.id),
        "checklist": [{"kind": c.kind, "label": c.label, "count": c.count, "required": c.required,
                       "missing": c.missing, "state_zh": "缺" if c.missing else "齐"}
                      for c in evidence.checklist(session, activity)],
        "claim_ready": activity.claim_ready_at is not None,
        "claim_zh": "资料已齐,可申请报销" if activity.claim_ready_at else "资料未确认",
        "finished": activity.finished_at is not None,
    }


def activity_pdf(app: CrDesk, session: Session, activity: MarketingActivity) -> bytes:
    from core.models import Store
    from core.reports import render_document

    data = view(app, session, activity)
    user = app.acting_user(session)
    return render_document(app, "marketing/activity.html", {"activity": data}, title="活动报告",
                           subtitle=f"{data['kind_zh']} {activity.id} · {activity.title}",
                           store=session.get(Store, activity.store_id), printed_by=user.full_name or user.username)
