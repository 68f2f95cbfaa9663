"""Share ledger: shares, the customer-key index, canaries.

Revision ID: 0003_ledger
Revises: 0002_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_ledger"
down_revision = "0002_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trace_shares",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("purpose", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_name", sa.Text, nullable=True),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("columns", sa.Text, nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("n_rows", sa.Integer, nullable=False),
        sa.Column("n_canaries", sa.Integer, nullable=False),
        sa.Column("group_p", sa.Float, nullable=False),
        sa.Column("rows", sa.LargeBinary, nullable=False),
        sa.Column("canaries", sa.LargeBinary, nullable=False),
        sa.Column("eligible", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_trace_shares_recipient", "trace_shares", ["recipient"])
    op.create_table(
        "trace_tokens",
        sa.Column("token", sa.BigInteger, primary_key=True),
        sa.Column("customer", sa.BigInteger, primary_key=True),
    )
    op.create_table(
        "trace_canaries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("share_id", sa.String(32), nullable=False),
        sa.Column("province", sa.String(2), nullable=True),
        sa.Column("birth_year", sa.Integer, nullable=True),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_trace_canaries_share_id", "trace_canaries", ["share_id"])


def downgrade() -> None:
    op.drop_index("ix_trace_canaries_share_id", "trace_canaries")
    op.drop_table("trace_canaries")
    op.drop_table("trace_tokens")
    op.drop_index("ix_trace_shares_recipient", "trace_shares")
    op.drop_table("trace_shares")
