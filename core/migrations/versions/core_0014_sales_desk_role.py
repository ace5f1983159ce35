"""The sales front desk 销售前台: receives the signed ad plan and hands over walk-in / call-in data.

Revision ID: core_0014
Revises: core_0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0014"
down_revision = "core_0012"
branch_labels = None
depends_on = None

ROLE = {"code": "sales_desk", "name_zh": "销售前台", "name_en": "sales front desk"}


def upgrade() -> None:
    role = sa.table("role", sa.column("code", sa.String), sa.column("name_zh", sa.String),
                    sa.column("name_en", sa.String))
    op.bulk_insert(role, [ROLE])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM user_role WHERE role_code = 'sales_desk'"))
    op.execute(sa.text("DELETE FROM role WHERE code = 'sales_desk'"))
