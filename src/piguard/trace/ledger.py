"""The share ledger: who received which rows, with which canaries and code.

Tables (migration ``0003_ledger``):

``trace_shares``
    one row per share: recipient, purpose, time, source hash, columns, key id,
    and three compact sets: the customers it contained (sorted customer
    numbers, delta-encoded and zlib-compressed: about a byte a row), the
    canaries it contained, and the pool canaries it was eligible for.
``trace_tokens``
    the customer-key index: a keyed 64-bit hash of an identifier (phone, ID
    number, card, e-mail, name + phone, name + ID, name + address) to the
    customer number it belongs to; canaries are entered with negative numbers.
``trace_canaries``
    every canary record (synthetic, so kept in clear to put it into later
    shares), unique to one share or in the group pool.

Nothing here holds a real customer's identifier in clear: the index holds
only keyed hashes, and row sets hold customer numbers.

>>> unpack_ids(pack_ids([5, 1, 3]))
array([1, 3, 5], dtype=uint32)
"""
from __future__ import annotations

import hashlib
import hmac
import json
import zlib
from datetime import datetime, timezone

import numpy as np
from sqlalchemy import BigInteger, DateTime, Float, Integer, LargeBinary, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from piguard.store import Base


class Share(Base):
    """One recipient's fingerprinted copy."""

    __tablename__ = "trace_shares"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(200), index=True)
    purpose: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_hash: Mapped[str] = mapped_column(String(64))
    columns: Mapped[str] = mapped_column(Text)  # JSON [{"name", "entity"}]
    key_id: Mapped[str] = mapped_column(String(32))
    n_rows: Mapped[int] = mapped_column(Integer)
    n_canaries: Mapped[int] = mapped_column(Integer)
    group_p: Mapped[float] = mapped_column(Float)  # chance a pool canary eligible here was included
    rows: Mapped[bytes] = mapped_column(LargeBinary)
    canaries: Mapped[bytes] = mapped_column(LargeBinary)
    eligible: Mapped[bytes] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"Share(id={self.id!r}, recipient={self.recipient!r}, rows={self.n_rows})"


class Token(Base):
    """Keyed hash of an identifier -> customer number (negative: canary)."""

    __tablename__ = "trace_tokens"

    token: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer: Mapped[int] = mapped_column(BigInteger, primary_key=True)


