"""followup: calls, invalid numbers, complaints, competitor ads, gifts

Revision ID: followup_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "followup_0001"
down_revision = None
branch_labels = ("followup",)
depends_on = ("core_0005",)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}"), ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "followup_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("source_kind", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("called_at", UTCDateTime(), nullable=False),
        sa.Column("agent", sa.String(64), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        _fk("followup_call", "store_id", "store.id", "RESTRICT"),
        _fk("followup_call", "customer_id", "customer.id", "RESTRICT"),
        _fk("followup_call", "task_id", "task.id", "SET NULL"),
        _fk("followup_call", "submission_id", "form_submission.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_call")),
    )
    op.create_index("ix_followup_call_customer_called", "followup_call", ["customer_id", "called_at"])
    op.create_index("ix_followup_call_store_called", "followup_call", ["store_id", "called_at"])
    op.create_index(op.f("ix_followup_call_task_id"), "followup_call", ["task_id"])

    op.create_table(
        "followup_invalid_number",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("source_kind", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("receiving_dept", sa.String(32), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("detected_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("listed_week", sa.String(8), nullable=True),
        sa.Column("listed_at", UTCDateTime(), nullable=True),
        sa.Column("due_back_at", UTCDateTime(), nullable=True),
        sa.Column("verified_at", UTCDateTime(), nullable=True),
        sa.Column("verified_phone", sa.String(20), nullable=True),
        sa.Column("verified_by", sa.String(64), nullable=True),
        _fk("followup_invalid_number", "store_id", "store.id", "RESTRICT"),
        _fk("followup_invalid_number", "customer_id", "customer.id", "RESTRICT"),
        _fk("followup_invalid_number", "task_id", "task.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_invalid_number")),
        sa.UniqueConstraint("customer_id", "phone", name=op.f("uq_followup_invalid_number_customer_id_phone")),
    )
    op.create_index("ix_followup_invalid_number_status", "followup_invalid_number", ["store_id", "status"])

    op.create_table(
        "followup_complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(12), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("tier", sa.String(20), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_dept", sa.String(32), nullable=False),
        sa.Column("handler_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("opened_by", sa.String(64), nullable=True),
        sa.Column("first_response_due", UTCDateTime(), nullable=False),
        sa.Column("first_responded_at", UTCDateTime(), nullable=True),
        sa.Column("first_response_note", sa.Text(), nullable=False),
        sa.Column("closure_due", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("customer_satisfaction", sa.String(16), nullable=True),
        sa.Column("escalated_at", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        _fk("followup_complaint", "store_id", "store.id", "RESTRICT"),
        _fk("followup_complaint", "customer_id", "customer.id", "RESTRICT"),
        _fk("followup_complaint", "call_id", "followup_call.id", "SET NULL"),
        _fk("followup_complaint", "handler_id", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_complaint")),
    )
    op.create_index(op.f("ix_followup_complaint_customer_id"), "followup_complaint", ["customer_id"])
    op.create_index("ix_followup_complaint_store_opened", "followup_complaint", ["store_id", "opened_at"])
    op.create_index("ix_followup_complaint_status", "followup_complaint", ["status"])

    op.create_table(
        "followup_ad_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("seen_on", sa.Date(), nullable=False),
        sa.Column("newspaper", sa.String(40), nullable=False),
        sa.Column("brand", sa.String(40), nullable=False),
        sa.Column("model", sa.String(60), nullable=False),
        sa.Column("ad_format", sa.String(40), nullable=False),
        sa.Column("page", sa.String(20), nullable=False),
        sa.Column("offer", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        _fk("followup_ad_entry", "store_id", "store.id", "RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_ad_entry")),
    )
    op.create_index("ix_followup_ad_entry_store_seen", "followup_ad_entry", ["store_id", "seen_on"])

    op.create_table(
        "followup_gift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("source_kind", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("gift", sa.String(60), nullable=False),
        sa.Column("photo_given", sa.Boolean(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("given_by", sa.String(64), nullable=True),
        _fk("followup_gift", "store_id", "store.id", "RESTRICT"),
        _fk("followup_gift", "customer_id", "customer.id", "RESTRICT"),
        _fk("followup_gift", "submission_id", "form_submission.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_gift")),
        sa.UniqueConstraint("source_kind", "source_id", name=op.f("uq_followup_gift_source_kind_source_id")),
    )
    op.create_index(op.f("ix_followup_gift_customer_id"), "followup_gift", ["customer_id"])
    op.create_index(op.f("ix_followup_gift_given_on"), "followup_gift", ["given_on"])


def downgrade() -> None:
    for table in (
        "followup_gift",
        "followup_ad_entry",
        "followup_complaint",
        "followup_invalid_number",
        "followup_call",
    ):
        op.drop_table(table)
