"""Values a dealer can change without code: thresholds, receiving departments, targets."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow


class SettingValue(Base):
    """One setting's value for one store, or for every store when ``store_id`` is null."""

    __tablename__ = "setting_value"
    __table_args__ = (Index("ix_setting_value_key_store", "key", "store_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id", ondelete="CASCADE"))
    value: Mapped[dict[str, Any]] = mapped_column()
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    changed_by: Mapped[str | None] = mapped_column(String(64))
