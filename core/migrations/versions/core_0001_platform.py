"""core platform: plugin state, stores, departments, roles, staff users

Revision ID: core_0001
Revises:
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "core_0001"
down_revision = None
branch_labels = ("core",)
depends_on = None

ROLES = [
    ("admin", "系统管理员", "system administrator"),
    ("manager", "客户经理", "customer relations manager"),
    ("marketing", "市场专员", "marketing specialist"),
    ("cr", "CR专员", "CR specialist"),
    ("sales_fu", "销售回访专员", "sales follow-up specialist"),
    ("service_fu", "售后回访专员", "after-sales follow-up specialist"),
    ("deputy_gm", "副总经理", "deputy general manager"),
    ("gm", "总经理", "general manager"),
    ("finance_manager", "财务经理", "finance manager"),
    ("accountant", "会计", "accountant"),
    ("service_manager", "售后经理", "service manager"),
    ("admin_clerk", "行政文员", "administration clerk"),
    ("sales_clerk", "销售信息员", "sales information clerk"),
    ("service_desk", "售后前台", "service front desk"),
    ("desk_supervisor", "前台主管", "front-desk supervisor"),
    ("sales_manager", "销售经理", "sales manager"),
]


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", UTCDateTime(), server_default=sa.func.current_timestamp(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), server_default=sa.func.current_timestamp(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "plugin_state",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("installed_version", sa.String(32), nullable=False),
        sa.Column("installed_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_plugin_state")),
    )
    op.create_table(
        "store",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("city", sa.String(60), nullable=False),
        sa.Column("address", sa.String(255), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("sms_signature", sa.String(60), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store")),
        sa.UniqueConstraint("code", name=op.f("uq_store_code")),
    )
    role = op.create_table(
        "role",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name_zh", sa.String(60), nullable=False),
        sa.Column("name_en", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_role")),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("full_name", sa.String(60), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("away_until", sa.Date(), nullable=True),
        sa.Column("delegate_id", sa.Integer(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_app_user_store_id_store"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["delegate_id"], ["app_user.id"],
                                name=op.f("fk_app_user_delegate_id_app_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_index(op.f("ix_app_user_store_id"), "app_user", ["store_id"])
    op.create_index(op.f("ix_app_user_department_id"), "app_user", ["department_id"])
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name_zh", sa.String(60), nullable=False),
        sa.Column("head_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_department_store_id_store"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["head_id"], ["app_user.id"], name=op.f("fk_department_head_id_app_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("store_id", "code", name=op.f("uq_department_store_id_code")),
    )
    op.create_index(op.f("ix_department_store_id"), "department", ["store_id"])
    op.create_index(op.f("ix_department_head_id"), "department", ["head_id"])
    with op.batch_alter_table("app_user") as batch:
        batch.create_foreign_key(op.f("fk_app_user_department_id_department"), "department",
                                 ["department_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "user_role",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role_code", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_user_role_user_id_app_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["role_code"], ["role.code"], name=op.f("fk_user_role_role_code_role"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("user_id", "role_code", name=op.f("pk_user_role")),
    )
    op.bulk_insert(role, [{"code": c, "name_zh": z, "name_en": e} for c, z, e in ROLES])


def downgrade() -> None:
    op.drop_table("user_role")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint(op.f("fk_app_user_department_id_department"), type_="foreignkey")
    op.drop_table("department")
    op.drop_table("app_user")
    op.drop_table("role")
    op.drop_table("store")
    op.drop_table("plugin_state")
