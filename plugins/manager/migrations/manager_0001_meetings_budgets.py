"""manager: meetings (minutes in form submissions) and department budgets

Revision ID: manager_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "manager_0001"
down_revision = None
branch_labels = ("manager",)
depends_on = ("core_0005",)


def upgrade() -> None:
    op.create_table(
        "manager_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_manager_meeting_store_id_store"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["submission_id"], ["form_submission.id"],
                                name=op.f("fk_manager_meeting_submission_id_form_submission"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manager_meeting")),
    )
    op.create_index(op.f("ix_manager_meeting_store_id"), "manager_meeting", ["store_id"])
    op.create_table(
        "manager_budget",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_manager_budget_store_id_store"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manager_budget")),
        sa.UniqueConstraint("store_id", "period", "category", name=op.f("uq_manager_budget_store_id_period_category")),
    )
    op.create_index(op.f("ix_manager_budget_store_id"), "manager_budget", ["store_id"])
    op.create_table(
        "manager_stock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("vin", sa.String(17), nullable=False),
        sa.Column("model", sa.String(60), nullable=False),
        sa.Column("color", sa.String(30), nullable=False),
        sa.Column("arrived_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_manager_stock_store_id_store"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manager_stock")),
        sa.UniqueConstraint("store_id", "day", "vin", name=op.f("uq_manager_stock_store_id_day_vin")),
    )
    op.create_index(op.f("ix_manager_stock_store_id"), "manager_stock", ["store_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_manager_stock_store_id"), table_name="manager_stock")
    op.drop_table("manager_stock")
    op.drop_index(op.f("ix_manager_budget_store_id"), table_name="manager_budget")
    op.drop_table("manager_budget")
    op.drop_index(op.f("ix_manager_meeting_store_id"), table_name="manager_meeting")
    op.drop_table("manager_meeting")
