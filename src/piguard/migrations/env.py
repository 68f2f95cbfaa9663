"""Alembic environment: runs on the connection piguard.store hands over."""
from alembic import context

import piguard.models  # noqa: F401  (registers every table on Base.metadata)
from piguard.store import Base

conn = context.config.attributes.get("connection")
context.configure(connection=conn, target_metadata=Base.metadata,
                  render_as_batch=conn.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
