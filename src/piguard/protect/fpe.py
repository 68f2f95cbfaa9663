"""FF1 format-preserving encryption (NIST SP 800-38G), batched.

FF1 is a ten-round Feistel network whose round function is AES (CBC-MAC
over a header and the other half). Encrypting one value at a time costs ten
tiny AES calls and Python big-integer work per value, so this module runs
each round over a whole batch: one AES-ECB call per round (the round input
blocks of every value side by side), with the numeral-string arithmetic done
on numpy ``uint64`` arrays while ``radix ** v`` stays below 2**56. Longer
values fall back to Python integers, still with one AES call per round.

FF3/FF3-1 are not offered: NIST withdrew FF3 and is withdrawing FF3-1.

>>> key = bytes.fromhex("2B7E151628AED2A6ABF7158809CF4F3C")
>>> FF1(key).encrypt_strings(["0123456789"])
['2433477484']
>>> FF1(key).decrypt_strings(["2433477484"])
['0123456789']

``DomainCipher`` turns FF1 into a bijection on ``range(size)`` for any size
(rank/unrank of structured values: region x birth date x sequence...), by
cycle-walking over the smallest FF1 domain that covers it; domains below one
million (FF1's minimum) use a keyed permutation table instead.
"""
from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from piguard.errors import BadInput

DIGITS = "0123456789"
ALNUM36 = "0123456789abcdefghijklmnopqrstuvwxyz"
MIN_DOMAIN = 1_000_000          # SP 800-38G Rev. 1: radix ** minlen >= 10**6
_VEC_LIMIT = 1 << 56            # radix ** v below this: uint64 arithmetic
_CHUNK = 1 << 18                # values per AES call; keeps buffers in cache


def _u64(x) -> np.uint64:
    return np.uint64(x)


