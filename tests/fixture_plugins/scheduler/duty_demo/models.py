"""A delivery table shaped like core's, so the scheduler tests own their source records."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base


class DemoDelivery(Base):
    __tablename__ = "duty_demo_delivery"
    __table_args__ = (Index("ix_duty_demo_delivery_delivered_on_store", "delivered_on", "store_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="CASCADE"))
    delivered_on: Mapped[dt.date] = mapped_column()
    customer: Mapped[str] = mapped_column(String(60))
    partner_id: Mapped[int | None] = mapped_column()


class DemoReport(Base):
    """A rendered report: the proof the weekly advertising statistics task needs."""

    __tablename__ = "duty_demo_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(32), unique=True)
