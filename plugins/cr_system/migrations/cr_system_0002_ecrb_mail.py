"""cr_system: e-CRB tracking-table snapshots and the e-mail outbox

Revision ID: cr_system_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "cr_system_0002"
down_revision = "cr_system_0001"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}"), ondelete=ondelete)


def upgrade() -> None:
    t = "cr_system_ecrb_snapshot"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("source_file", sa.String(255), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("imported_by", sa.String(60), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        _fk(t, "store_id", "store.id", "RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("store_id", "kind", "taken_on", name=op.f(f"uq_{t}_store_id_kind_taken_on")),
    )
    t = "cr_system_mail"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(120), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=False),
        sa.Column("queued_by", sa.String(60), nullable=False),
        sa.Column("queued_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        _fk(t, "store_id", "store.id", "RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("message_id", name=op.f(f"uq_{t}_message_id")),
    )
    op.create_index(op.f(f"ix_{t}_status"), t, ["status"])
    t = "cr_system_mail_attachment"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _fk(t, "mail_id", "cr_system_mail.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f(f"ix_{t}_mail_id"), t, ["mail_id"])


def downgrade() -> None:
    for t in ("cr_system_mail_attachment", "cr_system_mail", "cr_system_ecrb_snapshot"):
        op.drop_table(t)
