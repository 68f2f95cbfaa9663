"""Format-preserving encryption per entity type, reversible with the key.

Each entity has an ordered list of *lanes*. A value goes to the first lane
that accepts it; the lane encrypts it to another value that the same lane
accepts, so decryption finds the same lane again. Two kinds of lane:

* rank lanes split a value into components, rank them inside their valid
  domain (resident ID: region code x birth date x sequence number; mobile:
  prefix in service x 7 digits; names: surname x given-name characters;
  birth dates; IPv4 addresses) and run FF1 on the rank (``DomainCipher``,
  cycle-walking inside the domain). Check characters are recomputed.
* character lanes encrypt, position by position, the characters of each
  alphabet (digits, letters, Han characters, VIN characters...) with FF1 over
  that alphabet, keep some positions (a card's BIN, an e-mail's domain, an
  address's administrative area) and recompute a check character keeping its
  offset from the right one, so an invalid checksum stays exactly as invalid.
  When a lane cannot guarantee validity by construction it cycle-walks:
  re-encrypt until the result has the same lane and the same validity as
  the input (a bijection on that class).

The last lane of every entity takes any string (digits, ASCII letters and
common Han characters encrypted, everything else kept), so every value is
protected and restored byte for byte.

>>> from piguard.protect.keys import Key
>>> k = Key("k0001", "demo", 1, "active", bytes(32))
>>> out = encrypt("CN_RESIDENT_ID", ["11010519491231002X"], k)
>>> from piguard.entities import cn_resident_id
>>> cn_resident_id.is_valid(out[0]), out[0] != "11010519491231002X"
(True, True)
>>> decrypt("CN_RESIDENT_ID", out, k)
['11010519491231002X']
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from functools import lru_cache

import numpy as np

from piguard.entities.base import luhn_digits_array
from piguard.errors import BadInput
from piguard.protect.fpe import DomainCipher, StringCipher

DIGITS = "0123456789"
LOWER = "abcdefghijklmnopqrstuvwxyz"
UPPER = LOWER.upper()
VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CHECK11 = "0123456789X"
# Format version 1 domains; changing them changes every pseudonym.
DATE_RANGES = ((_dt.date(1900, 1, 1), _dt.date(1929, 12, 31)),
               (_dt.date(1930, 1, 1), _dt.date(2025, 12, 31)))
LEGACY_RANGE = (_dt.date(1900, 1, 1), _dt.date(1999, 12, 31))
# Cycle-walking rounds before giving up with an error rather than hanging;
# every class walked here holds a sizeable share of its domain.
_MAX_WALK = 2000
_CHUNK = 128


@lru_cache(maxsize=1)
def hanzi() -> str:
    """The 6,763 Han characters of GB 2312 (levels 1 and 2)."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            if hi == 0xD7 and lo > 0xF9:
                break   # the end of level 1
            out.append(bytes([hi, lo]).decode("gb2312"))
    return "".join(out)


# -- helpers --------------------------------------------------------------------

def _norm(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).upper()


def _positions(raw: str, comp: str):
    """Where each character of the compact form sits in ``raw`` (matched from
    the right, so a country code or prefix that compact drops is skipped)."""
    pos = []
    j = len(raw) - 1
    for ch in reversed(comp):
        while j >= 0 and _norm(raw[j]) != ch:
            j -= 1
        if j < 0:
            return None
        pos.append(j)
        j -= 1
    pos.reverse()
    return pos


def _put(raw: str, pos, comp: str) -> str:
    """``raw`` with the compact characters replaced, keeping each position's
    width (full-width digits stay full-width) and case."""
    chars = list(raw)
    for p, c in zip(pos, comp):
        old = raw[p]
        if old.islower():
            c = c.lower()
        if "\uff01" <= old <= "\uff5e":
            c = chr(ord(c) + 0xFEE0)
        chars[p] = c
    return "".join(chars)


def _idx11(c: str) -> int:
    return 10 if c == "X" else int(c)


_ID_W = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)


def _digit_matrix(values: list[str], n: int) -> np.ndarray:
    """(N, n) int64 digits of ASCII strings of length ``n``."""
    return np.frombuffer("".join(values).encode("ascii"), dtype=np.uint8).reshape(len(values), n).astype(np.int64) - 48


