"""Activities (MKT-ACT): the 13 stages in order, the plan approved along APR-ACTIVITY before anything after
stage 7 starts, the execution plan, the summary, budget lines and their actual spend.

Every function checks the acting user's grant first and refuses (one clear
line, nothing written) before it changes anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import access, audit
from core.db.base import utcnow
from core.errors import ValidationError
from core.models import ApprovalRequest, User
from plugins.marketing.models import MarketingActivity, MarketingActivityStage, MarketingBudgetLine, MarketingSpend
from plugins.marketing.money import from_fen, parse_yuan, to_fen
from plugins.marketing.stages import (APPROVAL_STAGE, EXECUTION_FIELDS, EXECUTION_STAGE, KINDS, LAST_STAGE,
                                      ON_SITE_STAGE, STAGED_KINDS, STAGES, SUMMARY_FIELDS, SUMMARY_STAGE, stage_label)

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.approvals.engine import FileToAttach

ENTITY = "marketing.activity"
PLAN_CHAIN = "marketing.activity"
SPEND_CHAINS = {"core.pay": "付款", "core.reimb": "报销冲账"}


def get(session: Session, activity_id: int, user: User) -> MarketingActivity:
    activity = session.get(MarketingActivity, activity_id)
    if activity is None or (user.store_id is not None and activity.store_id != user.store_id):
        raise ValidationError(f"没有编号为 {activity_id} 的活动:`crdesk activities list` 列出本店活动")
    return activity


def add(app: CrDesk, session: Session, user: User, *, title: str, kind: str, store_id: int) -> MarketingActivity:
    access.require(app, session, user, ENTITY, "create")
    if kind not in KINDS:
        raise ValidationError(f"--kind {kind!r} 不是活动类别;可选 " + "、".join(f"{k}({v})" for k, v in KINDS.items()))
    if not title.strip():
        raise ValidationError("活动需要标题")
    activity = MarketingActivity(store_id=store_id, title=title.strip()[:100], kind=kind, stage=1,
                                 created_by_id=user.id)
    session.add(activity)
    session.flush()
    audit.record(session, actor=user.username, action=audit.CREATE, entity=ENTITY, entity_id=activity.id,
                 after={"title": activity.title, "kind": kind, "stage": 1})
    return activity


def plan_request(session: Session, activity: MarketingActivity) -> ApprovalRequest | None:
    return session.get(ApprovalRequest, activity.plan_request_id) if activity.plan_request_id else None


def advance(app: CrDesk, session: Session, user: User, activity_id: int, *, to: int | None = None,
            note: str = "") -> MarketingActivity:
    """Finish the current stage and start the next one; stages cannot be skipped and nothing after stage 7
    starts before the plan is approved."""
    access.require(app, session, user, ENTITY, "change")
    activity = get(session, activity_id, user)
    current = activity.stage
    if activity.kind not in STAGED_KINDS:
        raise ValidationError(f"{activity.id} 是广告投放记录,不走活动的13个阶段")
    if current > LAST_STAGE:
        raise ValidationError(f"活动 {activity.id} 已全部完成")
    target = current + 1 if to is None else to
    if target != current + 1:
        raise ValidationError(f"活动 {activity.id} 正处于「{stage_label(current)}」,下一阶段只能是"
                              f"「{stage_label(current + 1)}」,不能跳到「{stage_label(target)}」")
    _check_leaving(session, activity, current)
    activity.steps.append(MarketingActivityStage(stage=current, note=note.strip(), done_by_id=user.id))
    activity.stage = target
    if target > LAST_STAGE:
        activity.finished_at = utcnow()
    session.flush()
    audit.record(session, actor=user.username, action=audit.CHANGE, entity=ENTITY, entity_id=activity.id,
                 before={"stage": current}, after={"stage": target, "note": note.strip()})
    return activity


def _check_leaving(session: Session, activity: MarketingActivity, stage: int) -> None:
    if stage == APPROVAL_STAGE - 1 and activity.plan_request_id is None:
        raise ValidationError(f"活动 {activity.id} 的方案须先报公司审批:"
                              f"`crdesk activities submit-plan {activity.id} --data 方案.yaml`")
    if stage == APPROVAL_STAGE:
        req = plan_request(session, activity)
        status = req.status if req else "missing"
        if status != "approved":
            raise ValidationError(f"活动 {activity.id} 的方案尚未获部门经理、副总经理、总经理批准(审批单 "
                                  f"{activity.plan_request_id or '无'}),不能启动执行方案及其后各阶段")
    if stage == EXECUTION_STAGE and not activity.execution:
        raise ValidationError(f"活动 {activity.id} 须先填写执行方案:`crdesk activities execution "
                              f"{activity.id} --data 执行方案.yaml`")
    if stage == ON_SITE_STAGE:
        from plugins.marketing.evidence import kinds_present

        if "onsite_photo" not in kinds_present(session, activity.id):
            raise ValidationError(f"活动 {activity.id} 须先上传现场图片:`crdesk activities evidence add "
                                  f"{activity.id} onsite_photo FILE`")
    if stage == SUMMARY_STAGE and not activity.summary:
        raise ValidationError(f"活动 {activity.id} 须先填写活动总结:`crdesk activities summary {activity.id} "
                              "--data 总结.yaml`")


def submit_plan(app: CrDesk, session: Session, user: User, activity_id: int, data: Mapping[str, Any], *,
                files: Sequence[FileToAttach] = ()) -> ApprovalRequest:
    """Stage 6 → 7: the activity plan goes to 部门经理 → 副总经理 → 总经理 (APR-ACTIVITY)."""
    from core.approvals.engine import Approvals

    access.require(app, session, user, ENTITY, "change")
    activity = get(session, activity_id, user)
    if activity.stage != APPROVAL_STAGE - 1:
        raise ValidationError(f"活动 {activity.id} 正处于「{stage_label(activity.stage)}」;方案在完成「{STAGES[6][1]}」"
                              "后报批,不能跳过前面的阶段")
    answers = {**data, "activity_no": activity.id}
    answers.setdefault("subject", activity.title)
    req = Approvals(app).submit(session, user, PLAN_CHAIN, answers, files=files)
    activity.plan_request_id = req.id
    advance(app, session, user, activity.id, note=f"方案已报批,审批单 {req.id}")
    return req


def _fill(app: CrDesk, session: Session, user: User, activity_id: int, data: Mapping[str, Any], *,
          fields: Mapping[str, str], stage: int, what: str, optional: tuple[str, ...] = ()) -> MarketingActivity:
    access.require(app, session, user, ENTITY, "change")
    activity = get(session, activity_id, user)
    if activity.stage < stage:
        raise ValidationError(f"活动 {activity.id} 正处于「{stage_label(activity.stage)}」,"
                              f"「{stage_label(stage)}」开始后才能填写{what}")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValidationError(f"{what}没有字段 {', '.join(unknown)};字段为 {', '.join(fields)}")
    missing = [label for key, label in fields.items()
               if key not in optional and not str(data.get(key) or "").strip()]
    if missing:
        raise ValidationError(f"{what}缺少:{'、'.join(missing)}")
    values = {k: str(data[k]).strip() for k in fields if str(data.get(k) or "").strip()}
    before = getattr(activity, "execution" if fields is EXECUTION_FIELDS else "summary")
    setattr(activity, "execution" if fields is EXECUTION_FIELDS else "summary", values)
    session.flush()
    audit.record(session, actor=user.username, action=audit.CHANGE, entity=ENTITY, entity_id=activity.id,
                 before={what: before}, after={what: values})
    return activity


def set_execution(app: CrDesk, session: Session, user: User, activity_id: int,
                  data: Mapping[str, Any]) -> MarketingActivity:
    return _fill(app, session, user, activity_id, data, fields=EXECUTION_FIELDS, stage=EXECUTION_STAGE,
                 what="执行方案")


def set_summary(app: CrDesk, session: Session, user: User, activity_id: int,
                data: Mapping[str, Any]) -> MarketingActivity:
    return _fill(app, session, user, activity_id, data, fields=SUMMARY_FIELDS, stage=SUMMARY_STAGE,
                 what="活动总结", optional=("coverage",))


def set_budget(app: CrDesk, session: Session, user: User, activity_id: int, *, item: str,
               amount: str) -> MarketingBudgetLine:
    """Add or change a budget line (exact yuan, at most two decimals)."""
    access.require(app, session, user, ENTITY, "change")
    activity = get(session, activity_id, user)
    yuan = parse_yuan(amount, what=f"预算 {item}")
    if not item.strip():
        raise ValidationError("预算项目不能为空")
    line = next((b for b in activity.budget_lines if b.item == item.strip()), None)
    before = from_fen(line.budget_fen) if line else None
    if line is None:
        line = MarketingBudgetLine(item=item.strip()[:60], budget_fen=to_fen(yuan))
        activity.budget_lines.append(line)
    else:
        line.budget_fen = to_fen(yuan)
    session.flush()
    audit.record(session, actor=user.username, action=audit.CHANGE, entity=ENTITY, entity_id=activity.id,
                 before={"budget": {item: before}}, after={"budget": {item: yuan}})
    return line


def link_spend(app: CrDesk, session: Session, user: User, activity_id: int, *, request_id: int,
               item: str) -> MarketingSpend:
    """Count a payment or reimbursement request against a budget line; its amount comes from the request."""
    from core.approvals.engine import Approvals

    access.require(app, session, user, ENTITY, "change")
    activity = get(session, activity_id, user)
    line = next((b for b in activity.budget_lines if b.item == item), None)
    if line is None:
        items = "、".join(b.item for b in activity.budget_lines) or "无"
        raise ValidationError(f"活动 {activity.id} 没有预算项目「{item}」;现有:{items}")
    req = session.get(ApprovalRequest, request_id)
    if req is None or req.store_id != activity.store_id:
        raise ValidationError(f"没有编号为 {request_id} 的审批单")
    if req.chain_key not in SPEND_CHAINS:
        raise ValidationError(f"审批单 {request_id} 不是付款或报销冲账申请,不能计入活动实际支出")
    if session.scalar(select(MarketingSpend.id).where(MarketingSpend.request_id == request_id)) is not None:
        raise ValidationError(f"审批单 {request_id} 已计入活动支出,不能重复计入")
    amount = Approvals(app).data(session, req)["amount"]
    spend = MarketingSpend(budget_line_id=line.id, request_id=req.id, amount_fen=to_fen(Decimal(amount)),
                           linked_by_id=user.id)
    session.add(spend)
    session.flush()
    audit.record(session, actor=user.username, action=audit.CHANGE, entity=ENTITY, entity_id=activity.id,
                 after={"spend": {"request": request_id, "item": item, "amount": amount}})
    return spend


@dataclass(frozen=True)
class BudgetUse:
    item: str
    budget: Decimal
    approved: Decimal
    pending: Decimal

    @property
    def rate(self) -> float | None:
        return float(self.approved / self.budget) if self.budget else None


def budget_use(session: Session, activity_ids: Sequence[int]) -> dict[int, list[BudgetUse]]:
    """Per activity, each budget line with its approved and still-pending spend (exact yuan)."""
    out: dict[int, list[BudgetUse]] = {i: [] for i in activity_ids}
    if not activity_ids:
        return out
    lines = list(session.scalars(select(MarketingBudgetLine).where(MarketingBudgetLine.activity_id.in_(activity_ids))
                                 .order_by(MarketingBudgetLine.id)))
    sums: dict[tuple[int, str], int] = {}
    rows = session.execute(
        select(MarketingSpend.budget_line_id, ApprovalRequest.status, func.sum(MarketingSpend.amount_fen))
        .join(ApprovalRequest, ApprovalRequest.id == MarketingSpend.request_id)
        .where(MarketingSpend.budget_line_id.in_([b.id for b in lines]))
        .group_by(MarketingSpend.budget_line_id, ApprovalRequest.status))
    for line_id, status, total in rows:
        sums[(line_id, status)] = int(total or 0)
    for b in lines:
        out[b.activity_id].append(BudgetUse(b.item, from_fen(b.budget_fen), from_fen(sums.get((b.id, "approved"), 0)),
                                            from_fen(sums.get((b.id, "pending"), 0))))
    return out


def listing(app: CrDesk, session: Session, user: User, *, store_id: int | None) -> list[MarketingActivity]:
    access.require(app, session, user, ENTITY, "read")
    stmt = select(MarketingActivity).order_by(MarketingActivity.id)
    if store_id is not None:
        stmt = stmt.where(MarketingActivity.store_id == store_id)
    return list(session.scalars(stmt))
