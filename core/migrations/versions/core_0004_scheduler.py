"""core scheduler: tasks, the generation watermark, working-day overrides

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "core_0004"
down_revision = "core_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("dedupe_key", sa.String(255), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("duties", sa.JSON(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("role_code", sa.String(32), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(32), nullable=True),
        sa.Column("source_kind", sa.String(64), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("link_kind", sa.String(32), nullable=True),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("link_ref", sa.String(120), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.Column("opens_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("escalate_at", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(64), nullable=True),
        sa.Column("escalated_to_id", sa.Integer(), nullable=True),
        sa.Column("escalated_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_task_store_id_store"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["role_code"], ["role.code"], name=op.f("fk_task_role_code_role"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["assignee_id"], ["app_user.id"], name=op.f("fk_task_assignee_id_app_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["escalated_to_id"], ["app_user.id"],
                                name=op.f("fk_task_escalated_to_id_app_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_task_dedupe_key")),
    )
    op.create_index(op.f("ix_task_status_due_at"), "task", ["status", "due_at"])
    op.create_index(op.f("ix_task_status_escalate_at"), "task", ["status", "escalate_at"])
    op.create_index(op.f("ix_task_source"), "task", ["source_kind", "source_id"])
    op.create_index(op.f("ix_task_link"), "task", ["link_kind", "link_id"])
    op.create_index(op.f("ix_task_assignee_status"), "task", ["assignee_id", "status"])
    op.create_index(op.f("ix_task_store_role_status"), "task", ["store_id", "role_code", "status"])
    op.create_index(op.f("ix_task_key_store"), "task", ["key", "store_id", "id"])
    op.create_index(op.f("ix_task_created_at"), "task", ["created_at"])
    op.create_table(
        "task_watermark",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_task_watermark_store_id_store"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_task_watermark")),
    )
    op.create_table(
        "calendar_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_calendar_override_store_id_store"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_override")),
        sa.UniqueConstraint("store_id", "day", name=op.f("uq_calendar_override_store_id_day")),
    )
    op.create_index(op.f("ix_calendar_override_day"), "calendar_override", ["day"])


def downgrade() -> None:
    op.drop_table("calendar_override")
    op.drop_table("task_watermark")
    op.drop_table("task")
