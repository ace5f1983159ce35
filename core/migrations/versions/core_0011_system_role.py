"""core: the ``system`` role (``crdesk --as system tasks generate``), keyed audit entries, consent origin

SMS opt-outs recorded so far with a 回T退订 source become the customer's own words (origin ``customer_sms``),
so staff cannot re-grant them.

Revision ID: core_0011
Revises: core_0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0011"
down_revision = "core_0010"
branch_labels = None
depends_on = None

_ROLE = sa.table("role", sa.column("code", sa.String), sa.column("name_zh", sa.String),
                 sa.column("name_en", sa.String))


def upgrade() -> None:
    op.bulk_insert(_ROLE, [{"code": "system", "name_zh": "系统任务", "name_en": "scheduled jobs"}])
    # Entries written so far stay plain SHA-256 (keyed = false) and keep verifying; new ones are HMACs.
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("keyed", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("customer_consent") as batch:
        batch.add_column(sa.Column("origin", sa.String(16), server_default="staff", nullable=False))
    op.execute(sa.text("UPDATE customer_consent SET origin = 'customer_sms' "
                       "WHERE channel = 'sms' AND source LIKE '%回T退订%'"))


def downgrade() -> None:
    with op.batch_alter_table("customer_consent") as batch:
        batch.drop_column("origin")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("keyed")
    op.execute(sa.text("DELETE FROM user_role WHERE role_code = 'system'"))
    op.execute(_ROLE.delete().where(_ROLE.c.code == "system"))
