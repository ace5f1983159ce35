"""faulty: creates a table, then fails

Revision ID: faulty_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "faulty_0001"
down_revision = None
branch_labels = ("faulty",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table("faulty_half", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO faulty_half (id) VALUES (1)")
    op.execute("INSERT INTO faulty_half (id) VALUES (1)")  # duplicate primary key: the migration fails here


def downgrade() -> None:
    op.drop_table("faulty_half")
