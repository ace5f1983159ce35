"""Differentiated service (差异化服务, SV-INFO): customer segments computed from the data, in SQL.

A customer's segment is the first rule that holds, in this order, which is also
the order the call queue works through:

1. ``attention`` 重点关怀 — a complaint within ``segment_complaint_days``;
2. ``vip`` 贵宾客户 — spend ≥ ``segment_vip_spend`` or ≥ ``segment_vip_visits`` visits in 12 months;
3. ``new_owner`` 新车主 — a vehicle delivered within ``segment_new_owner_days`` (vehicle age);
4. ``loyal`` 忠诚客户 — ≥ ``segment_loyal_visits`` visits in 12 months;
5. ``lapsing`` 流失预警 — no visit within ``segment_lapse_days`` (days since the last visit);
6. ``regular`` 一般客户 — everyone else.

The rules are one SQL ``CASE`` over correlated, indexed subqueries, so the
same expression labels a day's call tasks and the whole customer base.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from core import settings
from core.models import Delivery, ServiceVisit, Store
from core.scheduler.assignment import AssignmentContext, AssignmentStrategy, LeastOpen
from core.workdays import cst_datetime
from plugins.followup.models import FollowupComplaint

if TYPE_CHECKING:
    from core.app import CrDesk

SEGMENTS: dict[str, str] = {"attention": "重点关怀", "vip": "贵宾客户", "new_owner": "新车主", "loyal": "忠诚客户",
                            "lapsing": "流失预警", "regular": "一般客户"}
#: Call order: lower is called first.
RANK: dict[str, int] = {code: i for i, code in enumerate(SEGMENTS)}
YEAR = dt.timedelta(days=365)


@dataclass(frozen=True)
class Thresholds:
    vip_spend: Decimal
    vip_visits: int
    loyal_visits: int
    new_owner_days: int
    lapse_days: int
    complaint_days: int

    @classmethod
    def load(cls, app: CrDesk, session: Session, store_id: int | None) -> Thresholds:
        def get(name: str) -> Any:
            return settings.get(app, session, f"service_followup.segment_{name}", store_id)

        return cls(Decimal(str(get("vip_spend"))), int(get("vip_visits")), int(get("loyal_visits")),
                   int(get("new_owner_days")), int(get("lapse_days")), int(get("complaint_days")))

    def describe_zh(self) -> list[str]:
        return [f"重点关怀：近{self.complaint_days}天内有投诉",
                f"贵宾客户：近12个月消费≥{self.vip_spend}元或入库≥{self.vip_visits}次",
                f"新车主：交车{self.new_owner_days}天以内",
                f"忠诚客户：近12个月入库≥{self.loyal_visits}次",
                f"流失预警：超过{self.lapse_days}天未入库",
                "一般客户：其余客户"]


def _rules(th: Thresholds, customer_id: Any, as_of: dt.date) -> list[tuple[ColumnElement[bool], str]]:
    # Aliases keep the subqueries correlated on ``customer_id`` even when the outer query reads service_visit too.
    sv, d, fc = aliased(ServiceVisit), aliased(Delivery), aliased(FollowupComplaint)

    def visits_since(days: int) -> Any:
        return (sv.customer_id == customer_id, sv.intake_on > as_of - dt.timedelta(days=days), sv.intake_on <= as_of)

    visits = select(func.count()).select_from(sv).where(*visits_since(365)).correlate_except(sv).scalar_subquery()
    spend = (select(func.coalesce(func.sum(sv.amount), 0)).where(*visits_since(365)).correlate_except(sv)
             .scalar_subquery())
    complained = exists().where(fc.customer_id == customer_id,
                                fc.opened_at >= cst_datetime(as_of - dt.timedelta(days=th.complaint_days)),
                                fc.opened_at < cst_datetime(as_of + dt.timedelta(days=1))).correlate_except(fc)
    new_owner = exists().where(d.customer_id == customer_id,
                               d.delivered_on > as_of - dt.timedelta(days=th.new_owner_days),
                               d.delivered_on <= as_of).correlate_except(d)
    recent = exists().where(*visits_since(th.lapse_days)).correlate_except(sv)
    return [(complained, "attention"), (or_(spend >= th.vip_spend, visits >= th.vip_visits), "vip"),
            (new_owner, "new_owner"), (visits >= th.loyal_visits, "loyal"), (~recent, "lapsing")]


def segment_expr(by_store: dict[int | None, Thresholds], customer_id: Any, store_id: Any, as_of: dt.date, *,
                 labels: dict[str, str] | None = None) -> ColumnElement[str]:
    """The segment code (or its label from ``labels``) of ``customer_id`` on ``as_of``, by the store's thresholds."""
    def one(th: Thresholds) -> ColumnElement[str]:
        name = labels or {c: c for c in SEGMENTS}
        return case(*[(cond, literal(name[code])) for cond, code in _rules(th, customer_id, as_of)],
                    else_=literal(name["regular"]))

    default = by_store.get(None)
    per_store = [(store_id == sid, one(th)) for sid, th in by_store.items() if sid is not None]
    if not per_store:
        assert default is not None
        return one(default)
    return case(*per_store, else_=one(default if default is not None else next(iter(by_store.values()))))


