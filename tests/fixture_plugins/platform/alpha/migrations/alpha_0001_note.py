"""alpha: note table

Revision ID: alpha_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "alpha_0001"
down_revision = None
branch_labels = ("alpha",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "alpha_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alpha_note")),
    )


def downgrade() -> None:
    op.drop_table("alpha_note")
