"""Department budgets (MGR-FUND): annual, quarterly and monthly amounts per category, the spending of the
department's APR-PAY / APR-LOAN / APR-REIMB requests against them, and what remains.

A request counts against the category whose name its 事由 (subject) starts with, else against 其他."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core import audit
from core.access import require
from core.errors import ValidationError
from core.forms import store as form_store
from core.models import ApprovalRequest
from core.models.people import Department
from core.workdays import CST, cst_today, month_bounds
from plugins.manager.models import ManagerBudget

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.models import User

SPENDING_CHAINS = ("core.pay", "core.loan", "core.reimb")
OTHER = "其他"
ZERO = Decimal("0.00")


def period_bounds(code: str) -> tuple[dt.date, dt.date]:
    """``2026`` → the year, ``2026-Q4`` → the quarter, ``2026-11`` → the month; anything else is refused."""
    if m := re.fullmatch(r"(\d{4})", code):
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", code):
        year, q = int(m[1]), int(m[2])
        return dt.date(year, 3 * q - 2, 1), month_bounds(year, 3 * q)[1]
    if m := re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", code):
        return month_bounds(int(m[1]), int(m[2]))
    raise ValidationError(f"预算期间 {code!r} 无效:年度写 2026,季度写 2026-Q4,月度写 2026-11")


def set_budget(app: CrDesk, session: Session, user: User, *, store_id: int, period: str, category: str,
               amount: str) -> ManagerBudget:
    """Create or change one budget; a period that has already ended is refused."""
    require(app, session, user, "manager.budget", "create")
    first, last = period_bounds(period)
    if last < cst_today():
        raise ValidationError(f"预算期间 {period} 已于 {last.isoformat()} 结束,不能再制定预算")
    category = category.strip()
    if not category or len(category) > 40:
        raise ValidationError("预算类别不能为空,最多40个字")
    try:
        value = Decimal(amount).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(f"预算金额 {amount!r} 不是数字,如 50000.00") from None
    if value <= 0:
        raise ValidationError(f"预算金额 {amount} 必须大于0")
    budget = session.scalar(select(ManagerBudget).where(ManagerBudget.store_id == store_id,
                                                        ManagerBudget.period == period,
                                                        ManagerBudget.category == category))
    before = {"amount": str(budget.amount)} if budget else None
    if budget is None:
        budget = ManagerBudget(store_id=store_id, period=period, starts_on=first, ends_on=last, category=category,
                               amount=value, set_by=user.username)
        session.add(budget)
    else:
        budget.amount, budget.set_by = value, user.username
    session.flush()
    audit.record(session, actor=user.username, action=audit.CHANGE if before else audit.CREATE,
                 entity="manager.budget", entity_id=budget.id, before=before,
                 after={"period": period, "category": category, "amount": str(value)})
    return budget


@dataclass(frozen=True)
class Spend:
    request_id: int
    chain_key: str
    status: str
    day: dt.date
    category: str
    amount: Decimal


def category_of(subject: str, categories: list[str]) -> str:
    return next((c for c in sorted(categories, key=len, reverse=True) if subject.startswith(c)), OTHER)


def spending(session: Session, store_id: int, first: dt.date, last: dt.date, categories: list[str]) -> list[Spend]:
    """The customer-relations department's pay, loan and reimbursement requests submitted in [first, last],
    pending or approved; a reimbursement that settles a loan is not counted twice."""
    start = dt.datetime.combine(first, dt.time(0), CST)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), CST)
    reqs = list(session.scalars(
        select(ApprovalRequest).join(Department, ApprovalRequest.department_id == Department.id)
        .where(ApprovalRequest.store_id == store_id, Department.code == "cr",
               ApprovalRequest.chain_key.in_(SPENDING_CHAINS), ApprovalRequest.status.in_(("pending", "approved")),
               ApprovalRequest.submitted_at >= start, ApprovalRequest.submitted_at < end)))
    answers = form_store.read_many(session, [r.submission_id for r in reqs])
    out = []
    for r in reqs:
        data = answers[r.submission_id]
        if r.chain_key == "core.reimb" and data.get("loan_request"):
            continue
        out.append(Spend(r.id, r.chain_key, r.status, r.submitted_at.astimezone(CST).date(),
                         category_of(str(data.get("subject", "")), categories), Decimal(str(data["amount"]))))
    return out


def budgets_covering(session: Session, store_id: int, day: dt.date) -> list[ManagerBudget]:
    return list(session.scalars(select(ManagerBudget).where(
        ManagerBudget.store_id == store_id, ManagerBudget.starts_on <= day, ManagerBudget.ends_on >= day)))


def remaining_for_request(session: Session, req: ApprovalRequest, data: dict[str, Any]) -> dict[str, Any] | None:
    """For a pay/loan/reimbursement request: its category, the narrowest budget covering its day, and what that
    budget has left after every other counted request (negative: the request would overspend)."""
    if req.chain_key not in SPENDING_CHAINS or req.store_id is None:
        return None
    day = req.submitted_at.astimezone(CST).date()
    budgets = budgets_covering(session, req.store_id, day)
    category = category_of(str(data.get("subject", "")), sorted({b.category for b in budgets}))
    mine = [b for b in budgets if b.category == category]
    if not mine:
        return {"category": category, "budget": None, "remaining": None}
    budget = min(mine, key=lambda b: (b.ends_on - b.starts_on).days)
    spent = sum((s.amount for s in spending(session, req.store_id, budget.starts_on, budget.ends_on, [category])
                 if s.category == category and s.request_id != req.id), ZERO)
    amount = Decimal(str(data.get("amount", "0")))
    return {"category": category, "budget": budget.period, "remaining": budget.amount - spent - amount,
            "before": budget.amount - spent}


def check_gm_override(app: CrDesk, session: Session, req: ApprovalRequest, comment: str, actor: str) -> None:
    """At the GM step, a request that would overspend its budget needs the override reason in the comment
    (setting ``manager.overspend``: ``block`` refuses without one, ``warn`` lets it pass); either way the
    override is audited."""
    from core import settings

    data = form_store.read(session, req.submission_id)
    left = remaining_for_request(session, req, data)
    if not left or left["remaining"] is None or left["remaining"] >= 0:
        return
    over = -left["remaining"]
    mode = settings.get(app, session, "manager.overspend", req.store_id)
    if mode == "block" and not comment.strip():
        raise ValidationError(f"申请 #{req.id} 批准后将超出{left['budget']}「{left['category']}」预算 {over:,.2f} 元:"
                              "总经理批准须用 --comment 写明超预算理由")
    audit.record(session, actor=actor, action=audit.CHANGE, entity="manager.overspend", entity_id=req.id,
                 after={"category": left["category"], "budget": left["budget"], "over": str(over),
                        "reason": comment.strip()})
