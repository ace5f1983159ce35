"""core: store scope (group roles and the stores they span), store letterhead

Revision ID: core_0012
Revises: core_0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0012"
down_revision = "core_0011"
branch_labels = None
depends_on = None

GROUP_ROLES = [
    ("group_manager", "集团客户经理", "dealer group customer relations manager"),
    ("group_admin", "集团系统管理员", "dealer group administrator"),
]


def upgrade() -> None:
    op.create_table(
        "user_store",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_user_store_user_id_app_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_user_store_store_id_store"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "store_id", name=op.f("pk_user_store")),
    )
    with op.batch_alter_table("store") as batch:
        batch.add_column(sa.Column("letterhead", sa.String(255), nullable=False, server_default=""))
    role = sa.table("role", sa.column("code", sa.String), sa.column("name_zh", sa.String),
                    sa.column("name_en", sa.String))
    op.bulk_insert(role, [{"code": c, "name_zh": z, "name_en": e} for c, z, e in GROUP_ROLES])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM user_role WHERE role_code IN ('group_manager', 'group_admin')"))
    op.execute(sa.text("DELETE FROM role WHERE code IN ('group_manager', 'group_admin')"))
    with op.batch_alter_table("store") as batch:
        batch.drop_column("letterhead")
    op.drop_table("user_store")
