"""Vehicles and who owned them when: the DMS's VIN is the identity."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.base import Base, Timestamped
from core.models.customers import Customer


class Vehicle(Timestamped, Base):
    __tablename__ = "vehicle"
    __table_args__ = (UniqueConstraint("store_id", "vin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    vin: Mapped[str] = mapped_column(String(17))
    plate: Mapped[str] = mapped_column(String(16), default="", index=True)
    model: Mapped[str] = mapped_column(String(60), default="")
    #: The current owner; the history is in ``vehicle_ownership``.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"), index=True)

    owner: Mapped[Customer | None] = relationship()


class VehicleOwnership(Base):
    """One owner of a vehicle from ``since`` until ``until`` (open while current)."""

    __tablename__ = "vehicle_ownership"

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    since: Mapped[dt.date] = mapped_column()
    until: Mapped[dt.date | None] = mapped_column()
    #: What established it: ``delivery``, ``service-visit``, ``manual``.
    source: Mapped[str] = mapped_column(String(20))
