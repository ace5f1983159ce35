"""Stores, departments, roles and staff users: who works where, and in which capacity.

A database can hold several stores of a dealer group; departments exist per
store, each with a head, because the manual's chains say "部门经理" meaning the
head of the requester's department.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.base import Base, Timestamped


class Store(Timestamped, Base):
    __tablename__ = "store"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    city: Mapped[str] = mapped_column(String(60), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: Signature for marketing SMS, e.g. 【广汽丰田XX店】.
    sms_signature: Mapped[str] = mapped_column(String(60), default="")
    #: The company line printed at the top of reports and letters (e.g. 广州XX汽车销售服务有限公司).
    letterhead: Mapped[str] = mapped_column(String(255), default="")


class Role(Base):
    """A role code scripts and plugins rely on (``sales_fu``, ``gm`` …), with its Chinese name."""

    __tablename__ = "role"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(80))


class Department(Base):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("store_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(60))
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL", use_alter=True), index=True
    )

    store: Mapped[Store] = relationship()
    head: Mapped[User | None] = relationship(foreign_keys=[head_id])


class User(Timestamped, Base):
    """A member of staff; the CLI acts as one of them (``--as``)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(60), default="")
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    #: Away (leave, training) until this date inclusive: no new tasks, approvals delegated.
    away_until: Mapped[dt.date | None] = mapped_column()
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    store: Mapped[Store | None] = relationship()
    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])
    roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def role_codes(self) -> frozenset[str]:
        return frozenset(r.role_code for r in self.roles)

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))


class UserRole(Base):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    role_code: Mapped[str] = mapped_column(ForeignKey("role.code", ondelete="RESTRICT"), primary_key=True)


class UserStore(Base):
    """A further store a group role (``group_manager``, ``group_admin``) spans besides the user's own."""

    __tablename__ = "user_store"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="CASCADE"), primary_key=True)