class FF1:
    """FF1 under one AES key (16, 24 or 32 bytes) and one radix (2..65536).

    The key never appears in ``repr``.

    >>> f = FF1(bytes(16), radix=10)
    >>> f
    FF1(radix=10)
    >>> f.decrypt_strings(f.encrypt_strings(["13800138000"], tweak=b"t"), tweak=b"t")
    ['13800138000']
    """

    __slots__ = ("radix", "_cipher")

    def __init__(self, key: bytes, radix: int = 10):
        if len(key) not in (16, 24, 32):
            raise BadInput("FF1 needs an AES key of 16, 24 or 32 bytes")
        if not 2 <= radix <= 65536:
            raise BadInput(f"FF1 radix must be 2..65536, got {radix}")
        self.radix = radix
        self._cipher = Cipher(algorithms.AES(key), modes.ECB())

    def __repr__(self) -> str:
        return f"FF1(radix={self.radix})"

    # -- AES -----------------------------------------------------------------
    def _aes(self, data: bytes) -> bytes:
        enc = self._cipher.encryptor()
        return enc.update(data) + enc.finalize()

    # -- public: numbers -----------------------------------------------------
    def encrypt_numbers(self, x, n: int, tweak: bytes = b""):
        """Encrypt numbers ``0 <= x < radix**n`` read as ``n``-digit numeral
        strings. ``x``: numpy uint64 array (when radix**n < 2**64) or a list of
        ints; returns the same kind."""
        return self._numbers(x, n, tweak, False)

    def decrypt_numbers(self, x, n: int, tweak: bytes = b""):
        return self._numbers(x, n, tweak, True)

    def _numbers(self, x, n, tweak, decrypt):
        self._check_len(n)
        u, v = n // 2, n - n // 2
        r = self.radix
        if isinstance(x, np.ndarray) and r ** n < (1 << 64):
            x = x.astype(np.uint64, copy=False)
            if len(x) == 0:
                return x.copy()
            if r ** v < _VEC_LIMIT:
                out = np.empty_like(x)
                rv = _u64(r ** v)
                for s in range(0, len(x), _CHUNK):
                    xs = x[s:s + _CHUNK]
                    a, b = self._rounds_vec(xs // rv, xs % rv, u, v, tweak, decrypt)
                    out[s:s + _CHUNK] = a * rv + b
                return out
            ints = [int(i) for i in x]
            return np.array(self._numbers_py(ints, u, v, tweak, decrypt), dtype=np.uint64)
        return self._numbers_py([int(i) for i in x], u, v, tweak, decrypt)

    def _numbers_py(self, ints, u, v, tweak, decrypt):
        rv = self.radix ** v
        a = [i // rv for i in ints]
        b = [i % rv for i in ints]
        a, b = self._rounds_py(a, b, u, v, tweak, decrypt)
        return [x * rv + y for x, y in zip(a, b)]

    def _check_len(self, n: int) -> None:
        if n < 2 or self.radix ** n < MIN_DOMAIN:
            raise BadInput(f"FF1 domain too small: radix {self.radix}, length {n} "
                           f"(needs radix**length >= {MIN_DOMAIN})")
        if n > 2 ** 32 - 1:
            raise BadInput("FF1 input too long")

    # -- public: numeral strings ---------------------------------------------
    def encrypt_digits(self, d: np.ndarray, tweak: bytes = b"") -> np.ndarray:
        """Encrypt an (N, n) array of numerals (each < radix)."""
        return self._digits(d, tweak, False)

    def decrypt_digits(self, d: np.ndarray, tweak: bytes = b"") -> np.ndarray:
        return self._digits(d, tweak, True)

    def _digits(self, d, tweak, decrypt):
        d = np.asarray(d)
        if d.ndim != 2:
            raise BadInput("numerals must be a 2-D array (values x positions)")
        nvals, n = d.shape
        r = self.radix
        if nvals and int(d.max()) >= r:
            raise BadInput(f"numeral out of range for radix {r}")
        if r ** n < (1 << 64):
            w = np.array([r ** (n - 1 - j) for j in range(n)], dtype=np.uint64)
            nums = (d.astype(np.uint64) * w).sum(axis=1, dtype=np.uint64)
            out = self._numbers(nums, n, tweak, decrypt)
            res = np.empty((nvals, n), dtype=d.dtype if d.dtype != np.uint8 or r <= 256 else np.uint16)
            for j in range(n - 1, -1, -1):
                res[:, j] = out % _u64(r)
                out = out // _u64(r)
            return res
        nums = []
        for row in d.tolist():
            acc = 0
            for dig in row:
                acc = acc * r + dig
            nums.append(acc)
        out = self._numbers(nums, n, tweak, decrypt)
        res = np.empty((nvals, n), dtype=np.int64)
        for i, val in enumerate(out):
            for j in range(n - 1, -1, -1):
                val, res[i, j] = divmod(val, r)
        return res.astype(d.dtype, copy=False)

    def encrypt_strings(self, values, tweak: bytes = b"", alphabet: str | None = None) -> list[str]:
        """Encrypt strings over ``alphabet`` (default: the first ``radix``
        characters of 0-9a-z). Values of different lengths are batched by length."""
        return self._strings(values, tweak, alphabet, False)

    def decrypt_strings(self, values, tweak: bytes = b"", alphabet: str | None = None) -> list[str]:
        return self._strings(values, tweak, alphabet, True)

    def _strings(self, values, tweak, alphabet, decrypt):
        alphabet = alphabet or ALNUM36[: self.radix]
        if len(alphabet) != self.radix:
            raise BadInput(f"alphabet has {len(alphabet)} characters, radix is {self.radix}")
        index = {c: i for i, c in enumerate(alphabet)}
        values = list(values)
        out: list[str] = [""] * len(values)
        by_len: dict[int, list[int]] = {}
        for i, s in enumerate(values):
            by_len.setdefault(len(s), []).append(i)
        for n, idx in by_len.items():
            try:
                d = np.array([[index[c] for c in values[i]] for i in idx], dtype=np.int64)
            except KeyError as e:
                raise BadInput(f"character {e.args[0]!r} is not in the FF1 alphabet") from None
            res = self._digits(d.reshape(len(idx), n), tweak, decrypt)
            for i, row in zip(idx, res.tolist()):
                out[i] = "".join(alphabet[j] for j in row)
        return out

    # -- the Feistel rounds --------------------------------------------------
    def _header(self, u, v, t):
        r = self.radix
        b = ((r ** v - 1).bit_length() + 7) // 8
        d = 4 * ((b + 3) // 4) + 4
        p = bytes([1, 2, 1]) + r.to_bytes(3, "big") + bytes([10, u % 256]) + \
            (u + v).to_bytes(4, "big") + t.to_bytes(4, "big")
        return b, d, self._aes(p)

    def _prefix_state(self, yp: bytes, tweak: bytes, b: int, i: int):
        """CBC-MAC state after the blocks of Q that hold no value bytes, and
        the leftover constant bytes that start the next block."""
        pad = (-len(tweak) - b - 1) % 16
        prefix = tweak + bytes(pad) + bytes([i])
        y = yp
        full = len(prefix) // 16
        for j in range(full):
            y = self._aes(bytes(p ^ q for p, q in zip(y, prefix[16 * j:16 * j + 16])))
        return y, prefix[16 * full:]

    def _rounds_vec(self, a, b_, u, v, tweak, decrypt):
        r = self.radix
        bl, d, yp = self._header(u, v, len(tweak))
        mods = {u: r ** u, v: r ** v}
        nv = len(a)
        for i in (range(9, -1, -1) if decrypt else range(10)):
            m = u if i % 2 == 0 else v
            src = a if decrypt else b_
            y0, tail = self._prefix_state(yp, tweak, bl, i)
            rem = len(tail) + bl                      # 16 or 32 bytes
            if rem == 16:
                # One block: it is y0 XOR (constant bytes | NUM(B)), i.e. two
                # big-endian words of which only the low one varies.
                const = np.frombuffer(bytes(p ^ q for p, q in zip(y0, tail + bytes(bl))), dtype=">u8")
                x = np.empty((nv, 2), dtype=">u8")
                x[:, 0] = int(const[0])
                x[:, 1] = np.bitwise_xor(src, _u64(int(const[1])))
                state = np.frombuffer(self._aes(x.tobytes()), dtype=np.uint8).reshape(nv, 16)
            else:
                blk = np.empty((nv, rem), dtype=np.uint8)
                blk[:, :len(tail)] = np.frombuffer(tail, dtype=np.uint8)
                blk[:, len(tail):] = src.astype(">u8").view(np.uint8).reshape(nv, 8)[:, 8 - bl:]
                state = np.broadcast_to(np.frombuffer(y0, dtype=np.uint8), (nv, 16))
                for j in range(0, rem, 16):
                    xx = np.bitwise_xor(state, blk[:, j:j + 16])
                    state = np.frombuffer(self._aes(xx.tobytes()), dtype=np.uint8).reshape(nv, 16)
            mm = _u64(mods[m])
            y = _reduce(state, d, mods[m])
            if decrypt:
                c = _addmod(b_, mm - y, mm)
                a, b_ = c, a
            else:
                c = _addmod(a, y, mm)
                a, b_ = b_, c
        return a, b_

    def _rounds_py(self, a, b_, u, v, tweak, decrypt):
        r = self.radix
        bl, d, yp = self._header(u, v, len(tweak))
        nv = len(a)
        extra = (d + 15) // 16 - 1
        for i in (range(9, -1, -1) if decrypt else range(10)):
            m = u if i % 2 == 0 else v
            mod = r ** m
            src = a if decrypt else b_
            y0, tail = self._prefix_state(yp, tweak, bl, i)
            rem = len(tail) + bl
            blocks = b"".join(tail + s.to_bytes(bl, "big") for s in src)
            arr = np.frombuffer(blocks, dtype=np.uint8).reshape(nv, rem)
            state = np.broadcast_to(np.frombuffer(y0, dtype=np.uint8), (nv, 16))
            for j in range(0, rem, 16):
                x = np.bitwise_xor(state, arr[:, j:j + 16])
                state = np.frombuffer(self._aes(x.tobytes()), dtype=np.uint8).reshape(nv, 16)
            parts = [state]
            for j in range(1, extra + 1):
                ctr = np.zeros(16, dtype=np.uint8)
                ctr[-4:] = np.frombuffer(j.to_bytes(4, "big"), dtype=np.uint8)
                parts.append(np.frombuffer(self._aes(np.bitwise_xor(state, ctr).tobytes()),
                                           dtype=np.uint8).reshape(nv, 16))
            s_all = np.concatenate(parts, axis=1)[:, :d].tobytes()
            ys = [int.from_bytes(s_all[k * d:(k + 1) * d], "big") for k in range(nv)]
            if decrypt:
                c = [(bb - y) % mod for bb, y in zip(b_, ys)]
                a, b_ = c, a
            else:
                c = [(aa + y) % mod for aa, y in zip(a, ys)]
                a, b_ = b_, c
        return a, b_


def _reduce(s: np.ndarray, d: int, mod: int) -> np.ndarray:
    """NUM(S) mod ``mod`` where S is the first ``d`` bytes (a multiple of 4)
    of each row of the contiguous byte array ``s``.

    The row is split into 16-bit (or 8-bit) words w_k and reduced as
    sum(w_k * (2**(16*(K-1-k)) mod mod)) with a single modulo at the end,
    which is exact while the sum stays below 2**64; otherwise Horner's rule.
    """
    nrows = s.shape[0]
    s = np.ascontiguousarray(s)
    m = _u64(mod)
    for bits, dt in ((16, ">u2"), (8, "u1")):
        k = d * 8 // bits
        if (1 << bits) * mod * k < (1 << 64):
            w = s.view(dt)[:, :k]
            acc = np.zeros(nrows, dtype=np.uint64)
            for j in range(k):
                c = pow(2, bits * (k - 1 - j), mod)
                if c:
                    acc += w[:, j].astype(np.uint64) * _u64(c)
            return acc % m
    acc = np.zeros(nrows, dtype=np.uint64)
    sh = _u64(8)
    for j in range(d):
        acc = ((acc << sh) | s[:, j].astype(np.uint64)) % m
    return acc


def _addmod(a: np.ndarray, y: np.ndarray, m: np.uint64) -> np.ndarray:
    s = a + y                      # both < m < 2**56: no overflow
    return np.where(s >= m, s - m, s)


# -- bijections on range(size) --------------------------------------------------

def _iroot_ceil(size: int, n: int) -> int:
    r = max(2, int(round(size ** (1.0 / n))))
    while r ** n < size:
        r += 1
    while r > 2 and (r - 1) ** n >= size:
        r -= 1
    return r


@lru_cache(maxsize=4096)
def _plan(size: int) -> tuple[int, int]:
    """(radix, length) of the smallest FF1 domain covering ``size`` values."""
    best = None
    for n in range(2, 129):
        r = _iroot_ceil(size, n)
        if r > 65536:
            continue
        cost = r ** n
        if best is None or cost < best[0]:
            best = (cost, r, n)
        if r == 2:
            break
    if best is None:
        raise BadInput(f"domain of {size} values is too large for FF1")
    return best[1], best[2]


class DomainCipher:
    """A keyed bijection on ``range(size)``.

    >>> c = DomainCipher(bytes(32), b"demo", 3_650_000)
    >>> x = np.array([0, 1, 3_649_999], dtype=np.uint64)
    >>> y = c.encrypt(x); bool((y < 3_650_000).all()), c.decrypt(y).tolist()
    (True, [0, 1, 3649999])
    >>> small = DomainCipher(bytes(32), b"demo", 10)
    >>> sorted(small.encrypt(np.arange(10, dtype=np.uint64)).tolist())
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """

    def __init__(self, key: bytes, tweak: bytes, size: int):
        if size < 1:
            raise BadInput("empty domain")
        self.size = size
        self._tweak = tweak
        self._key = key
        self._table = None
        if size < MIN_DOMAIN:
            self._table = _perm_table(key, tweak, size)
        else:
            radix, self._n = _plan(size)
            self._ff1 = FF1(key, radix)

    def __repr__(self) -> str:
        return f"DomainCipher(size={self.size})"

    def encrypt(self, x):
        return self._run(x, False)

    def decrypt(self, x):
        return self._run(x, True)

    def _run(self, x, decrypt):
        big = not isinstance(x, np.ndarray)
        if self._table is not None:
            fwd, inv = self._table
            t = inv if decrypt else fwd
            if big:
                return [int(t[int(i)]) for i in x]
            return t[x.astype(np.int64)].astype(np.uint64)
        step = self._ff1.decrypt_numbers if decrypt else self._ff1.encrypt_numbers
        if big or self.size >= (1 << 63):
            vals = step([int(i) for i in x], self._n, self._tweak)
            todo = [k for k, y in enumerate(vals) if y >= self.size]
            while todo:   # cycle-walking: stay inside range(size)
                redo = step([vals[k] for k in todo], self._n, self._tweak)
                for k, y in zip(todo, redo):
                    vals[k] = y
                todo = [k for k in todo if vals[k] >= self.size]
            return vals if big else np.array(vals, dtype=np.uint64)
        x = x.astype(np.uint64, copy=False)
        y = step(x, self._n, self._tweak)
        lim = _u64(self.size)
        idx = np.nonzero(y >= lim)[0]
        while len(idx):
            y[idx] = step(y[idx], self._n, self._tweak)
            idx = idx[y[idx] >= lim]
        return y


_table_lock = threading.Lock()


@lru_cache(maxsize=64)
def _perm_table_cached(key: bytes, tweak: bytes, size: int):
    # Sort the indices by AES(key, tweak-hash || i): a pseudorandom
    # permutation of a small domain, reversible through its inverse table.
    import hashlib

    tag = hashlib.sha256(b"piguard/perm|" + tweak).digest()[:8]
    blocks = np.zeros((size, 16), dtype=np.uint8)
    blocks[:, :8] = np.frombuffer(tag, dtype=np.uint8)
    blocks[:, 8:] = np.arange(size, dtype=">u8").view(np.uint8).reshape(size, 8)
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    sort_keys = np.frombuffer(enc.update(blocks.tobytes()) + enc.finalize(),
                              dtype=">u8").reshape(size, 2)[:, 0]
    order = np.argsort(sort_keys, kind="stable")
    fwd = np.empty(size, dtype=np.int64)
    fwd[order] = np.arange(size, dtype=np.int64)
    return fwd, order.astype(np.int64)


def _perm_table(key: bytes, tweak: bytes, size: int):
    with _table_lock:
        return _perm_table_cached(key, tweak, size)


class StringCipher:
    """Length-preserving encryption of strings over an alphabet: FF1 where the
    domain allows it (radix**len >= 10**6), a keyed permutation below.

    >>> c = StringCipher(bytes(32), b"t", "0123456789")
    >>> out = c.encrypt(["7", "42", "13800138000"]); [len(s) for s in out]
    [1, 2, 11]
    >>> c.decrypt(out)
    ['7', '42', '13800138000']
    """

    def __init__(self, key: bytes, tweak: bytes, alphabet: str):
        if len(alphabet) < 2 or len(set(alphabet)) != len(alphabet):
            raise BadInput("alphabet needs at least two distinct characters")
        self.alphabet = alphabet
        self._index = {c: i for i, c in enumerate(alphabet)}
        self._key = key
        self._tweak = tweak
        self._ff1 = FF1(key, len(alphabet))

    def __repr__(self) -> str:
        return f"StringCipher(radix={len(self.alphabet)})"

    def encrypt(self, values):
        return self._run(values, False)

    def decrypt(self, values):
        return self._run(values, True)

    def _run(self, values, decrypt):
        values = list(values)
        r = len(self.alphabet)
        out = list(values)
        groups: dict[int, list[int]] = {}
        for i, s in enumerate(values):
            if s:
                groups.setdefault(len(s), []).append(i)
        for n, idx in groups.items():
            if r ** n >= MIN_DOMAIN and n >= 2:
                res = self._ff1._strings([values[i] for i in idx], self._tweak, self.alphabet, decrypt)
            else:
                dc = DomainCipher(self._key, self._tweak + b"|n%d" % n, r ** n)
                nums = np.array([self._rank(values[i]) for i in idx], dtype=np.uint64)
                nums = dc.decrypt(nums) if decrypt else dc.encrypt(nums)
                res = [self._unrank(int(x), n) for x in nums]
            for i, s in zip(idx, res):
                out[i] = s
        return out

    def _rank(self, s):
        r, acc = len(self.alphabet), 0
        for c in s:
            acc = acc * r + self._index[c]
        return acc

    def _unrank(self, x, n):
        r, chars = len(self.alphabet), []
        for _ in range(n):
            x, k = divmod(x, r)
            chars.append(self.alphabet[k])
        return "".join(reversed(chars))
