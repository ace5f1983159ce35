"""sales_followup: owner-club members

Revision ID: sales_followup_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "sales_followup_0001"
down_revision = None
branch_labels = ("sales_followup",)
depends_on = ("followup_0001",)


def upgrade() -> None:
    op.create_table(
        "sales_followup_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("member_no", sa.String(40), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("last_login_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_sales_followup_member_store_id_store"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_sales_followup_member_customer_id_customer"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_followup_member")),
        sa.UniqueConstraint("store_id", "member_no", name=op.f("uq_sales_followup_member_store_id_member_no")),
    )
    op.create_index(op.f("ix_sales_followup_member_customer_id"), "sales_followup_member", ["customer_id"])
    op.create_index("ix_sales_followup_member_store_joined", "sales_followup_member", ["store_id", "joined_on"])


def downgrade() -> None:
    op.drop_table("sales_followup_member")
