"""A table recording facts about the store itself (schema owner, created at).

Revision ID: 0001_meta
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_meta"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("meta")
