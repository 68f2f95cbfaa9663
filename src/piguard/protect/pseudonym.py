"""Keyed pseudonyms: HMAC-SHA256 or HMAC-SM3 of the value, one-way.

The token is ``<prefix><kid>_<base32 digest>``: equal inputs under one key
give equal tokens in every file and run (joins keep working), the key id
says which key made it, and nothing but a key holder's dictionary attack
links it back. Values are put in their entity's compact form first, so
``138-0013-8000`` and ``13800138000`` get the same pseudonym.

>>> from piguard.protect.keys import Key
>>> k = Key("k0001", "demo", 1, "active", bytes(32))
>>> a, b = pseudonyms(k, ["13800138000", "13800138000"])
>>> a == b and a.startswith("ps_k0001_") and len(a) == len("ps_k0001_") + 20
True
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as chmac

from piguard.errors import UnknownName

HASHES = ("sha256", "sm3")


def _digest_fn(key: bytes, algorithm: str):
    algorithm = algorithm.lower()
    if algorithm == "sha256":
        base = hmac.new(key, digestmod=hashlib.sha256)

        def f(data: bytes) -> bytes:
            h = base.copy()
            h.update(data)
            return h.digest()
        return f
    if algorithm == "sm3":
        def f(data: bytes) -> bytes:
            h = chmac.HMAC(key, hashes.SM3())
            h.update(data)
            return h.finalize()
        return f
    raise UnknownName("hash", algorithm, HASHES)


def pseudonyms(key, values, algorithm: str = "sha256", length: int = 20, prefix: str = "ps_",
               normalize=None, context: str = "") -> list:
    """One token per value; ``None``/``""`` stay. ``normalize`` maps a value
    to the form that is hashed (an entity's ``compact``); ``context``
    separates domains (same value, different context, different token)."""
    fn = _digest_fn(key.derive(f"hmac/{algorithm.lower()}"), algorithm)
    length = max(8, min(int(length), 52))
    head = f"{prefix}{key.kid}_"
    ctx = context.encode() + b"\x00"
    out = []
    for v in values:
        if v is None or v == "":
            out.append(v)
            continue
        s = v
        if normalize is not None:
            try:
                s = normalize(v) or v
            except Exception:
                s = v
        d = fn(ctx + s.encode("utf-8"))
        out.append(head + base64.b32encode(d).decode().lower()[:length])
    return out
