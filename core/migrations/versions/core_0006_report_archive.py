"""core reports: the archive of every rendered report

Revision ID: core_0006
Revises: core_0005
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "core_0006"
down_revision = "core_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_key", sa.String(120), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("fmt", sa.String(8), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("rendered_by", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_report_archive_store_id_store"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_report_archive_user_id_app_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_archive")),
    )
    op.create_index("ix_report_archive_key_created", "report_archive", ["report_key", "created_at"])
    op.create_index(op.f("ix_report_archive_store_id"), "report_archive", ["store_id"])
    op.create_index(op.f("ix_report_archive_user_id"), "report_archive", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_report_archive_user_id"), table_name="report_archive")
    op.drop_index(op.f("ix_report_archive_store_id"), table_name="report_archive")
    op.drop_index("ix_report_archive_key_created", table_name="report_archive")
    op.drop_table("report_archive")
