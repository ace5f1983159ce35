"""Approval requests, their step instances per round, every decision, and attached files.

``ApprovalRequest.status`` changes only along :data:`TRANSITIONS`; the ORM
refuses any other change, whoever makes it (engine, script or import).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from core.db.base import Base, Timestamped, utcnow

#: Request states: pending (a step waits), approved, rejected (back with the author), withdrawn.
STATUSES = ("pending", "approved", "rejected", "withdrawn")
#: Every allowed status change (old, new); a new request starts as pending.
TRANSITIONS: frozenset[tuple[str | None, str]] = frozenset({
    (None, "pending"),
    ("pending", "pending"),      # a step approved or returned; the chain moves on or back
    ("pending", "approved"),
    ("pending", "rejected"),
    ("pending", "withdrawn"),
    ("rejected", "pending"),     # resubmitted
    ("rejected", "withdrawn"),
})


class IllegalTransition(ValueError):
    """A status change that no declared transition allows."""


class ApprovalRequest(Timestamped, Base):
    __tablename__ = "approval_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_key: Mapped[str] = mapped_column(String(120), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"), index=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    requesting_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    submission_id: Mapped[int] = mapped_column(ForeignKey("form_submission.id", ondelete="RESTRICT"))
    round: Mapped[int] = mapped_column(default=1)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column()

    steps: Mapped[list[ApprovalStep]] = relationship(
        back_populates="request", order_by="(ApprovalStep.round, ApprovalStep.position)",
        cascade="all, delete-orphan")
    decisions: Mapped[list[ApprovalDecision]] = relationship(
        order_by="ApprovalDecision.id", cascade="all, delete-orphan")
    attachments: Mapped[list[ApprovalAttachment]] = relationship(
        order_by="ApprovalAttachment.id", cascade="all, delete-orphan")

    @validates("status")
    def _guard_status(self, _key: str, new: str) -> str:
        old = self.__dict__.get("status")
        if (old, new) not in TRANSITIONS:
            raise IllegalTransition(f"approval request {self.id or '(new)'}: no transition from {old!r} to {new!r}")
        return new


class ApprovalStep(Base):
    """A step of one round: who may decide it, and what happened to it."""

    __tablename__ = "approval_step"
    __table_args__ = (UniqueConstraint("request_id", "round", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("approval_request.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column()
    position: Mapped[int] = mapped_column()
    step_id: Mapped[str] = mapped_column(String(64))
    title_zh: Mapped[str] = mapped_column(String(120))
    #: waiting (not reached yet), pending (decide now), approved, rejected, cancelled.
    status: Mapped[str] = mapped_column(String(16))
    roles: Mapped[list[Any]] = mapped_column(JSON, default=list)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column()

    request: Mapped[ApprovalRequest] = relationship(back_populates="steps")


class ApprovalDecision(Base):
    """One line of the sign-off sheet: submit, approve, reject, return, withdraw or resubmit."""

    __tablename__ = "approval_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("approval_request.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int | None] = mapped_column(ForeignKey("approval_step.id", ondelete="SET NULL"))
    round: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    step: Mapped[ApprovalStep | None] = relationship()


class ApprovalAttachment(Base):
    """A file attached to a request; ``name`` fills a step's required slot (e.g. ``invoice_photo``)."""

    __tablename__ = "approval_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("approval_request.id", ondelete="CASCADE"), index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(64), default="")
    round: Mapped[int] = mapped_column()
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
