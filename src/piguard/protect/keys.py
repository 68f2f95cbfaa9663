"""Keys: a master key outside the database, data keys wrapped by it inside.

The master key comes from env ``PIGUARD_KEY`` (any secret of 16+ characters;
use e.g. ``openssl rand -base64 32``) or from the file ``master.key`` under
``PIGUARD_HOME``, created with mode 0600 on first use. Data keys are named
(``default`` unless told otherwise) and versioned: ``rotate`` adds a new
active version and retires the old one, which still decrypts because every
ciphertext, token and mask manifest names the key id (``kid``) it used.

Secrets never leave this module in the clear except as ``Key`` objects,
whose ``repr`` shows only the key id.

>>> k = Key("k1a2b3c4d5e6f", "crm", 2, "active", bytes(32))
>>> k
Key(kid='k1a2b3c4d5e6f', name='crm', version=2)
>>> len(k.derive("ff1")), k.derive("ff1") != k.derive("hmac/sha256")
(32, True)
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select

from piguard import store
from piguard.errors import BadInput
from piguard.protect.keystore import DataKey, KeyEvent

MASTER_FILE = "master.key"
_NAME_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


class Key:
    """An unwrapped data key. ``derive(label, n)`` gives independent
    sub-keys per use (FF1, AES-GCM, SM4-GCM, HMAC...)."""

    __slots__ = ("kid", "name", "version", "state", "_secret", "_cache")

    def __init__(self, kid: str, name: str, version: int, state: str, secret: bytes):
        self.kid, self.name, self.version, self.state = kid, name, version, state
        self._secret = secret
        self._cache: dict = {}

    def derive(self, label: str, length: int = 32) -> bytes:
        got = self._cache.get((label, length))
        if got is None:
            got = _hkdf(self._secret, f"piguard/{label}".encode(), length)
            self._cache[(label, length)] = got
        return got

    def __repr__(self) -> str:
        return f"Key(kid={self.kid!r}, name={self.name!r}, version={self.version})"

    __str__ = __repr__

    def __reduce__(self):  # keep secrets out of pickles
        raise TypeError("Key objects cannot be pickled")


@dataclass(frozen=True)
class KeyInfo:
    """What ``piguard key list`` shows: never any secret."""

    kid: str
    name: str
    version: int
    state: str
    created_at: str

    def as_dict(self) -> dict:
        return {"kid": self.kid, "name": self.name, "version": self.version,
                "state": self.state, "created_at": self.created_at}


def _hkdf(secret: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=b"piguard-v1", info=info).derive(secret)


# -- master key ---------------------------------------------------------------

def _master() -> bytes:
    env = os.environ.get("PIGUARD_KEY")
    if env is not None:
        return _master_from(env)
    return _master_from(_master_file_secret(store.home() / MASTER_FILE))


@lru_cache(maxsize=8)
def _master_from(secret: str) -> bytes:
    if len(secret.strip()) < 16:
        raise BadInput("PIGUARD_KEY is too short: use a random secret of at least 16 characters")
    return _hkdf(secret.strip().encode(), b"piguard/master", 32)


def _master_file_secret(path: Path) -> str:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            return path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            raise BadInput(f"cannot read the master key file {path}") from None
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    return path.read_text(encoding="ascii").strip()


def _master_id(master: bytes) -> str:
    # Names the master key without revealing it, so a wrong one is reported
    # clearly instead of as a failed decryption.
    return hmac.new(master, b"piguard master id", hashlib.sha256).hexdigest()[:16]


def _wrap(master: bytes, kid: str, secret: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(master).encrypt(nonce, secret, b"piguard key|" + kid.encode())


def _unwrap(master: bytes, row: DataKey) -> bytes:
    if row.master_id != _master_id(master):
        raise BadInput(f"key {row.kid} was wrapped by another master key "
                       "(check PIGUARD_KEY or the master.key file under PIGUARD_HOME)")
    try:
        return AESGCM(master).decrypt(row.wrapped[:12], row.wrapped[12:], b"piguard key|" + row.kid.encode())
    except Exception:
        raise BadInput(f"key {row.kid} cannot be unwrapped: the key store entry is damaged") from None


# -- data keys ----------------------------------------------------------------

def _now() -> datetime:
    return datetime.now(timezone.utc)


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _check_name(name: str) -> str:
    if not name or len(name) > 64 or not set(name) <= _NAME_OK:
        raise BadInput(f"bad key name {name!r}: use 1-64 letters, digits, '_', '-' or '.'")
    return name


def _info(row: DataKey) -> KeyInfo:
    ts = row.created_at
    return KeyInfo(row.kid, row.name, row.version, row.state,
                   ts.replace(tzinfo=ts.tzinfo or timezone.utc).isoformat(timespec="seconds"))


def _new_row(name: str, version: int, master: bytes) -> DataKey:
    kid = "k" + secrets.token_hex(6)
    secret = secrets.token_bytes(32)
    return DataKey(kid=kid, name=name, version=version, state="active", created_at=_now(),
                   master_id=_master_id(master), wrapped=_wrap(master, kid, secret))


def create_key(name: str = "default", db: str | None = None) -> KeyInfo:
    """Create data key ``name`` (version 1). Fails if it exists."""
    _check_name(name)
    master = _master()
    with store.session(db) as s:
        if s.scalars(select(DataKey).where(DataKey.name == name)).first() is not None:
            raise BadInput(f"key '{name}' already exists (use 'piguard key rotate {name}')")
        row = _new_row(name, 1, master)
        s.add(row)
        s.flush()
        s.add(KeyEvent(ts=_now(), kid=row.kid, action="create", actor=_actor()))
        s.commit()
        return _info(row)


def rotate_key(name: str = "default", db: str | None = None) -> KeyInfo:
    """Add a new active version of ``name``; older versions become retired
    (they still decrypt and unmask what they protected)."""
    _check_name(name)
    master = _master()
    with store.session(db) as s:
        rows = s.scalars(select(DataKey).where(DataKey.name == name)).all()
        if not rows:
            raise BadInput(f"no key named '{name}' (create it with 'piguard key create {name}')")
        for r in rows:
            if r.state == "active":
                r.state = "retired"
        row = _new_row(name, max(r.version for r in rows) + 1, master)
        s.add(row)
        s.flush()
        s.add(KeyEvent(ts=_now(), kid=row.kid, action="rotate", actor=_actor()))
        s.commit()
        return _info(row)


def list_keys(db: str | None = None) -> list[KeyInfo]:
    """Every key version, by name then version."""
    with store.session(db) as s:
        rows = s.scalars(select(DataKey).order_by(DataKey.name, DataKey.version)).all()
        return [_info(r) for r in rows]


def active_key(name: str = "default", db: str | None = None, create: bool = True) -> Key:
    """The active version of ``name``, created on first use when ``create``."""
    _check_name(name)
    master = _master()
    with store.session(db) as s:
        row = s.scalars(select(DataKey).where(DataKey.name == name, DataKey.state == "active")).first()
    if row is None:
        if not create:
            raise BadInput(f"no key named '{name}'")
        try:
            create_key(name, db)
        except BadInput as e:
            if "already exists" not in str(e):
                raise
            # created meanwhile by another process: use theirs
        return active_key(name, db, create=False)
    return Key(row.kid, row.name, row.version, row.state, _unwrap(master, row))


def get_key(kid: str, db: str | None = None) -> Key:
    """The data key with id ``kid``, whatever its state."""
    with store.session(db) as s:
        row = s.get(DataKey, kid)
    if row is None:
        raise BadInput(f"unknown key id '{kid}' (not in this key store; check --db / PIGUARD_DB)")
    return Key(row.kid, row.name, row.version, row.state, _unwrap(_master(), row))


def record_event(kid: str, action: str, purpose: str | None = None, detail: str | None = None,
                 db: str | None = None) -> None:
    """Append a key event (e.g. an unmask with its declared purpose)."""
    with store.session(db) as s:
        s.add(KeyEvent(ts=_now(), kid=kid, action=action, actor=_actor(), purpose=purpose, detail=detail))
        s.commit()


def events(kid: str | None = None, db: str | None = None) -> list[dict]:
    with store.session(db) as s:
        q = select(KeyEvent).order_by(KeyEvent.id)
        if kid:
            q = q.where(KeyEvent.kid == kid)
        return [{"ts": e.ts.isoformat(), "kid": e.kid, "action": e.action, "actor": e.actor,
                 "purpose": e.purpose, "detail": e.detail} for e in s.scalars(q).all()]
