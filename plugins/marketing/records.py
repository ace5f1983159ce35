"""Reading the marketing forms and requests back for reports: one query per kind, typed answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.forms import store as form_store
from core.models import ApprovalRequest, FormSubmission, FormVersion, Store


@dataclass(frozen=True)
class Filed:
    """An approval request with its typed answers."""

    request: ApprovalRequest
    data: dict[str, Any]


def requests(session: Session, chain_key: str, store: Store | None, *,
             statuses: tuple[str, ...] = ("pending", "approved")) -> list[Filed]:
    stmt = (select(ApprovalRequest).where(ApprovalRequest.chain_key == chain_key,
                                          ApprovalRequest.status.in_(statuses)).order_by(ApprovalRequest.id))
    if store is not None:
        stmt = stmt.where(ApprovalRequest.store_id == store.id)
    reqs = list(session.scalars(stmt))
    answers = form_store.read_many(session, [r.submission_id for r in reqs])
    return [Filed(r, answers[r.submission_id]) for r in reqs]


def submissions(session: Session, form_key: str, store: Store | None) -> list[dict[str, Any]]:
    """Every submission of ``form_key`` (of one store), oldest first, each with ``_id`` and ``_at``."""
    stmt = (select(FormSubmission.id, FormSubmission.submitted_at).join(FormVersion)
            .where(FormVersion.form_key == form_key).order_by(FormSubmission.id))
    if store is not None:
        stmt = stmt.where(FormSubmission.store_id == store.id)
    rows = session.execute(stmt).all()
    answers = form_store.read_many(session, [r.id for r in rows])
    return [{**answers[r.id], "_id": r.id, "_at": r.submitted_at} for r in rows]


def ad_plan_for(session: Session, store: Store | None, month: str) -> Filed | None:
    """The month's ad plan: the newest approved one, else the newest still in approval."""
    plans = [p for p in requests(session, "marketing.ad_plan", store) if p.data.get("month") == month]
    approved = [p for p in plans if p.request.status == "approved"]
    return (approved or plans or [None])[-1]


def placements_between(session: Session, store: Store | None, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """Placements of approved ad plans that run on some day of [first, last]."""
    out = []
    for plan in requests(session, "marketing.ad_plan", store, statuses=("approved",)):
        for row in plan.data.get("placements", []):
            if row["starts_on"] <= last and row["ends_on"] >= first:
                out.append({**row, "plan": plan.request.id, "month": plan.data["month"]})
    return out


@dataclass(frozen=True)
class PricePoint:
    surveyed_on: dt.date
    request_id: int
    brand_kind: str
    brand: str
    model: str
    trim: str
    msrp: Decimal
    price: Decimal
    promotion: str

    @property
    def discount(self) -> Decimal:
        return self.msrp - self.price

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.brand, self.model, self.trim)


def price_points(session: Session, store: Store | None, last: dt.date) -> list[PricePoint]:
    """Every surveyed price of submitted (not withdrawn or rejected) price tables up to ``last``."""
    out = []
    for filed in requests(session, "marketing.price", store):
        day = filed.data["surveyed_on"]
        if day > last:
            continue
        for row in filed.data.get("prices", []):
            out.append(PricePoint(day, filed.request.id, row["brand_kind"], row["brand"], row["model"], row["trim"],
                                  row["msrp"], row["price"], row.get("promotion", "")))
    return sorted(out, key=lambda p: (p.key, p.surveyed_on, p.request_id))
