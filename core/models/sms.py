"""The SMS outbox: every message to a customer, from queueing to the gateway's answer."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow

#: queued → sending → sent | failed; or skipped at queue or send time (see ``skip_reason``).
SMS_STATUSES = ("queued", "sending", "sent", "failed", "skipped")


class SmsMessage(Base):
    """One message to one customer; ``sending`` is committed before the gateway is called."""

    __tablename__ = "sms_message"
    __table_args__ = (
        UniqueConstraint("ref_kind", "ref_id", "customer_id"),
        Index("ix_sms_message_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="RESTRICT"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    marketing: Mapped[bool] = mapped_column()
    #: What asked for the message, e.g. ("approval", 17) for an approved APR-SMS request.
    ref_kind: Mapped[str | None] = mapped_column(String(40))
    ref_id: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(12))
    #: opt_out or no_phone.
    skip_reason: Mapped[str | None] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(String(255))
    gateway_ref: Mapped[str | None] = mapped_column(String(80))
    queued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    queued_by: Mapped[str | None] = mapped_column(String(64))
    sending_at: Mapped[dt.datetime | None] = mapped_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column()
