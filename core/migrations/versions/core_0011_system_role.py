"""core: the ``system`` role of the user the daily cron line acts as (``crdesk --as system tasks generate``)

Revision ID: core_0011
Revises: core_0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0011"
down_revision = "core_0009"
branch_labels = None
depends_on = None

_ROLE = sa.table("role", sa.column("code", sa.String), sa.column("name_zh", sa.String),
                 sa.column("name_en", sa.String))


def upgrade() -> None:
    op.bulk_insert(_ROLE, [{"code": "system", "name_zh": "系统任务", "name_en": "scheduled jobs"}])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM user_role WHERE role_code = 'system'"))
    op.execute(_ROLE.delete().where(_ROLE.c.code == "system"))
