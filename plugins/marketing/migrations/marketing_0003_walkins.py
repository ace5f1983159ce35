"""marketing: the front desk's daily walk-in / call-in figures per model

Revision ID: marketing_0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "marketing_0003"
down_revision = "marketing_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "marketing_walkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("model", sa.String(40), nullable=False),
        sa.Column("walk_ins", sa.Integer(), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("test_drives", sa.Integer(), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_marketing_walkin_store_id_store"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_walkin")),
        sa.UniqueConstraint("store_id", "day", "model", name=op.f("uq_marketing_walkin_store_id_day_model")),
    )


def downgrade() -> None:
    op.drop_table("marketing_walkin")