def _strings_of(mat: np.ndarray) -> list[str]:
    """Rows of ASCII codes back to strings."""
    n = mat.shape[1]
    flat = mat.astype(np.uint8).tobytes().decode("ascii")
    return [flat[i:i + n] for i in range(0, len(flat), n)]


def _put_digits(mat: np.ndarray, col: int, width: int, values: np.ndarray) -> None:
    v = values.astype(np.int64).copy()
    for j in range(col + width - 1, col - 1, -1):
        mat[:, j] = v % 10 + 48
        v //= 10


class _Ctx:
    """Ciphers for one key, created on demand and reused within a call."""

    def __init__(self, key, entity: str):
        self.k = key.derive("ff1", 32)
        self.entity = entity
        self._cache: dict = {}

    def domain(self, tag: str, size: int) -> DomainCipher:
        got = self._cache.get(("d", tag, size))
        if got is None:
            got = DomainCipher(self.k, f"{self.entity}|{tag}".encode(), size)
            self._cache[("d", tag, size)] = got
        return got

    def chars(self, tag: str, alphabet: str) -> StringCipher:
        got = self._cache.get(("s", tag, alphabet))
        if got is None:
            got = StringCipher(self.k, f"{self.entity}|{tag}".encode(), alphabet)
            self._cache[("s", tag, alphabet)] = got
        return got


# -- lanes --------------------------------------------------------------------------

class Lane:
    name = "lane"
    walk = True          # check the output's class and cycle-walk if needed
    check_valid = True   # the class includes the entity's validity

    def must_walk(self, states) -> bool:
        return self.walk

    def parse(self, value):
        """Per-value state when this lane takes ``value``, else ``None``."""
        raise NotImplementedError

    def cls(self, state):
        return None

    def run(self, values, states, ctx: _Ctx, decrypt: bool) -> list[str]:
        raise NotImplementedError


class RankLane(Lane):
    """Values ranked inside a finite domain per class; FF1 on the rank."""

    walk = False

    def rank(self, state) -> tuple:     # (class, rank)
        raise NotImplementedError

    def size(self, cls) -> int:
        raise NotImplementedError

    def build(self, value, state, cls, rank) -> str:
        raise NotImplementedError

    def cls(self, state):
        return self.rank(state)[0]

    def run(self, values, states, ctx, decrypt, accept=None):
        out = list(values)
        groups: dict = {}
        for i, st in enumerate(states):
            c, r = self.rank(st)
            groups.setdefault(c, ([], []))
            groups[c][0].append(i)
            groups[c][1].append(r)
        for c, (idx, ranks) in groups.items():
            dc = ctx.domain(f"{self.name}|{c}", self.size(c))
            step = dc.decrypt if decrypt else dc.encrypt
            arr = step(np.array(ranks, dtype=np.uint64))
            pending = list(range(len(idx)))
            rounds = 0
            while pending:
                rounds += 1
                if rounds > _MAX_WALK:
                    raise BadInput(f"{ctx.entity}: {len(pending)} values cannot be encrypted inside their format")
                vals = arr.tolist()
                redo = []
                for j in pending:
                    i = idx[j]
                    out[i] = self.build(values[i], states[i], c, int(vals[j]))
                    if accept is not None and not accept(i, out[i]):
                        redo.append(j)
                if redo:  # cycle-walking on the rank, inside this class
                    arr[redo] = step(arr[redo])
                pending = redo
        return out


