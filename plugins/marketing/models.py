"""The marketing plugin's tables (prefix ``marketing_``).

Amounts are kept as whole fen (分, ``BigInteger``) so they are exact on every
backend; :mod:`plugins.marketing.money` turns them into ``Decimal`` yuan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.base import Base, utcnow


class MarketingActivity(Base):
    """A promotion or owner activity moving through the manual's 13 stages (MKT-ACT), or an ad placement
    (``kind="ad"``, no stages) that collects evidence for an OEM reimbursement claim (MKT-ARCH)."""

    __tablename__ = "marketing_activity"
    __table_args__ = (Index("ix_marketing_activity_store_stage", "store_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(100))
    #: ``promotion`` 市场推广活动 or ``owner`` 车主活动.
    kind: Mapped[str] = mapped_column(String(16))
    stage: Mapped[int] = mapped_column(default=1)
    plan_request_id: Mapped[int | None] = mapped_column(ForeignKey("approval_request.id", ondelete="SET NULL"))
    execution: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    #: When the evidence checklist was complete and the claim marked ready for OEM reimbursement.
    claim_ready_at: Mapped[dt.datetime | None] = mapped_column()

    steps: Mapped[list[MarketingActivityStage]] = relationship(
        back_populates="activity", order_by="MarketingActivityStage.id", cascade="all, delete-orphan")
    budget_lines: Mapped[list[MarketingBudgetLine]] = relationship(
        back_populates="activity", order_by="MarketingBudgetLine.id", cascade="all, delete-orphan")


class MarketingActivityStage(Base):
    """One stage an activity completed: who, when, and what was done."""

    __tablename__ = "marketing_activity_stage"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("marketing_activity.id", ondelete="CASCADE"), index=True)
    stage: Mapped[int] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    done_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    activity: Mapped[MarketingActivity] = relationship(back_populates="steps")


class MarketingBudgetLine(Base):
    """A budget line of an activity (场地、物料、媒体 …) with its planned amount in fen."""

    __tablename__ = "marketing_budget_line"
    __table_args__ = (UniqueConstraint("activity_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("marketing_activity.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(60))
    budget_fen: Mapped[int] = mapped_column(BigInteger)

    activity: Mapped[MarketingActivity] = relationship(back_populates="budget_lines")


class MarketingSpend(Base):
    """Actual spend of a budget line: a payment (APR-PAY) or reimbursement (APR-REIMB) request, counted once
    approved; each request is linked to one line only."""

    __tablename__ = "marketing_spend"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("marketing_budget_line.id", ondelete="CASCADE"),
                                                index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("approval_request.id", ondelete="RESTRICT"), unique=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    linked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MarketingEvidence(Base):
    """A typed file for OEM reimbursement (MKT-ARCH), kept content-addressed in core's attachment store."""

    __tablename__ = "marketing_evidence"
    __table_args__ = (UniqueConstraint("activity_id", "kind", "attachment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("marketing_activity.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id", ondelete="RESTRICT"))
    note: Mapped[str] = mapped_column(String(200), default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MarketingPartner(Base):
    """A partner resource the marketing specialist can draw on."""

    __tablename__ = "marketing_partner"
    __table_args__ = (UniqueConstraint("store_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(16))
    contact: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MarketingPartnerUse(Base):
    """One use of a partner: a cooperation (optionally for an activity), or a contact with a medium."""

    __tablename__ = "marketing_partner_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("marketing_partner.id", ondelete="CASCADE"), index=True)
    used_on: Mapped[dt.date] = mapped_column()
    kind: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(300))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("marketing_activity.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MarketingWalkin(Base):
    """One day's walk-in / call-in figures and sales tracking for one model, from the front desk (MKT-D1)."""

    __tablename__ = "marketing_walkin"
    __table_args__ = (UniqueConstraint("store_id", "day", "model"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    day: Mapped[dt.date] = mapped_column()
    model: Mapped[str] = mapped_column(String(40))
    walk_ins: Mapped[int] = mapped_column(default=0)
    calls: Mapped[int] = mapped_column(default=0)
    test_drives: Mapped[int] = mapped_column(default=0)
    orders: Mapped[int] = mapped_column(default=0)
    deliveries: Mapped[int] = mapped_column(default=0)


MODELS = [MarketingWalkin, MarketingActivity, MarketingActivityStage, MarketingBudgetLine, MarketingSpend, MarketingEvidence,
          MarketingPartner, MarketingPartnerUse]
