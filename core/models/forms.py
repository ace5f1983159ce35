"""Form versions, submissions, answers (one row per field) and the attachment store's index."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db.base import Base, utcnow


class Attachment(Base):
    """A file in the attachment store, content-addressed: the same bytes are kept once."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column()
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))


class FormVersion(Base):
    """One version of a plugin's form, with the spec it had; frozen once it has submissions."""

    __tablename__ = "form_version"
    __table_args__ = (UniqueConstraint("form_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_key: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column()
    title_zh: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FormSubmission(Base):
    __tablename__ = "form_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id", ondelete="RESTRICT"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id", ondelete="SET NULL"), index=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    form_version: Mapped[FormVersion] = relationship()


class FormAnswer(Base):
    """One answer: a field, or a cell of a repeating row (``row_no`` ≥ 1), or one option of a multiple choice.

    Exactly one ``value_*`` column is set, by the field's type, so surveys
    aggregate with plain SQL (``GROUP BY field, value_text``, ``AVG(value_number)``).
    """

    __tablename__ = "form_answer"
    __table_args__ = (Index("ix_form_answer_field_value_text", "field", "value_text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("form_submission.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    row_no: Mapped[int] = mapped_column(default=0)
    column: Mapped[str] = mapped_column(String(64), default="")
    item: Mapped[int] = mapped_column(default=0)
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    value_date: Mapped[dt.date | None] = mapped_column(Date)
    value_at: Mapped[dt.datetime | None] = mapped_column()
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id", ondelete="RESTRICT"), index=True)
