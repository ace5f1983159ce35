"""The vehicle's history as the DMS records it: deliveries (交车) and service visits (入库).

These are core facts because every plugin reads them (follow-ups, kanban,
cohorts, buyer analysis); plugins react to them through ``on_records_imported``.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.base import Base, Timestamped
from core.models.customers import Customer
from core.models.vehicles import Vehicle


class ServiceType(Base):
    """A service type code (``first_maintenance`` …) with its Chinese name."""

    __tablename__ = "service_type"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(40))


class ServiceTypeAlias(Base):
    """A value the DMS exports (首保, 5K, 钣喷 …) mapped onto a code; ``store_id`` NULL is the default for every store."""

    __tablename__ = "service_type_alias"
    __table_args__ = (UniqueConstraint("store_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(ForeignKey("service_type.code", ondelete="CASCADE"))


class Delivery(Timestamped, Base):
    """交车: a vehicle handed to a customer on a day by a sales advisor. Natural key: VIN + date."""

    __tablename__ = "delivery"
    #: ``ix_delivery_store_delivered`` serves cohort ranges (core.vehicle_history).
    __table_args__ = (UniqueConstraint("vehicle_id", "delivered_on"),
                      Index("ix_delivery_store_delivered", "store_id", "delivered_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id", ondelete="RESTRICT"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="RESTRICT"), index=True)
    delivered_on: Mapped[dt.date] = mapped_column(index=True)
    #: The sales advisor's name as the DMS writes it (销售顾问).
    sales_advisor: Mapped[str] = mapped_column(String(60), default="")

    vehicle: Mapped[Vehicle] = relationship()
    customer: Mapped[Customer] = relationship()


class ServiceVisit(Timestamped, Base):
    """入库: a repair order. Natural key: the store's repair-order number."""

    __tablename__ = "service_visit"
    #: ``ix_service_visit_vehicle_intake`` serves "any visit since delivery" anti-joins (core.vehicle_history).
    __table_args__ = (UniqueConstraint("store_id", "repair_order"),
                      Index("ix_service_visit_vehicle_intake", "vehicle_id", "intake_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    repair_order: Mapped[str] = mapped_column(String(40))
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id", ondelete="RESTRICT"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="RESTRICT"), index=True)
    intake_on: Mapped[dt.date] = mapped_column(index=True)
    mileage: Mapped[int | None] = mapped_column()
    service_type: Mapped[str] = mapped_column(ForeignKey("service_type.code", ondelete="RESTRICT"))
    #: The service advisor's name as the DMS writes it (服务顾问).
    service_advisor: Mapped[str] = mapped_column(String(60), default="")
    amount: Mapped[Decimal | None] = mapped_column()

    vehicle: Mapped[Vehicle] = relationship()
    customer: Mapped[Customer] = relationship()
