"""Tables of the key store: wrapped data keys and the events that used them.

A data key is stored only wrapped (AES-256-GCM under the master key, with the
key id as associated data), so a database dump alone reveals nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from piguard.store import Base


class DataKey(Base):
    """One version of a named data key. ``state`` is ``active`` for the
    version new data is protected with, ``retired`` for older versions that
    still decrypt (rotation never strands data)."""

    __tablename__ = "keys"

    kid: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    master_id: Mapped[str] = mapped_column(String(32))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)

    def __repr__(self) -> str:  # never the wrapped bytes
        return f"DataKey(kid={self.kid!r}, name={self.name!r}, version={self.version}, state={self.state!r})"


class KeyEvent(Base):
    """Who used which key for what: creation, rotation, unmasking (with the
    purpose the caller declared)."""

    __tablename__ = "key_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ts: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kid: Mapped[str] = mapped_column(String(32), ForeignKey("keys.kid"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(128))
    purpose: Mapped[str | None] = mapped_column(Text, nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
