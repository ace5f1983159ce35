"""The manager's own records: meetings with their action items, and department budgets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.db.base import UTCDateTime, utcnow


class ManagerMeeting(Base):
    """One meeting's minutes (晨会 / 公司例会 / 部门例会); the answers live in the form submission."""

    __tablename__ = "manager_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    held_on: Mapped[dt.date] = mapped_column()
    submission_id: Mapped[int] = mapped_column(ForeignKey("form_submission.id", ondelete="RESTRICT"))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ManagerBudget(Base):
    """A department budget for one category and period (``2026``, ``2026-Q4`` or ``2026-11``)."""

    __tablename__ = "manager_budget"
    __table_args__ = (UniqueConstraint("store_id", "period", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    starts_on: Mapped[dt.date] = mapped_column()
    ends_on: Mapped[dt.date] = mapped_column()
    category: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ManagerStock(Base):
    """One vehicle in the store's stock on a snapshot day, imported from the DMS stock export (店头库存)."""

    __tablename__ = "manager_stock"
    __table_args__ = (UniqueConstraint("store_id", "day", "vin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    day: Mapped[dt.date] = mapped_column()
    vin: Mapped[str] = mapped_column(String(17))
    model: Mapped[str] = mapped_column(String(60))
    color: Mapped[str] = mapped_column(String(30), default="")
    arrived_on: Mapped[dt.date] = mapped_column()


MODELS = [ManagerMeeting, ManagerBudget, ManagerStock]
