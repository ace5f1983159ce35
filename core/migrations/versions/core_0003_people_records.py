"""core records: customers, consent, vehicles, ownership, service types, deliveries, service visits

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import Money, UTCDateTime

revision = "core_0003"
down_revision = "core_0002"
branch_labels = None
depends_on = None

SERVICE_TYPES = [
    ("first_maintenance", "首保"),
    ("second_maintenance", "二保"),
    ("regular_maintenance", "定期保养"),
    ("general_repair", "一般维修"),
    ("body_paint", "钣喷"),
    ("insurance", "保险"),
    ("warranty", "保修"),
]
#: The values DMS exports write, mapped for every store (stores may add their own).
DEFAULT_ALIASES = {
    "first_maintenance": ["首保", "5K", "5000KM", "首次保养", "首保/5K", "免费首保"],
    "second_maintenance": ["二保", "10K", "10000KM", "二次保养", "二保/10K"],
    "regular_maintenance": ["定期保养", "常规保养", "保养", "定保"],
    "general_repair": ["一般维修", "维修", "机修", "普通维修", "小修"],
    "body_paint": ["钣喷", "事故", "钣金喷漆", "事故车", "钣喷/事故", "钣金"],
    "insurance": ["保险", "保险理赔", "保险维修", "理赔"],
    "warranty": ["保修", "索赔", "三包", "保修/索赔", "质保"],
}


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", UTCDateTime(), server_default=sa.func.current_timestamp(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), server_default=sa.func.current_timestamp(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("phone2", sa.String(20), nullable=True),
        sa.Column("address", sa.String(255), nullable=False),
        sa.Column("dms_code", sa.String(40), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_customer_store_id_store"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer")),
        sa.UniqueConstraint("store_id", "phone", name=op.f("uq_customer_store_id_phone")),
    )
    op.create_index(op.f("ix_customer_store_id"), "customer", ["store_id"])
    op.create_index(op.f("ix_customer_name"), "customer", ["name"])
    op.create_table(
        "customer_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(60), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"],
                                name=op.f("fk_customer_consent_customer_id_customer"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_consent")),
        sa.UniqueConstraint("customer_id", "channel", name=op.f("uq_customer_consent_customer_id_channel")),
    )
    op.create_index(op.f("ix_customer_consent_customer_id"), "customer_consent", ["customer_id"])
    op.create_table(
        "vehicle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("vin", sa.String(17), nullable=False),
        sa.Column("plate", sa.String(16), nullable=False),
        sa.Column("model", sa.String(60), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_vehicle_store_id_store"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["owner_id"], ["customer.id"], name=op.f("fk_vehicle_owner_id_customer"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicle")),
        sa.UniqueConstraint("store_id", "vin", name=op.f("uq_vehicle_store_id_vin")),
    )
    op.create_index(op.f("ix_vehicle_store_id"), "vehicle", ["store_id"])
    op.create_index(op.f("ix_vehicle_plate"), "vehicle", ["plate"])
    op.create_index(op.f("ix_vehicle_owner_id"), "vehicle", ["owner_id"])
    op.create_table(
        "vehicle_ownership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicle.id"],
                                name=op.f("fk_vehicle_ownership_vehicle_id_vehicle"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"],
                                name=op.f("fk_vehicle_ownership_customer_id_customer"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicle_ownership")),
    )
    op.create_index(op.f("ix_vehicle_ownership_vehicle_id"), "vehicle_ownership", ["vehicle_id"])
    op.create_index(op.f("ix_vehicle_ownership_customer_id"), "vehicle_ownership", ["customer_id"])
    service_type = op.create_table(
        "service_type",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name_zh", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_service_type")),
    )
    alias = op.create_table(
        "service_type_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("alias", sa.String(40), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_service_type_alias_store_id_store"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["code"], ["service_type.code"],
                                name=op.f("fk_service_type_alias_code_service_type"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_type_alias")),
        sa.UniqueConstraint("store_id", "alias", name=op.f("uq_service_type_alias_store_id_alias")),
    )
    op.create_index(op.f("ix_service_type_alias_store_id"), "service_type_alias", ["store_id"])
    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("sales_advisor", sa.String(60), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_delivery_store_id_store"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicle.id"], name=op.f("fk_delivery_vehicle_id_vehicle"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], name=op.f("fk_delivery_customer_id_customer"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery")),
        sa.UniqueConstraint("vehicle_id", "delivered_on", name=op.f("uq_delivery_vehicle_id_delivered_on")),
    )
    op.create_index(op.f("ix_delivery_store_id"), "delivery", ["store_id"])
    op.create_index(op.f("ix_delivery_customer_id"), "delivery", ["customer_id"])
    op.create_index(op.f("ix_delivery_delivered_on"), "delivery", ["delivered_on"])
    op.create_table(
        "service_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("repair_order", sa.String(40), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("intake_on", sa.Date(), nullable=False),
        sa.Column("mileage", sa.Integer(), nullable=True),
        sa.Column("service_type", sa.String(32), nullable=False),
        sa.Column("service_advisor", sa.String(60), nullable=False),
        sa.Column("amount", Money, nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_service_visit_store_id_store"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicle.id"], name=op.f("fk_service_visit_vehicle_id_vehicle"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"],
                                name=op.f("fk_service_visit_customer_id_customer"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["service_type"], ["service_type.code"],
                                name=op.f("fk_service_visit_service_type_service_type"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_visit")),
        sa.UniqueConstraint("store_id", "repair_order", name=op.f("uq_service_visit_store_id_repair_order")),
    )
    op.create_index(op.f("ix_service_visit_store_id"), "service_visit", ["store_id"])
    op.create_index(op.f("ix_service_visit_vehicle_id"), "service_visit", ["vehicle_id"])
    op.create_index(op.f("ix_service_visit_customer_id"), "service_visit", ["customer_id"])
    op.create_index(op.f("ix_service_visit_intake_on"), "service_visit", ["intake_on"])
    op.bulk_insert(service_type, [{"code": c, "name_zh": n} for c, n in SERVICE_TYPES])
    op.bulk_insert(alias, [{"store_id": None, "alias": a, "code": c}
                           for c, names in DEFAULT_ALIASES.items() for a in names])


def downgrade() -> None:
    for table in ("service_visit", "delivery", "service_type_alias", "service_type", "vehicle_ownership",
                  "vehicle", "customer_consent", "customer"):
        op.drop_table(table)
