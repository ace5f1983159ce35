"""The follow-up base's tables (prefix ``followup_``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow


class FollowupCall(Base):
    """One dial: who called whom about which delivery or visit, and what happened."""

    __tablename__ = "followup_call"
    __table_args__ = (
        Index("ix_followup_call_customer_called", "customer_id", "called_at"),
        Index("ix_followup_call_store_called", "store_id", "called_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="RESTRICT"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"), index=True)
    #: "delivery" or "service_visit", and its id: what the call follows up.
    source_kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column()
    phone: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    called_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    agent: Mapped[str | None] = mapped_column(String(64))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("form_submission.id", ondelete="SET NULL"))


class FollowupInvalidNumber(Base):
    """A number that failed the three-failure rule, and its way back through the receiving department."""

    __tablename__ = "followup_invalid_number"
    __table_args__ = (
        UniqueConstraint("customer_id", "phone"),
        Index("ix_followup_invalid_number_status", "store_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="RESTRICT"))
    phone: Mapped[str | None] = mapped_column(String(20))
    source_kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column()
    #: The call task that could not be completed; a verified number reopens it.
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"))
    #: Department code that must verify it (销售部 for deliveries, 售后部 for service visits by default).
    receiving_dept: Mapped[str] = mapped_column(String(32))
    failures: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(String(16))
    detected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: open → listed (sent to the receiving department) → verified.
    status: Mapped[str] = mapped_column(String(12), default="open")
    listed_week: Mapped[str | None] = mapped_column(String(8))
    listed_at: Mapped[dt.datetime | None] = mapped_column()
    due_back_at: Mapped[dt.datetime | None] = mapped_column()
    verified_at: Mapped[dt.datetime | None] = mapped_column()
    verified_phone: Mapped[str | None] = mapped_column(String(20))
    verified_by: Mapped[str | None] = mapped_column(String(64))


class FollowupComplaint(Base):
    """A complaint case: tier, owner, deadlines, result and the customer's word on the result."""

    __tablename__ = "followup_complaint"
    __table_args__ = (
        Index("ix_followup_complaint_store_opened", "store_id", "opened_at"),
        Index("ix_followup_complaint_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="RESTRICT"), index=True)
    #: "sales" or "service": which summary (销售/售后投诉处理结果汇总) it belongs to.
    origin: Mapped[str] = mapped_column(String(12))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("followup_call.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    owner_dept: Mapped[str] = mapped_column(String(32))
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    opened_by: Mapped[str | None] = mapped_column(String(64))
    first_response_due: Mapped[dt.datetime] = mapped_column()
    first_responded_at: Mapped[dt.datetime | None] = mapped_column()
    first_response_note: Mapped[str] = mapped_column(Text, default="")
    closure_due: Mapped[dt.datetime] = mapped_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column()
    result: Mapped[str] = mapped_column(Text, default="")
    #: satisfied / neutral / dissatisfied: the customer's satisfaction with the result.
    customer_satisfaction: Mapped[str | None] = mapped_column(String(16))
    #: When the CR manager was told that a deadline was missed.
    escalated_at: Mapped[dt.datetime | None] = mapped_column()
    #: open → responded → closed.
    status: Mapped[str] = mapped_column(String(12), default="open")


class FollowupAdEntry(Base):
    """A competitor's newspaper ad, for 《相关汽车品牌广州市场广告投放统计周报》."""

    __tablename__ = "followup_ad_entry"
    __table_args__ = (Index("ix_followup_ad_entry_store_seen", "store_id", "seen_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    seen_on: Mapped[dt.date] = mapped_column()
    newspaper: Mapped[str] = mapped_column(String(40))
    brand: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(60), default="")
    ad_format: Mapped[str] = mapped_column(String(40), default="")
    page: Mapped[str] = mapped_column(String(20), default="")
    offer: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FollowupGift(Base):
    """The small gift after a face-to-face survey (delivery ceremony or service visit)."""

    __tablename__ = "followup_gift"
    __table_args__ = (UniqueConstraint("source_kind", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="RESTRICT"), index=True)
    source_kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column()
    gift: Mapped[str] = mapped_column(String(60))
    photo_given: Mapped[bool] = mapped_column(default=False)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("form_submission.id", ondelete="SET NULL"))
    given_on: Mapped[dt.date] = mapped_column(index=True)
    given_by: Mapped[str | None] = mapped_column(String(64))
