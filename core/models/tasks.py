"""Tasks on people's agendas, the generation watermark, and the store's working-day overrides.

A task is one duty due once: generated from a plugin's schedule (a period or a
source record) or opened ad hoc (an approval step). ``dedupe_key`` carries the
idempotency key under a unique constraint, so two generators running at once
cannot create the same task twice.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow

TASK_STATUSES = ("open", "done", "cancelled")
#: Shown instead of ``open`` once ``due_at`` has passed; never stored.
OVERDUE = "overdue"


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_status_due_at", "status", "due_at"),
        Index("ix_task_status_escalate_at", "status", "escalate_at"),
        Index("ix_task_source", "source_kind", "source_id"),
        Index("ix_task_link", "link_kind", "link_id"),
        Index("ix_task_assignee_status", "assignee_id", "status"),
        Index("ix_task_store_role_status", "store_id", "role_code", "status"),
        Index("ix_task_key_store", "key", "store_id", "id"),
        Index("ix_task_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The schedule's key ("<plugin>.<id>") or, for ad hoc tasks, the caller's key.
    key: Mapped[str] = mapped_column(String(120))
    #: Unique idempotency key: schedule | store | period or source record (ad hoc: see core.scheduler.adhoc).
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    duties: Mapped[list[str]] = mapped_column(JSON, default=list)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id", ondelete="CASCADE"))
    role_code: Mapped[str | None] = mapped_column(ForeignKey("role.code", ondelete="RESTRICT"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    #: "2026-11-26", "2026-W48", "2026-11", "2026-11-15", "2026-Q4" for calendar and cohort tasks.
    period: Mapped[str | None] = mapped_column(String(32))
    source_kind: Mapped[str | None] = mapped_column(String(64))
    source_id: Mapped[int | None] = mapped_column()
    #: What completes the task: ("approval", request id), ("report", None) with link_ref the report key …
    link_kind: Mapped[str | None] = mapped_column(String(32))
    link_id: Mapped[int | None] = mapped_column()
    link_ref: Mapped[str | None] = mapped_column(String(120))
    #: Fields the source query returned (customer, phone …) or the cohort's months and record count.
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    opens_at: Mapped[dt.datetime] = mapped_column()
    due_at: Mapped[dt.datetime] = mapped_column()
    #: When an open task goes to the department head (due_at + the schedule's grace).
    escalate_at: Mapped[dt.datetime | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="open")
    #: Created after the day it opened (a generator run caught up on missed days).
    late: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[dt.datetime | None] = mapped_column()
    closed_by: Mapped[str | None] = mapped_column(String(64))
    escalated_to_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    escalated_at: Mapped[dt.datetime | None] = mapped_column()

    def display_status(self, now: dt.datetime | None = None) -> str:
        """``overdue`` is derived from the clock, never stored."""
        if self.status == "open" and self.due_at < (now or utcnow()):
            return OVERDUE
        return self.status


class TaskWatermark(Base):
    """The last day generated per store, so a missed morning is caught up the next time."""

    __tablename__ = "task_watermark"

    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="CASCADE"), primary_key=True)
    last_day: Mapped[dt.date] = mapped_column()
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CalendarOverride(Base):
    """A store's (or, with no store, the whole group's) exception to the official calendar."""

    __tablename__ = "calendar_override"
    __table_args__ = (UniqueConstraint("store_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "workday" or "holiday"
    note: Mapped[str] = mapped_column(String(200), default="")
    set_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CalendarNotice(Base):
    """One day of the State Council's holiday notice, loaded by an admin for a year ``chinesecalendar`` lacks.

    Group-wide (the notice is national); a store's own overrides still win.
    A year with any row here is no longer "provisional".
    """

    __tablename__ = "calendar_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # "workday" or "holiday"
    note: Mapped[str] = mapped_column(String(200), default="")
    imported_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
