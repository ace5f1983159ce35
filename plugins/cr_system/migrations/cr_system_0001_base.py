"""cr_system: letter batches, letters (the mail register), rendered parts, kanban inputs, list hand-overs

Revision ID: cr_system_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "cr_system_0001"
down_revision = None
branch_labels = ("cr_system",)
depends_on = ("core_0009",)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}"), ondelete=ondelete)


def upgrade() -> None:
    t = "cr_system_letter_batch"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("per_part", sa.Integer(), nullable=False),
        sa.Column("approval_id", sa.Integer(), nullable=True),
        sa.Column("handed_to_id", sa.Integer(), nullable=True),
        sa.Column("handed_at", UTCDateTime(), nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", UTCDateTime(), nullable=True),
        sa.Column("created_by", sa.String(60), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk(t, "store_id", "store.id", "RESTRICT"),
        _fk(t, "approval_id", "approval_request.id", "SET NULL"),
        _fk(t, "handed_to_id", "app_user.id", "SET NULL"),
        _fk(t, "signed_by_id", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("store_id", "kind", "day", name=op.f(f"uq_{t}_store_id_kind_day")),
    )
    op.create_index(op.f(f"ix_{t}_store_id"), t, ["store_id"])

    t = "cr_system_letter"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("address", sa.String(255), nullable=False),
        sa.Column("postcode", sa.String(6), nullable=False),
        sa.Column("model", sa.String(60), nullable=False),
        sa.Column("plate", sa.String(16), nullable=False),
        sa.Column("advisor", sa.String(60), nullable=False),
        sa.Column("skipped", sa.String(16), nullable=True),
        _fk(t, "batch_id", "cr_system_letter_batch.id", "CASCADE"),
        _fk(t, "customer_id", "customer.id", "RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("batch_id", "seq", name=op.f(f"uq_{t}_batch_id_seq")),
        sa.UniqueConstraint("kind", "source_id", name=op.f(f"uq_{t}_kind_source_id")),
    )
    op.create_index(op.f(f"ix_{t}_batch_id"), t, ["batch_id"])
    op.create_index(op.f(f"ix_{t}_customer_id"), t, ["customer_id"])

    t = "cr_system_letter_part"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("part_no", sa.Integer(), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rendered_at", UTCDateTime(), nullable=False),
        _fk(t, "batch_id", "cr_system_letter_batch.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("batch_id", "part_no", name=op.f(f"uq_{t}_batch_id_part_no")),
    )

    t = "cr_system_kanban_entry"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.Column("intakes_5k", sa.Integer(), nullable=False),
        sa.Column("intakes_10k", sa.Integer(), nullable=False),
        sa.Column("entered_by", sa.String(60), nullable=False),
        sa.Column("entered_at", UTCDateTime(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        _fk(t, "store_id", "store.id", "RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("store_id", "day", "source", name=op.f(f"uq_{t}_store_id_day_source")),
    )
    op.create_index("ix_cr_system_kanban_entry_store_day", t, ["store_id", "day"])

    t = "cr_system_list_handover"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("handed_by", sa.String(60), nullable=False),
        sa.Column("handed_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("received_by_id", sa.Integer(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=True),
        _fk(t, "store_id", "store.id", "RESTRICT"),
        _fk(t, "received_by_id", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("store_id", "kind", "month", name=op.f(f"uq_{t}_store_id_kind_month")),
    )


def downgrade() -> None:
    for t in ("cr_system_list_handover", "cr_system_kanban_entry", "cr_system_letter_part", "cr_system_letter",
              "cr_system_letter_batch"):
        op.drop_table(t)
