"""Which plugins this database runs, and at which version they were installed."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow


class PluginState(Base):
    """One row per plugin ever enabled here; ``enabled`` false keeps its data for re-enabling."""

    __tablename__ = "plugin_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    installed_version: Mapped[str] = mapped_column(String(32))
    installed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    changed_by: Mapped[str | None] = mapped_column(String(64))
