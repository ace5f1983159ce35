"""core: indexes for delivery-month cohorts and "no visit since delivery" anti-joins

Revision ID: core_0009
Revises: core_0008
"""
from __future__ import annotations

from alembic import op

revision = "core_0009"
down_revision = "core_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_delivery_store_delivered", "delivery", ["store_id", "delivered_on"])
    op.create_index("ix_service_visit_vehicle_intake", "service_visit", ["vehicle_id", "intake_on"])


def downgrade() -> None:
    op.drop_index("ix_service_visit_vehicle_intake", table_name="service_visit")
    op.drop_index("ix_delivery_store_delivered", table_name="delivery")
