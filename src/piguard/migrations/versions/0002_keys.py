"""Key store: wrapped data keys and key events.

Revision ID: 0002_keys
Revises: 0001_meta
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_keys"
down_revision = "0001_meta"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "keys",
        sa.Column("kid", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("master_id", sa.String(32), nullable=False),
        sa.Column("wrapped", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_keys_name", "keys", ["name"])
    op.create_table(
        "key_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kid", sa.String(32), sa.ForeignKey("keys.kid"), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("purpose", sa.Text, nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
    )
    op.create_index("ix_key_events_kid", "key_events", ["kid"])


def downgrade() -> None:
    op.drop_index("ix_key_events_kid", "key_events")
    op.drop_table("key_events")
    op.drop_index("ix_keys_name", "keys")
    op.drop_table("keys")
