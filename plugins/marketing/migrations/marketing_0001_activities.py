"""marketing: activities with their stages, budget lines, spend and evidence

Revision ID: marketing_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "marketing_0001"
down_revision = None
branch_labels = ("marketing",)
depends_on = ("core_0005",)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    ref = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{ref}"), ondelete=ondelete)


def upgrade() -> None:
    t = "marketing_activity"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("plan_request_id", sa.Integer(), nullable=True),
        sa.Column("execution", sa.JSON(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("claim_ready_at", UTCDateTime(), nullable=True),
        _fk(t, "store_id", "store.id", "RESTRICT"),
        _fk(t, "plan_request_id", "approval_request.id", "SET NULL"),
        _fk(t, "created_by_id", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index("ix_marketing_activity_store_stage", t, ["store_id", "stage"])
    t = "marketing_activity_stage"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=False),
        _fk(t, "activity_id", "marketing_activity.id", "CASCADE"),
        _fk(t, "done_by_id", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f("ix_marketing_activity_stage_activity_id"), t, ["activity_id"])
    t = "marketing_budget_line"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(60), nullable=False),
        sa.Column("budget_fen", sa.BigInteger(), nullable=False),
        _fk(t, "activity_id", "marketing_activity.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("activity_id", "item", name=op.f(f"uq_{t}_activity_id_item")),
    )
    t = "marketing_spend"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_line_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=True),
        sa.Column("linked_at", UTCDateTime(), nullable=False),
        _fk(t, "budget_line_id", "marketing_budget_line.id", "CASCADE"),
        _fk(t, "request_id", "approval_request.id", "RESTRICT"),
        _fk(t, "linked_by_id", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("request_id", name=op.f(f"uq_{t}_request_id")),
    )
    op.create_index(op.f("ix_marketing_spend_budget_line_id"), t, ["budget_line_id"])
    t = "marketing_evidence"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        _fk(t, "activity_id", "marketing_activity.id", "CASCADE"),
        _fk(t, "attachment_id", "attachment.id", "RESTRICT"),
        _fk(t, "added_by_id", "app_user.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("activity_id", "kind", "attachment_id",
                            name=op.f(f"uq_{t}_activity_id_kind_attachment_id")),
    )
    op.create_index(op.f("ix_marketing_evidence_activity_id"), t, ["activity_id"])


def downgrade() -> None:
    for t in ("marketing_evidence", "marketing_spend", "marketing_budget_line", "marketing_activity_stage",
              "marketing_activity"):
        op.drop_table(t)
