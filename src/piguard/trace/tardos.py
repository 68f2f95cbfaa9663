"""A collusion-secure (Tardos-style) code over mark positions.

A *position* is one mark a row can carry: ``customer * 8 + channel`` (see
``piguard.trace.marks``), so it is the same in every share that holds the
customer. Each position gets a secret bias ``p_j`` (drawn once from the
arcsine law, cut to ``[P_MIN, 1 - P_MIN]``) and a secret mask bit; each share
gets its own bit ``X_sj`` with ``P(X_sj = 1) = p_j``. All of it comes from
AES under keys derived from the trace secret, so nothing per position is
stored and any position can be evaluated on its own.

Accusation uses the symmetric Tardos score (Skoric et al.): for an observed
symbol ``y_j``, a share whose bit agrees earns ``sqrt((1-p)/p)`` (y=1) or
``sqrt(p/(1-p))`` (y=0) and one that disagrees loses the other amount. When a
share is innocent its bits are independent of the leak, every term has mean
0 and variance 1, and the p-value is a Chernoff bound computed with the
exact two-point distribution of every term (``stats.chernoff_sf``).

>>> code = Code(b"k" * 32)
>>> pos = np.arange(8, dtype=np.uint64)
>>> bool(np.all((code.bias(pos) >= P_MIN) & (code.bias(pos) <= 1 - P_MIN)))
True
>>> x = code.bits(b"s" * 16, pos)
>>> y = x.astype(np.int8)
>>> code.score(x, y, code.bias(pos)) > 0
True
"""
from __future__ import annotations

import hashlib
import hmac
import math

import numpy as np
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from piguard.trace.stats import chernoff_sf

P_MIN = 0.01
_T = math.asin(math.sqrt(P_MIN))


def _aes_blocks(key: bytes, positions: np.ndarray) -> np.ndarray:
    """AES-ECB of each 64-bit position (zero-padded block): a keyed PRF."""
    pos = np.ascontiguousarray(positions, dtype="<u8")
    blocks = np.zeros((pos.size, 2), dtype="<u8")
    blocks[:, 0] = pos
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    out = enc.update(blocks.tobytes()) + enc.finalize()
    return np.frombuffer(out, dtype="<u4").reshape(-1, 4)


def share_key(secret: bytes, share_id: str) -> bytes:
    """The 16-byte key of one share's codeword."""
    return hmac.new(secret, b"piguard/trace/share-code/" + share_id.encode(), hashlib.sha256).digest()[:16]


class Code:
    """Biases and masks of the code, from the trace secret."""

    def __init__(self, secret: bytes):
        self._key = hmac.new(secret, b"piguard/trace/code", hashlib.sha256).digest()[:16]

    def _words(self, positions) -> np.ndarray:
        return _aes_blocks(self._key, np.asarray(positions, dtype=np.uint64))

    def bias(self, positions) -> np.ndarray:
        """``p_j`` for each position: ``sin^2(r)``, ``r`` uniform on ``[t, pi/2 - t]``."""
        u = self._words(positions)[:, 0].astype(np.float64) / 2.0 ** 32
        r = _T + u * (math.pi / 2 - 2 * _T)
        return np.sin(r) ** 2

    def mask(self, positions) -> np.ndarray:
        """The secret bit each position's rendering is XORed with."""
        return (self._words(positions)[:, 1] & 1).astype(np.int8)

    def bits(self, key: bytes, positions, p=None) -> np.ndarray:
        """``X_sj`` for the share whose code key is ``key``."""
        positions = np.asarray(positions, dtype=np.uint64)
        p = self.bias(positions) if p is None else p
        u = _aes_blocks(key, positions)[:, 0].astype(np.float64) / 2.0 ** 32
        return u < p

    @staticmethod
    def terms(x, y, p) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per position: the score earned, and the two values the term takes
        when the share's bit is 1 (``hi``) or 0 (``lo``) for the null model."""
        p = np.asarray(p, dtype=float)
        y = np.asarray(y, dtype=bool)
        g1 = np.sqrt((1 - p) / p)
        g0 = np.sqrt(p / (1 - p))
        hi = np.where(y, g1, -g1)
        lo = np.where(y, -g0, g0)
        return np.where(np.asarray(x, dtype=bool), hi, lo), hi, lo

    @classmethod
    def score(cls, x, y, p) -> float:
        return float(np.sum(cls.terms(x, y, p)[0]))


def accuse(x, y, p, need: float | None = None) -> tuple[float, float]:
    """``(score, p_value)`` of one share: bits ``x`` against symbols ``y``.

    With ``need``, a p-value that cannot fall below ``need`` may be reported
    as a looser (still valid) bound, which saves the optimisation for the
    many shares a leak has nothing to do with.

    >>> s, pv = accuse([1, 0, 1, 1], [1, 0, 1, 1], [0.5] * 4)
    >>> s, round(pv, 3)
    (4.0, 0.062)
    """
    t, hi, lo = Code.terms(x, y, p)
    s = float(np.sum(t))
    if t.size == 0 or s <= 0:
        return s, 1.0
    return s, chernoff_sf(s, hi, lo, np.asarray(p, dtype=float), need=need)
