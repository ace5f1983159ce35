"""core: the SMS outbox

Revision ID: core_0007
Revises: core_0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "core_0007"
down_revision = "core_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("marketing", sa.Boolean(), nullable=False),
        sa.Column("ref_kind", sa.String(40), nullable=True),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("skip_reason", sa.String(20), nullable=True),
        sa.Column("error", sa.String(255), nullable=True),
        sa.Column("gateway_ref", sa.String(80), nullable=True),
        sa.Column("queued_at", UTCDateTime(), nullable=False),
        sa.Column("queued_by", sa.String(64), nullable=True),
        sa.Column("sending_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_sms_message_store_id_store"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], name=op.f("fk_sms_message_customer_id_customer"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_message")),
        sa.UniqueConstraint("ref_kind", "ref_id", "customer_id", name=op.f("uq_sms_message_ref_kind_ref_id_customer_id")),
    )
    op.create_index(op.f("ix_sms_message_store_id"), "sms_message", ["store_id"])
    op.create_index(op.f("ix_sms_message_customer_id"), "sms_message", ["customer_id"])
    op.create_index("ix_sms_message_status_id", "sms_message", ["status", "id"])


def downgrade() -> None:
    op.drop_table("sms_message")
