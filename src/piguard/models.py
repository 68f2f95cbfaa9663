"""Imports every module that defines tables, so that Alembic and
``Base.metadata`` see the whole schema."""
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from piguard.protect import keystore as _keystore  # noqa: F401  (keys, key_events)
from piguard.store import Base
from piguard.trace import ledger as _ledger  # noqa: F401  (trace_shares, trace_tokens, trace_canaries)


class Meta(Base):
    """Facts about the store itself (schema owner, created at)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