class CharLane(Lane):
    """Encrypt the characters of each alphabet in place.

    ``keep(value)`` gives positions left as they are; ``check`` is
    ``(position_fn, calc_fn, check_alphabet)``: the check character at
    ``position_fn(value)`` is recomputed with ``calc_fn(new_value)`` shifted by
    the input's offset from its own right check character.
    """

    def __init__(self, name, alphabets, accept=None, keep=None, check=None, check_valid=True):
        self.name = name
        self.alphabets = tuple(alphabets)
        self._where = {}
        for k, a in enumerate(self.alphabets):
            for ch in a:
                self._where.setdefault(ch, k)
        self._accept = accept
        self._keep = keep
        self._check = check
        self.check_valid = check_valid

    def parse(self, value):
        if self._accept is not None and not self._accept(value):
            return None
        parts, chk = self._plan(value)
        return tuple(tuple(p) for p in parts), chk

    def cls(self, state):
        return state   # the plan: which positions hold which alphabet, where the check is

    def _plan(self, v):
        kept = self._keep(v) if self._keep else ()
        chk = None
        if self._check is not None:
            p = self._check[0](v)
            if p is not None and v[p] in self._check[2]:
                chk = p
        skip = set(kept)
        if chk is not None:
            skip.add(chk)
        parts = [[] for _ in self.alphabets]
        for p, ch in enumerate(v):
            k = self._where.get(ch)
            if k is not None and p not in skip:
                parts[k].append(p)
        return parts, chk

    def run(self, values, states, ctx, decrypt, accept=None):
        # Every round applies the permutation of the *input's* plan, so that
        # cycle-walking stays one bijection.
        out = list(values)
        pending = list(range(len(values)))
        cur = list(values)
        rounds = 0
        while pending:
            rounds += 1
            if rounds > _MAX_WALK:
                raise BadInput(f"{ctx.entity}: {len(pending)} values cannot be encrypted inside their format")
            res = self._once([cur[i] for i in pending], [states[i] for i in pending], ctx, decrypt)
            redo = []
            for i, s in zip(pending, res):
                cur[i] = s
                out[i] = s
                if accept is not None and not accept(i, s):
                    redo.append(i)
            pending = redo
        return out

    def _once(self, values, plans, ctx, decrypt):
        out = [list(v) for v in values]
        deltas = [None] * len(values)
        if self._check is not None:
            calc, calpha = self._check[1], self._check[2]
            for i, (v, (_, chk)) in enumerate(zip(values, plans)):
                if chk is not None:
                    try:
                        deltas[i] = (calpha.index(v[chk]) - calpha.index(calc(v))) % len(calpha)
                    except (ValueError, KeyError, IndexError, TypeError):
                        deltas[i] = None
        for k, alpha in enumerate(self.alphabets):
            sel = [i for i, (parts, _) in enumerate(plans) if parts[k]]
            if not sel:
                continue
            subs = ["".join(values[i][p] for p in plans[i][0][k]) for i in sel]
            sc = ctx.chars(f"{self.name}|{k}", alpha)
            # Long runs are encrypted in pieces of _CHUNK characters: FF1 on
            # one numeral string of thousands of digits is quadratic.
            pieces = [sub[j:j + _CHUNK] for sub in subs for j in range(0, len(sub), _CHUNK)]
            done = iter(sc.decrypt(pieces) if decrypt else sc.encrypt(pieces))
            res = ["".join(next(done) for _ in range(0, len(sub), _CHUNK)) for sub in subs]
            for i, s in zip(sel, res):
                for p, ch in zip(plans[i][0][k], s):
                    out[i][p] = ch
        result = []
        for i, chars in enumerate(out):
            s = "".join(chars)
            chk = plans[i][1]
            if chk is not None and deltas[i] is not None:
                calc, calpha = self._check[1], self._check[2]
                try:
                    c = calpha[(calpha.index(calc(s)) + deltas[i]) % len(calpha)]
                    s = s[:chk] + c + s[chk + 1:]
                except (ValueError, KeyError, IndexError, TypeError):
                    pass
            result.append(s)
        return result


class CardLane(CharLane):
    """Payment cards: BIN (first 6 digits) kept, the rest encrypted, the Luhn
    digit recomputed with the input's offset (validity is preserved by
    construction, so no walking)."""

    walk = False

    def __init__(self):
        super().__init__("card", (DIGITS,), accept=lambda v: len(_digit_positions(v)) >= 12,
                         keep=_keep_first_digits(6), check=(_last_digit, _luhn_calc, DIGITS))

    def fast(self, values, ctx, decrypt):
        groups: dict = {}
        for j, v in enumerate(values):
            if 14 <= len(v) <= 19 and v.isascii() and v.isdigit():
                groups.setdefault(len(v), []).append(j)
        out: dict = {}
        sc = ctx.chars(f"{self.name}|0", DIGITS)
        for n, sel in groups.items():
            d = _digit_matrix([values[j] for j in sel], n)
            delta = (d[:, -1] - luhn_digits_array(d[:, :-1])) % 10
            w = n - 7
            mid = (d[:, 6:n - 1] @ (10 ** np.arange(w - 1, -1, -1, dtype=np.int64))).astype(np.uint64)
            step = sc._ff1.decrypt_numbers if decrypt else sc._ff1.encrypt_numbers
            new = step(mid, w, sc._tweak).astype(np.int64)
            mat = d + 48
            _put_digits(mat, 6, w, new)
            mat[:, -1] = (luhn_digits_array(mat[:, :-1] - 48) + delta) % 10 + 48
            out.update(zip(sel, _strings_of(mat)))
        return out


