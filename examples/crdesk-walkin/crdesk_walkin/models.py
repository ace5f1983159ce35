"""The plugin's own table; its name starts with the plugin name."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.db.base import utcnow


class WalkinEntry(Base):
    __tablename__ = "walkin_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))  # "visit" 来店 or "call" 来电
    customer_name: Mapped[str] = mapped_column(String(60))
    interest: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    recorded_by: Mapped[str | None] = mapped_column(String(64))
