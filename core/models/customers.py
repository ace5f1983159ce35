"""Customers of a store and their consent to be contacted, per channel.

Phones are E.164 (``core.phones``). Consent is kept per channel (phone, SMS,
mail) with where it came from and when, because PIPL and the MIIT SMS rules
require proof of consent and honouring an opt-out on that channel.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.base import Base, Timestamped, utcnow

CHANNELS = ("phone", "sms", "mail")


class Customer(Timestamped, Base):
    __tablename__ = "customer"
    #: The phone identifies a customer within a store (imports match on it).
    __table_args__ = (UniqueConstraint("store_id", "phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    phone2: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(255), default="")
    #: The customer's number in the DMS, when the export carries one.
    dms_code: Mapped[str | None] = mapped_column(String(40))

    consents: Mapped[list[CustomerConsent]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    def consent(self, channel: str) -> CustomerConsent | None:
        return next((c for c in self.consents if c.channel == channel), None)

    def opted_out(self, channel: str) -> bool:
        """True when the customer refused or withdrew contact on ``channel``."""
        c = self.consent(channel)
        return c is not None and not c.granted


class CustomerConsent(Base):
    """The customer's latest word on one channel: granted or refused (opt-out), its source and time."""

    __tablename__ = "customer_consent"
    __table_args__ = (UniqueConstraint("customer_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    granted: Mapped[bool] = mapped_column()
    #: Where the customer said so: 购车合同, 短信回T退订, 电话回访 …
    source: Mapped[str] = mapped_column(String(60))
    #: Whose words these are: ``staff`` (recorded by staff) or ``customer_sms`` (the customer's own SMS reply,
    #: e.g. 回T退订). An SMS opt-out of origin ``customer_sms`` only another reply of the customer undoes.
    origin: Mapped[str] = mapped_column(String(16), default="staff", server_default="staff")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
