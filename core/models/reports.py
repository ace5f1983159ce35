"""Every rendered report, kept so it can be listed and re-opened exactly as it was printed."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow


class ReportArchive(Base):
    """One render: which report, for which period and store, in which format, by whom, and the file itself.

    The file is stored in the database (not a path) so the archive survives
    moving the working folder and is backed up with the data; ``sha256``
    proves a re-opened file is the one that was handed out.
    """

    __tablename__ = "report_archive"
    __table_args__ = (Index("ix_report_archive_key_created", "report_key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_key: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(40), default="")
    #: Everything the render was asked for (period, store, format, template folder …).
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fmt: Mapped[str] = mapped_column(String(8))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    #: The acting user's name at render time, kept even if the user is deleted later.
    rendered_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column()
    pages: Mapped[int | None] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
