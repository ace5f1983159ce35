"""duty_demo: deliveries and rendered reports

Revision ID: duty_demo_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "duty_demo_0001"
down_revision = None
branch_labels = ("duty_demo",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "duty_demo_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("customer", sa.String(60), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_duty_demo_delivery_store_id_store"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_demo_delivery")),
    )
    op.create_index(op.f("ix_duty_demo_delivery_delivered_on_store"), "duty_demo_delivery",
                    ["delivered_on", "store_id"])
    op.create_table(
        "duty_demo_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_demo_report")),
        sa.UniqueConstraint("period", name=op.f("uq_duty_demo_report_period")),
    )


def downgrade() -> None:
    op.drop_table("duty_demo_report")
    op.drop_table("duty_demo_delivery")
