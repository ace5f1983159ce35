"""core forms and approvals: attachments, form versions, submissions, answers, approval requests

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.db.base import UTCDateTime

revision = "core_0005"
down_revision = "core_0004"
branch_labels = None
depends_on = None


def _user_fk(column: str, table: str, ondelete: str = "SET NULL") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["app_user.id"], name=op.f(f"fk_{table}_{column}_app_user"),
                                   ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _user_fk("created_by_id", "attachment"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint("sha256", name=op.f("uq_attachment_sha256")),
    )
    op.create_table(
        "form_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_key", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title_zh", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_version")),
        sa.UniqueConstraint("form_key", "version", name=op.f("uq_form_version_form_key_version")),
    )
    op.create_table(
        "form_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_version_id", sa.Integer(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["form_version_id"], ["form_version.id"],
                                name=op.f("fk_form_submission_form_version_id_form_version"), ondelete="RESTRICT"),
        _user_fk("submitted_by_id", "form_submission"),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_form_submission_store_id_store"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_submission")),
    )
    op.create_index(op.f("ix_form_submission_form_version_id"), "form_submission", ["form_version_id"])
    op.create_index(op.f("ix_form_submission_submitted_by_id"), "form_submission", ["submitted_by_id"])
    op.create_index(op.f("ix_form_submission_store_id"), "form_submission", ["store_id"])
    op.create_table(
        "form_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(64), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("value_text", sa.Text(), nullable=True),
        sa.Column("value_number", sa.Numeric(18, 4), nullable=True),
        sa.Column("value_date", sa.Date(), nullable=True),
        sa.Column("value_at", UTCDateTime(), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["submission_id"], ["form_submission.id"],
                                name=op.f("fk_form_answer_submission_id_form_submission"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_form_answer_attachment_id_attachment"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_answer")),
    )
    op.create_index(op.f("ix_form_answer_submission_id"), "form_answer", ["submission_id"])
    op.create_index(op.f("ix_form_answer_attachment_id"), "form_answer", ["attachment_id"])
    op.create_index("ix_form_answer_field_value_text", "form_answer", ["field", "value_text"])
    op.create_table(
        "approval_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain_key", sa.String(120), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("requesting_department_id", sa.Integer(), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), server_default=sa.func.current_timestamp(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), server_default=sa.func.current_timestamp(), nullable=False),
        _user_fk("author_id", "approval_request", "RESTRICT"),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name=op.f("fk_approval_request_store_id_store"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"],
                                name=op.f("fk_approval_request_department_id_department"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["requesting_department_id"], ["department.id"],
                                name=op.f("fk_approval_request_requesting_department_id_department"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["submission_id"], ["form_submission.id"],
                                name=op.f("fk_approval_request_submission_id_form_submission"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_request")),
    )
    op.create_index(op.f("ix_approval_request_chain_key"), "approval_request", ["chain_key"])
    op.create_index(op.f("ix_approval_request_status"), "approval_request", ["status"])
    op.create_index(op.f("ix_approval_request_author_id"), "approval_request", ["author_id"])
    op.create_index(op.f("ix_approval_request_store_id"), "approval_request", ["store_id"])
    op.create_table(
        "approval_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(64), nullable=False),
        sa.Column("title_zh", sa.String(120), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["approval_request.id"],
                                name=op.f("fk_approval_step_request_id_approval_request"), ondelete="CASCADE"),
        _user_fk("assignee_id", "approval_step"),
        _user_fk("decided_by_id", "approval_step"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_step")),
        sa.UniqueConstraint("request_id", "round", "position", name=op.f("uq_approval_step_request_id_round_position")),
    )
    op.create_index(op.f("ix_approval_step_request_id"), "approval_step", ["request_id"])
    op.create_index(op.f("ix_approval_step_assignee_id"), "approval_step", ["assignee_id"])
    op.create_table(
        "approval_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=True),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("on_behalf_of_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["approval_request.id"],
                                name=op.f("fk_approval_decision_request_id_approval_request"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["step_id"], ["approval_step.id"],
                                name=op.f("fk_approval_decision_step_id_approval_step"), ondelete="SET NULL"),
        _user_fk("actor_id", "approval_decision", "RESTRICT"),
        _user_fk("on_behalf_of_id", "approval_decision"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_decision")),
    )
    op.create_index(op.f("ix_approval_decision_request_id"), "approval_decision", ["request_id"])
    op.create_table(
        "approval_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["approval_request.id"],
                                name=op.f("fk_approval_attachment_request_id_approval_request"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_approval_attachment_attachment_id_attachment"), ondelete="RESTRICT"),
        _user_fk("added_by_id", "approval_attachment"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_attachment")),
    )
    op.create_index(op.f("ix_approval_attachment_request_id"), "approval_attachment", ["request_id"])
    op.create_index(op.f("ix_approval_attachment_attachment_id"), "approval_attachment", ["attachment_id"])


def downgrade() -> None:
    op.drop_table("approval_attachment")
    op.drop_table("approval_decision")
    op.drop_table("approval_step")
    op.drop_table("approval_request")
    op.drop_table("form_answer")
    op.drop_table("form_submission")
    op.drop_table("form_version")
    op.drop_table("attachment")