class Canary(Base):
    """A synthetic customer planted in shares."""

    __tablename__ = "trace_canaries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))  # "unique" | "group"
    share_id: Mapped[str] = mapped_column(String(32), index=True)  # the share that created it
    province: Mapped[str | None] = mapped_column(String(2), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    record: Mapped[str] = mapped_column(Text)  # JSON of the identity fields
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- compact id sets ---------------------------------------------------------
# Two encodings, whichever is smaller: a bitmap over [min, max] (dense sets:
# a share of 50,000 of 200,000 customers is a 25 KB bitmap before zlib), or
# sorted uint32 deltas (sparse sets). Both are zlib-compressed and answer
# membership for a whole vector of ids without building the id list.

def pack_ids(ids) -> bytes:
    """Sorted unique ids (uint32) as a compressed bitmap or delta list."""
    a = np.unique(np.asarray(ids, dtype=np.int64))
    if a.size and (a[0] < 0 or a[-1] >= 2 ** 32):
        raise ValueError("ids out of range")
    if a.size and (int(a[-1]) - int(a[0])) // 8 + 1 < 4 * a.size:
        lo = int(a[0])
        bits = np.zeros(int(a[-1]) - lo + 1, dtype=np.uint8)
        bits[a - lo] = 1
        head = np.array([lo, bits.size], dtype="<u4").tobytes()
        return b"B" + head + zlib.compress(np.packbits(bits).tobytes(), 6)
    d = np.diff(a, prepend=0).astype("<u4")
    return b"D" + zlib.compress(d.tobytes(), 6)


class IdSet:
    """A packed id set: ``contains`` (vectorised), ``ids``, ``size``.

    >>> s = IdSet(pack_ids([5, 1, 3]))
    >>> s.contains(np.array([1, 2, 5, 9])).tolist(), s.size
    ([True, False, True, False], 3)
    """

    def __init__(self, blob: bytes):
        self.kind = blob[:1]
        if self.kind == b"B":
            self.lo, self.nbits = (int(x) for x in np.frombuffer(blob[1:9], dtype="<u4"))
            self._bytes = np.frombuffer(zlib.decompress(blob[9:]), dtype=np.uint8)
            self._ids = None
        else:
            self._ids = np.cumsum(np.frombuffer(zlib.decompress(blob[1:]), dtype="<u4"),
                                  dtype=np.uint64).astype(np.uint32)

    @property
    def size(self) -> int:
        return int(np.unpackbits(self._bytes).sum()) if self._ids is None else int(self._ids.size)

    def ids(self) -> np.ndarray:
        if self._ids is None:
            return (np.flatnonzero(np.unpackbits(self._bytes)[:self.nbits]) + self.lo).astype(np.uint32)
        return self._ids

    def contains(self, values) -> np.ndarray:
        v = np.asarray(values, dtype=np.int64)
        if self._ids is None:
            idx = v - self.lo
            ok = (idx >= 0) & (idx < self.nbits)
            out = np.zeros(v.shape, dtype=bool)
            i = idx[ok]
            out[ok] = (self._bytes[i >> 3] >> (7 - (i & 7))) & 1 == 1
            return out
        if self._ids.size == 0:
            return np.zeros(v.shape, dtype=bool)
        i = np.searchsorted(self._ids, v)
        i[i >= self._ids.size] = self._ids.size - 1
        return self._ids[i] == v


def unpack_ids(blob: bytes) -> np.ndarray:
    return IdSet(blob).ids()


# -- the trace secret --------------------------------------------------------

def secret(db: str | None = None, kid: str | None = None) -> tuple[bytes, str]:
    """``(secret, key_id)`` for fingerprints and the token index: derived from
    the key store's data key ``trace`` (``piguard.protect.keys``), the active
    version, or the version ``kid`` an old share recorded. The key id is safe
    to store and print; the secret never leaves the process."""
    from piguard.protect import keys

    key = keys.get_key(kid, db=db) if kid else keys.active_key("trace", db=db)
    return key.derive("trace/fingerprint"), key.kid


# -- tokens ------------------------------------------------------------------

class Tokenizer:
    """Keyed 64-bit hashes of identifiers (signed, to fit BIGINT).

    >>> t = Tokenizer(b"k" * 32)
    >>> t("phone", "13800138000") == t("phone", "13800138000") != t("id", "13800138000")
    True
    """

    def __init__(self, secret_: bytes):
        self._mac = hmac.new(hmac.new(secret_, b"piguard/trace/tokens", hashlib.sha256).digest(),
                             digestmod=hashlib.sha256)

    def __call__(self, kind: str, value: str) -> int:
        m = self._mac.copy()
        m.update(kind.encode() + b"\x1f" + value.encode("utf-8"))
        return int.from_bytes(m.digest()[:8], "big", signed=True)


def lookup(s: Session, tokens) -> dict[int, list[int]]:
    """token -> customer numbers (negative for canaries) for known tokens."""
    tokens = list({int(t) for t in tokens})
    out: dict[int, list[int]] = {}
    for i in range(0, len(tokens), 900):
        chunk = tokens[i:i + 900]
        for tok, cust in s.execute(select(Token.token, Token.customer).where(Token.token.in_(chunk))):
            out.setdefault(tok, []).append(cust)
    return out


def next_customer(s: Session) -> int:
    top = s.scalar(select(func.max(Token.customer)))
    return (top or 0) + 1


def add_tokens(s: Session, pairs) -> None:
    """Insert ``(token, customer)`` pairs not yet in the index."""
    pairs = list(dict.fromkeys((int(t), int(c)) for t, c in pairs))
    if not pairs:
        return
    known = lookup(s, [t for t, _ in pairs])
    new = [{"token": t, "customer": c} for t, c in pairs if c not in known.get(t, ())]
    for i in range(0, len(new), 5000):
        s.execute(Token.__table__.insert(), new[i:i + 5000])


def now() -> datetime:
    return datetime.now(timezone.utc)


def columns_json(columns) -> str:
    return json.dumps([{"name": n, "entity": e} for n, e in columns], ensure_ascii=False)
