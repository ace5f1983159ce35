"""marketing: partner resources and their history of use (media contacts included)

Revision ID: marketing_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "marketing_0002"
down_revision = "marketing_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    t = "marketing_partner"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("contact", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_marketing_partner_store_id_store"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_partner")),
        sa.UniqueConstraint("store_id", "name", name=op.f("uq_marketing_partner_store_id_name")),
    )
    t = "marketing_partner_use"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("used_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("purpose", sa.String(300), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["marketing_partner.id"],
                                name=op.f("fk_marketing_partner_use_partner_id_marketing_partner"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["activity_id"], ["marketing_activity.id"],
                                name=op.f("fk_marketing_partner_use_activity_id_marketing_activity"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["app_user.id"],
                                name=op.f("fk_marketing_partner_use_recorded_by_id_app_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_partner_use")),
    )
    op.create_index(op.f("ix_marketing_partner_use_partner_id"), t, ["partner_id"])


def downgrade() -> None:
    op.drop_table("marketing_partner_use")
    op.drop_table("marketing_partner")