class _Any(CharLane):
    """The catch-all lane. It only has to stay out of the earlier lanes;
    demanding validity here could walk for ever (a valid date written in an
    unusual way almost never comes out valid again)."""

    def __init__(self):
        super().__init__("any", (DIGITS, LOWER, UPPER, hanzi()), check_valid=False)


# -- resident ID ------------------------------------------------------------------

class ResidentIdLane(RankLane):
    name = "ric"

    def __init__(self):
        from piguard.entities import cn_resident_id as m

        self.m = m
        codes = sorted(c for c in m._regions() if len(c) == 6 and c.isdigit())
        county = [c for c in codes if not c.endswith("00")]
        other = [c for c in codes if c.endswith("00")]
        self.sets = (county, other)
        self.index = ({c: i for i, c in enumerate(county)}, {c: i for i, c in enumerate(other)})

    def parse(self, value):
        comp = self.m.compact(value)
        n = len(comp)
        if n not in (15, 18) or not comp[:17].isdigit():
            return None
        if n == 18 and not (comp[17].isdigit() or comp[17] == "X"):
            return None
        if n == 15 and not comp.isdigit():
            return None
        rset = 0 if comp[:6] in self.index[0] else 1 if comp[:6] in self.index[1] else None
        if rset is None:
            return None
        try:
            if n == 18:
                d = _dt.date(int(comp[6:10]), int(comp[10:12]), int(comp[12:14]))
            else:
                d = _dt.date(1900 + int(comp[6:8]), int(comp[8:10]), int(comp[10:12]))
        except ValueError:
            return None
        ranges = DATE_RANGES if n == 18 else (LEGACY_RANGE,)
        dr = next((k for k, (lo, hi) in enumerate(ranges) if lo <= d <= hi), None)
        if dr is None:
            return None
        pos = _positions(value, comp)
        if pos is None:
            return None
        delta = None
        if n == 18:
            delta = (_idx11(comp[17]) - _idx11(self.m.calc_check_digit(comp[:17] + "0"))) % 11
        return comp, pos, rset, d, dr, delta, value[pos[-1]] in "xｘ"

    # A lower-case 'x' can only be given back if the result also ends in X:
    # those few values cycle-walk until it does.
    check_valid = False

    def must_walk(self, states) -> bool:
        return any(st[6] for st in states)

    def cls(self, st):
        return self.rank(st)[0], st[6]

    def fast(self, values, ctx, decrypt):
        sel = [j for j, v in enumerate(values)
               if len(v) == 18 and v.isascii() and v[:17].isdigit() and (v[17].isdigit() or v[17] == "X")]
        if not sel:
            return {}
        vals = [values[j] for j in sel]
        raw = np.frombuffer("".join(vals).encode("ascii"), dtype=np.uint8).reshape(len(vals), 18)
        dig = raw[:, :17].astype(np.int64) - 48
        chk = np.where(raw[:, 17] == ord("X"), 10, raw[:, 17].astype(np.int64) - 48)
        region = dig[:, :6] @ (10 ** np.arange(5, -1, -1, dtype=np.int64))
        year = dig[:, 6:10] @ np.array([1000, 100, 10, 1])
        month = dig[:, 10] * 10 + dig[:, 11]
        day = dig[:, 12] * 10 + dig[:, 13]
        seq = dig[:, 14] * 100 + dig[:, 15] * 10 + dig[:, 16]
        m64 = ((year - 1970) * 12 + (month - 1)).astype("datetime64[M]")
        d64 = m64.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
        ok = (month >= 1) & (month <= 12) & (day >= 1) & (d64.astype("datetime64[M]") == m64)
        delta = (chk - (12 - (dig @ _ID_W) % 11) % 11) % 11
        out: dict = {}
        for rset, codes in enumerate(self.sets):
            cints = np.array([int(c) for c in codes], dtype=np.int64)
            ridx = np.clip(np.searchsorted(cints, region), 0, len(cints) - 1)
            in_set = ok & (cints[ridx] == region)
            for dr, (lo, hi) in enumerate(DATE_RANGES):
                lo64, hi64 = np.datetime64(lo, "D"), np.datetime64(hi, "D")
                m = np.nonzero(in_set & (d64 >= lo64) & (d64 <= hi64))[0]
                if not len(m):
                    continue
                c = (18, rset, dr)
                span = self._days(18, dr)
                ranks = ((ridx[m] * span + (d64[m] - lo64).astype(np.int64)) * 1000 + seq[m]).astype(np.uint64)
                dc = ctx.domain(f"{self.name}|{c}", self.size(c))
                r = (dc.decrypt(ranks) if decrypt else dc.encrypt(ranks)).astype(np.int64)
                r, nseq = np.divmod(r, 1000)
                ri, days = np.divmod(r, span)
                nd = lo64 + days.astype("timedelta64[D]")
                ny = nd.astype("datetime64[Y]").astype(np.int64) + 1970
                nmon = nd.astype("datetime64[M]").astype(np.int64) % 12 + 1
                nday = (nd - nd.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
                mat = np.empty((len(m), 18), dtype=np.int64)
                _put_digits(mat, 0, 6, cints[ri])
                _put_digits(mat, 6, 4, ny)
                _put_digits(mat, 10, 2, nmon)
                _put_digits(mat, 12, 2, nday)
                _put_digits(mat, 14, 3, nseq)
                calc = (12 - ((mat[:, :17] - 48) @ _ID_W) % 11) % 11
                newc = (calc + delta[m]) % 11
                mat[:, 17] = np.where(newc == 10, ord("X"), newc + 48)
                out.update(zip((sel[j] for j in m), _strings_of(mat)))
        return out

    def rank(self, st):
        comp, _, rset, d, dr, _, _ = st
        n = len(comp)
        lo = (DATE_RANGES if n == 18 else (LEGACY_RANGE,))[dr][0]
        seq = int(comp[14:17] if n == 18 else comp[12:15])
        r = (self.index[rset][comp[:6]] * self._days(n, dr) + (d - lo).days) * 1000 + seq
        return (n, rset, dr), r

    def _days(self, n, dr):
        lo, hi = (DATE_RANGES if n == 18 else (LEGACY_RANGE,))[dr]
        return (hi - lo).days + 1

    def size(self, c):
        n, rset, dr = c
        return len(self.sets[rset]) * self._days(n, dr) * 1000

    def build(self, value, st, c, r):
        comp, pos, _, _, _, delta, _ = st
        n, rset, dr = c
        r, seq = divmod(r, 1000)
        ri, days = divmod(r, self._days(n, dr))
        lo = (DATE_RANGES if n == 18 else (LEGACY_RANGE,))[dr][0]
        d = lo + _dt.timedelta(days=days)
        region = self.sets[rset][ri]
        if n == 18:
            body = f"{region}{d:%Y%m%d}{seq:03d}"
            new = body + CHECK11[(_idx11(self.m.calc_check_digit(body + "0")) + delta) % 11]
        else:
            new = f"{region}{d:%y%m%d}{seq:03d}"
        return _put(value, pos, new)


# -- mobile -----------------------------------------------------------------------

class MobileLane(RankLane):
    name = "mobile"

    def __init__(self):
        from piguard.entities import phone_mobile as m

        self.m = m
        self.prefixes = sorted(p for p in m._prefixes() if len(p) == 4 and p.isdigit())
        self.index = {p: i for i, p in enumerate(self.prefixes)}

    def parse(self, value):
        comp = self.m.compact(value)
        if len(comp) != 11 or not comp.isdigit() or comp[:4] not in self.index:
            return None
        pos = _positions(value, comp)
        if pos is None:
            return None
        return comp, pos

    def fast(self, values, ctx, decrypt):
        sel = [j for j, v in enumerate(values) if len(v) == 11 and v.isascii() and v.isdigit()]
        if not sel:
            return {}
        d = _digit_matrix([values[j] for j in sel], 11)
        pre = d[:, :4] @ np.array([1000, 100, 10, 1])
        pints = np.array([int(p) for p in self.prefixes], dtype=np.int64)
        pidx = np.clip(np.searchsorted(pints, pre), 0, len(pints) - 1)
        ok = pints[pidx] == pre
        rest = d[:, 4:] @ (10 ** np.arange(6, -1, -1, dtype=np.int64))
        ranks = (pidx * 10_000_000 + rest)[ok].astype(np.uint64)
        dc = ctx.domain(f"{self.name}|0", self.size(0))
        res = (dc.decrypt(ranks) if decrypt else dc.encrypt(ranks)).astype(np.int64)
        mat = np.empty((len(res), 11), dtype=np.int64)
        _put_digits(mat, 0, 4, pints[res // 10_000_000])
        _put_digits(mat, 4, 7, res % 10_000_000)
        keep = [sel[j] for j in np.nonzero(ok)[0]]
        return dict(zip(keep, _strings_of(mat)))

    def rank(self, st):
        comp = st[0]
        return 0, self.index[comp[:4]] * 10_000_000 + int(comp[4:])

    def size(self, c):
        return len(self.prefixes) * 10_000_000

    def build(self, value, st, c, r):
        p, rest = divmod(r, 10_000_000)
        return _put(value, st[1], f"{self.prefixes[p]}{rest:07d}")


# -- person name --------------------------------------------------------------------

class NameLane(RankLane):
    """Surname index x given-name character indices. Common given-name
    characters map among themselves (the result reads like a name); names
    with rarer characters map among the common Han characters."""

    name = "name"
    walk = True           # a result may read as another class (欧 + 阳... = 欧阳...)
    check_valid = False   # parse() already demands what validity does

    def __init__(self):
        from piguard.entities import person_name as m

        self.m = m
        single, compound = m._surnames()
        self.surnames = (sorted(single), sorted(compound))
        self.s_index = ({s: i for i, s in enumerate(self.surnames[0])},
                        {s: i for i, s in enumerate(self.surnames[1])})
        common = sorted({c for rows in m._given_chars().values() for c, _ in rows})
        han = hanzi()
        common = [c for c in common if c in han] or list(han[:200])
        cs = set(common)
        self.given = ("".join(common), "".join(c for c in han if c not in cs) + "".join(common))
        self.g_index = tuple({c: i for i, c in enumerate(g)} for g in self.given)
        self.common = cs
        self.titles = tuple(getattr(m, "_TITLES", ()))

    def parse(self, value):
        if not isinstance(value, str) or not 2 <= len(value) <= 4:
            return None
        if len(value) >= 3 and value[:2] in self.s_index[1]:
            st, sur = 1, value[:2]
        elif value[0] in self.s_index[0]:
            st, sur = 0, value[0]
        else:
            return None
        given = value[len(sur):]
        if not 1 <= len(given) <= 2 or given.startswith(self.titles):
            return None
        gset = 0 if all(c in self.common for c in given) else 1
        if not all(c in self.g_index[1] for c in given):
            return None
        return st, sur, given, gset

    def cls(self, st):
        return st[0], len(st[2]), st[3]

    def rank(self, st):
        s_type, sur, given, gset = st
        r = self.s_index[s_type][sur]
        for c in given:
            r = r * len(self.given[gset]) + self.g_index[gset][c]
        return (s_type, len(given), gset), r

    def size(self, c):
        s_type, g, gset = c
        return len(self.surnames[s_type]) * len(self.given[gset]) ** g

    def build(self, value, st, c, r):
        s_type, g, gset = c
        alpha = self.given[gset]
        chars = []
        for _ in range(g):
            r, k = divmod(r, len(alpha))
            chars.append(alpha[k])
        return self.surnames[s_type][r] + "".join(reversed(chars))


# -- dates and IPs ------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})([-/.年]?)(\d{1,2})([-/.月]?)(\d{1,2})(日?)$")


class DateLane(RankLane):
    """Day index inside a fixed range, written back in the input's layout.
    Unpadded dates (1992年1月7日) walk until the result also shows a
    one-digit month or day, so the layout reads back the same way."""

    name = "date"
    check_valid = False

    def parse(self, value):
        m = _DATE.match(value) if isinstance(value, str) else None
        if not m:
            return None
        y, s1, mo, s2, d, s3 = m.groups()
        padded = len(mo) == 2 and len(d) == 2
        if not padded and (not s1 or not s2):
            return None
        try:
            day = _dt.date(int(y), int(mo), int(d))
        except ValueError:
            return None
        dr = next((k for k, (lo, hi) in enumerate(DATE_RANGES) if lo <= day <= hi), None)
        if dr is None:
            return None
        return day, dr, (s1, s2, s3), padded

    def must_walk(self, states) -> bool:
        return any(not st[3] for st in states)

    def cls(self, st):
        return st[1], st[3]

    def rank(self, st):
        day, dr, _, _ = st
        return dr, (day - DATE_RANGES[dr][0]).days

    def size(self, c):
        lo, hi = DATE_RANGES[c]
        return (hi - lo).days + 1

    def build(self, value, st, c, r):
        d = DATE_RANGES[c][0] + _dt.timedelta(days=r)
        s1, s2, s3 = st[2]
        if st[3]:
            return f"{d.year:04d}{s1}{d.month:02d}{s2}{d.day:02d}{s3}"
        return f"{d.year:04d}{s1}{d.month}{s2}{d.day}{s3}"


_IPV4 = re.compile(r"^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$")


class Ipv4Lane(RankLane):
    name = "ipv4"

    def parse(self, value):
        if not isinstance(value, str) or not _IPV4.match(value):
            return None
        return value

    def rank(self, st):
        a, b, c, d = (int(x) for x in st.split("."))
        return 0, (a << 24) | (b << 16) | (c << 8) | d

    def size(self, c):
        return 1 << 32

    def build(self, value, st, c, r):
        return ".".join(str((r >> s) & 255) for s in (24, 16, 8, 0))


# -- per-entity lane lists ----------------------------------------------------------

def _digit_positions(v):
    return [i for i, c in enumerate(v) if c in DIGITS]


def _keep_first_digits(n):
    def keep(v):
        return _digit_positions(v)[:n]
    return keep


def _last_digit(v):
    d = _digit_positions(v)
    return d[-1] if d else None


def _luhn_calc(v):
    from piguard.entities.base import luhn_digit

    return luhn_digit("".join(c for c in v if c in DIGITS)[:-1])


def _address_lane():
    from piguard.entities import address_grammar

    kw = set()
    for table in address_grammar.keywords():
        for word in table:
            kw.update(word)
    kw.update("省市区县旗州盟镇乡村街道路巷弄号栋幢座单元室楼层组")
    alpha = "".join(c for c in hanzi() if c not in kw)
    admin = re.compile(r"^(?:.{1,7}?(?:特别行政区|自治区|省|市))?(?:.{1,9}?(?:自治州|地区|盟|市))?"
                       r"(?:.{1,7}?(?:自治县|自治旗|区|县|市|旗))?")

    def keep(v):
        return range(admin.match(v).end())
    # Address validity is a model score, not a rule: no walking on it.
    return CharLane("addr", (DIGITS, alpha), keep=keep, check_valid=False)


def _email_keep(v):
    at = v.rfind("@")
    return range(at, len(v)) if at >= 0 else ()


def _landline_keep(v):
    from piguard.entities import phone_landline as m

    try:
        code = m._parts(v)[0]
    except Exception:
        return ()
    return _digit_positions(v)[:len(code) + 1]


def _vin_calc(v):
    from piguard.entities import vin

    return vin.calc_check_digit(v)


def _lanes(entity: str):
    from piguard.entities import license_plate

    E = entity
    if E == "CN_RESIDENT_ID":
        return [ResidentIdLane()]
    if E == "PHONE_MOBILE":
        return [MobileLane()]
    if E == "PERSON_NAME":
        return [NameLane()]
    if E == "BIRTH_DATE":
        return [DateLane()]
    if E == "IP_ADDRESS":
        return [Ipv4Lane(), CharLane("ipv6", ("0123456789abcdef",), accept=re.compile(r"^[0-9a-f:]+$").match),
                CharLane("ipv6u", ("0123456789ABCDEF",), accept=re.compile(r"^[0-9A-F:]+$").match)]
    if E == "BANK_CARD":
        return [CardLane()]
    if E == "DEVICE_ID":
        return [CharLane("imei", (DIGITS,), accept=re.compile(r"^\d{15}$").match,
                         keep=_keep_first_digits(8), check=(_last_digit, _luhn_calc, DIGITS)),
                CharLane("hexu", ("0123456789ABCDEF",), accept=re.compile(r"^[0-9A-F:\-]+$").match),
                CharLane("hexl", ("0123456789abcdef",), accept=re.compile(r"^[0-9a-f:\-]+$").match)]
    if E == "VIN":
        return [CharLane("vin", (VIN_CHARS,), accept=re.compile(r"^[0-9A-HJ-NPR-Z]{17}$").match,
                         keep=lambda v: range(3), check=(lambda v: 8, _vin_calc, CHECK11))]
    if E == "ADDRESS":
        return [_address_lane()]
    if E == "EMAIL":
        email = CharLane("email", (DIGITS, LOWER, UPPER), accept=lambda v: "@" in v, keep=_email_keep)
        email.walk = False    # the plan ('@', classes) is invariant; nothing else can route it away
        return [email]
    if E == "PHONE_LANDLINE":
        return [CharLane("tel", (DIGITS,), keep=_landline_keep)]
    if E == "LICENSE_PLATE":
        return [CharLane("plate", ("".join(license_plate.PROVINCES), PLATE_LETTERS, DIGITS))]
    if E in ("PASSPORT_CN", "TRAVEL_PERMIT"):
        return [CharLane("num", (DIGITS,))]
    if E in ("QQ_NUMBER",):
        return [CharLane("qq", (DIGITS,))]
    if E == "WECHAT_ID":
        return [CharLane("wx", (DIGITS, LOWER, UPPER))]
    return []


class Format:
    """The lanes of one entity (``None``: any text) plus the catch-all lane."""

    def __init__(self, entity: str | None):
        self.entity = entity or "TEXT"
        self.lanes = (_lanes(entity) if entity else []) + [_Any()]
        self._valid = None
        if entity:
            import importlib

            try:
                self._valid = importlib.import_module(f"piguard.entities.{entity.lower()}").is_valid
            except ImportError:
                self._valid = None

    def __repr__(self) -> str:
        return f"Format({self.entity})"

    def _route(self, v):
        for k, lane in enumerate(self.lanes):
            st = lane.parse(v)
            if st is not None:
                return k, st
        raise AssertionError("the catch-all lane takes every string")

    def _sig(self, k, st, v):
        lane = self.lanes[k]
        valid = None
        if lane.check_valid and self._valid is not None:
            valid = bool(self._valid(v))
        return k, lane.cls(st), valid

    def run(self, values, key, decrypt: bool = False) -> list:
        """Encrypt (or decrypt) a list of strings; ``None``/``""`` stay."""
        ctx = _Ctx(key, self.entity)
        values = list(values)
        out = list(values)
        todo = [i for i, v in enumerate(values) if isinstance(v, str) and v != ""]
        first = self.lanes[0]
        if todo and hasattr(first, "fast"):
            # Canonical values of the first lane, vectorised; results are the
            # same as the per-value path gives.
            done = first.fast([values[i] for i in todo], ctx, decrypt)
            for j, s in done.items():
                out[todo[j]] = s
            todo = [i for j, i in enumerate(todo) if j not in done]
        routed: dict[int, list] = {}
        for i in todo:
            k, st = self._route(values[i])
            routed.setdefault(k, []).append((i, st))
        for k, items in routed.items():
            lane = self.lanes[k]
            idx = [i for i, _ in items]
            states = [st for _, st in items]
            accept = None
            if lane.must_walk(states):
                want = [self._sig(k, st, values[i]) for i, st in items]

                def accept(j, s, k=k, want=want):
                    kk, st = self._route(s)
                    return kk == k and self._sig(kk, st, s) == want[j]
            res = lane.run([values[i] for i in idx], states, ctx, decrypt, accept)
            for i, s in zip(idx, res):
                out[i] = s
        return out


@lru_cache(maxsize=64)
def get_format(entity: str | None) -> Format:
    return Format(entity.upper() if entity else None)


def encrypt(entity: str | None, values, key) -> list:
    """Format-preserving encryption of ``values`` as ``entity``."""
    return get_format(entity).run(values, key, False)


def decrypt(entity: str | None, values, key) -> list:
    return get_format(entity).run(values, key, True)
