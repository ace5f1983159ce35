"""walkin: entry table

Revision ID: walkin_0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "walkin_0001"
down_revision = None
branch_labels = ("walkin",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "walkin_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("customer_name", sa.String(60), nullable=False),
        sa.Column("interest", sa.String(60), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walkin_entry")),
    )
    op.create_index(op.f("ix_walkin_entry_recorded_at"), "walkin_entry", ["recorded_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_walkin_entry_recorded_at"), table_name="walkin_entry")
    op.drop_table("walkin_entry")