def thresholds_by_store(app: CrDesk, session: Session, store_ids: Sequence[int] | None = None
                        ) -> dict[int | None, Thresholds]:
    """Each store's thresholds (one entry per store, plus the group-wide default under ``None``)."""
    ids = list(store_ids) if store_ids is not None else list(session.scalars(select(Store.id).order_by(Store.id)))
    out: dict[int | None, Thresholds] = {None: Thresholds.load(app, session, None)}
    for sid in ids:
        out[sid] = Thresholds.load(app, session, sid)
    return out


@dataclass(frozen=True)
class SegmentRow:
    customer_id: int
    name: str
    phone: str | None
    segment: str
    visits_12m: int
    spend_12m: Decimal
    last_visit: dt.date | None


def customer_segments(app: CrDesk, session: Session, *, store_id: int, as_of: dt.date) -> list[SegmentRow]:
    """Every customer of the store with a visit or a delivery, their segment and the figures behind it."""
    from core.models import Customer

    by_store = {None: Thresholds.load(app, session, store_id)}
    seg = segment_expr(by_store, Customer.id, Customer.store_id, as_of)
    stats = (select(ServiceVisit.customer_id.label("cid"), func.count().label("visits"),
                    func.coalesce(func.sum(ServiceVisit.amount), 0).label("spend"))
             .where(ServiceVisit.store_id == store_id, ServiceVisit.intake_on > as_of - YEAR,
                    ServiceVisit.intake_on <= as_of).group_by(ServiceVisit.customer_id).subquery())
    last = (select(ServiceVisit.customer_id.label("cid"), func.max(ServiceVisit.intake_on).label("last"))
            .where(ServiceVisit.store_id == store_id, ServiceVisit.intake_on <= as_of)
            .group_by(ServiceVisit.customer_id).subquery())
    known = or_(exists().where(ServiceVisit.customer_id == Customer.id, ServiceVisit.intake_on <= as_of),
                exists().where(Delivery.customer_id == Customer.id, Delivery.delivered_on <= as_of))
    stmt = (select(Customer.id, Customer.name, Customer.phone, seg.label("segment"), stats.c.visits, stats.c.spend,
                   last.c.last)
            .outerjoin(stats, stats.c.cid == Customer.id).outerjoin(last, last.c.cid == Customer.id)
            .where(Customer.store_id == store_id, known).order_by(Customer.id))
    return [SegmentRow(r.id, r.name, r.phone, r.segment, int(r.visits or 0), Decimal(str(r.spend or 0)), r.last)
            for r in session.execute(stmt)]


class SegmentFirst(AssignmentStrategy):
    """Call tasks of higher segments first: the batch is ordered by segment, then spread by least open tasks.

    Tasks are inserted in this order, so on a day's agenda (due time, then
    id) the 重点关怀 and 贵宾 customers of the same due day come first; the
    ``crdesk service-fu queue`` lists the same order explicitly.
    """

    key = "service_followup.segment_first"
    duties = ("SV-INFO",)

    def assign(self, ctx: AssignmentContext, rows: Sequence[dict[str, Any]]) -> None:
        if isinstance(rows, list):
            rows.sort(key=lambda r: (r["due_at"], RANK.get((r.get("detail") or {}).get("segment", ""), len(RANK))))
        LeastOpen().assign(ctx, rows)


def rank_of(detail: dict[str, Any] | None) -> int:
    return RANK.get((detail or {}).get("segment", ""), len(RANK))
