"""The sales follow-up plugin's tables (prefix ``sales_followup_``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow


class SalesMember(Base):
    """An owner-club member (车主会员) of the store's owner website."""

    __tablename__ = "sales_followup_member"
    __table_args__ = (
        UniqueConstraint("store_id", "member_no"),
        Index("ix_sales_followup_member_store_joined", "store_id", "joined_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    member_no: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    #: 普通会员 / 银卡 / 金卡 … as the owner website names its classes.
    level: Mapped[str] = mapped_column(String(20), default="普通会员")
    joined_on: Mapped[dt.date] = mapped_column()
    left_on: Mapped[dt.date | None] = mapped_column()
    last_login_at: Mapped[dt.datetime | None] = mapped_column()
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
