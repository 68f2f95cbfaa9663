"""Imports every module that defines tables, so that Alembic and
``Base.metadata`` see the whole schema."""
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from piguard.store import Base


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


from piguard.protect import keystore as _keystore  # noqa: E402,F401  (keys, key_events)
from piguard.trace import ledger as _ledger  # noqa: E402,F401  (trace_shares, trace_tokens, trace_canaries)
