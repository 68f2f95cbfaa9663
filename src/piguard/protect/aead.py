"""Field encryption: AES-256-GCM, or SM4-GCM for China's commercial
cryptography rules (GM/T 0002 SM4 in GCM mode, GB/T 36624).

A token is ``pg1.<alg>.<kid>.<base64url(nonce | ciphertext | tag)>`` with
``alg`` ``a`` (AES-256-GCM) or ``s`` (SM4-GCM). The associated data binds
the format version, the algorithm, the key id and a caller context (column
or entity), so a token moved to another column or relabelled with another
key id fails authentication instead of decrypting.

Nonces are random (96 bits) unless ``deterministic``: then the nonce is an
HMAC of the plaintext under a separate sub-key (equal plaintexts give equal
tokens, which joins need; nothing else leaks).

>>> from piguard.protect.keys import Key
>>> k = Key("k0001", "demo", 1, "active", bytes(32))
>>> t = seal(k, ["13800138000"], context="phone")
>>> t[0].startswith("pg1.a.k0001.")
True
>>> open_tokens(lambda kid: k, t, context="phone")
['13800138000']
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from piguard.errors import BadInput

ALGORITHMS = {"aes-256-gcm": "a", "sm4-gcm": "s"}
_CODES = {v: k for k, v in ALGORITHMS.items()}
TOKEN_RE = re.compile(r"^pg1\.([as])\.(k[0-9a-f]{1,30})\.([A-Za-z0-9_-]+)$")


def is_token(value) -> bool:
    """True for a field-encryption token.

    >>> is_token("pg1.a.k0001.AAAA"), is_token("13800138000")
    (True, False)
    """
    return isinstance(value, str) and TOKEN_RE.match(value) is not None


def _ad(code: str, kid: str, context: str) -> bytes:
    return f"piguard/aead/v1|{code}|{kid}|{context}".encode()


def _b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def _unb64(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def _algorithm(name: str) -> str:
    code = ALGORITHMS.get(name.lower())
    if code is None:
        from piguard.errors import UnknownName

        raise UnknownName("algorithm", name, ALGORITHMS)
    return code


def seal(key, values, context: str = "", algorithm: str = "aes-256-gcm",
         deterministic: bool = False) -> list:
    """Encrypt each non-empty string; ``None`` and ``""`` stay as they are."""
    code = _algorithm(algorithm)
    ad = _ad(code, key.kid, context)
    nonce_key = key.derive(f"aead-nonce/{code}") if deterministic else None
    if code == "a":
        aes = AESGCM(key.derive("aes-256-gcm", 32))

        def enc(nonce, pt):
            return aes.encrypt(nonce, pt, ad)
    else:
        k16 = key.derive("sm4-gcm", 16)

        def enc(nonce, pt):
            e = Cipher(algorithms.SM4(k16), modes.GCM(nonce)).encryptor()
            e.authenticate_additional_data(ad)
            ct = e.update(pt) + e.finalize()
            return ct + e.tag

    prefix = f"pg1.{code}.{key.kid}."
    out = []
    for v in values:
        if v is None or v == "":
            out.append(v)
            continue
        pt = v.encode("utf-8")
        if nonce_key is not None:
            nonce = hmac.new(nonce_key, ad + b"|" + pt, hashlib.sha256).digest()[:12]
        else:
            nonce = secrets.token_bytes(12)
        out.append(prefix + _b64(nonce + enc(nonce, pt)))
    return out


def open_tokens(key_for, tokens, context: str = "") -> list:
    """Decrypt tokens; ``key_for(kid)`` returns the data key a token names.
    A tampered token, a wrong key or a wrong context raises ``BadInput``
    (naming the token's position, never its content)."""
    out = []
    cache: dict = {}
    for pos, t in enumerate(tokens):
        if t is None or t == "":
            out.append(t)
            continue
        m = TOKEN_RE.match(t)
        if m is None:
            raise BadInput(f"value {pos + 1} is not a piguard encryption token")
        code, kid, body = m.groups()
        try:
            raw = _unb64(body)
        except (binascii.Error, ValueError):
            raise BadInput(f"value {pos + 1}: malformed encryption token") from None
        if len(raw) < 12 + 16:
            raise BadInput(f"value {pos + 1}: truncated encryption token")
        nonce, ct = raw[:12], raw[12:]
        ad = _ad(code, kid, context)
        dec = cache.get((code, kid))
        if dec is None:
            key = key_for(kid)
            if code == "a":
                aes = AESGCM(key.derive("aes-256-gcm", 32))

                def dec(n, c, a, aes=aes):
                    return aes.decrypt(n, c, a)
            else:
                k16 = key.derive("sm4-gcm", 16)

                def dec(n, c, a, k16=k16):
                    d = Cipher(algorithms.SM4(k16), modes.GCM(n, c[-16:])).decryptor()
                    d.authenticate_additional_data(a)
                    return d.update(c[:-16]) + d.finalize()
            cache[(code, kid)] = dec
        try:
            pt = dec(nonce, ct, ad)
        except InvalidTag:
            raise BadInput(f"value {pos + 1}: encryption token failed authentication "
                           "(tampered, wrong key or moved from another column)") from None
        out.append(pt.decode("utf-8"))
    return out
