"""Whole-column kernels over table cells: tidy, shape filters, check digits.

The column classifier and the scanner look at millions of cells, so the work
that touches every cell runs as polars expressions or numpy arithmetic; the
entity modules' ``is_valid``/``score`` (the authority on what a value is) run
only on the few cells that survive these filters, or on a sample.

Three layers, cheapest first:

``tidy``
    full-width to half-width, trimmed; placeholders (``无``, ``NULL``, ``-``)
    become null, so that "non-empty" means "holds something".
``SHAPES``
    a coarse regular expression per entity over the tidied cell: a
    *necessary* condition, deliberately loose (``^\\d{17}[\\dX]$`` for a
    resident ID). Entity knowledge (region codes, prefixes in service, check
    algorithms' meaning) stays in ``piguard.entities``.
``KERNELS``
    vectorised check-digit arithmetic (Luhn, ISO 7064 MOD 11-2, the VIN
    check digit) for the entities whose validation is mostly that arithmetic.
    The scanner compares a kernel's verdict with ``is_valid`` on a sample and
    falls back to ``is_valid`` when they disagree, so a kernel can only make
    counting faster, never change what counts.

>>> import polars as pl
>>> s = pl.Series(["１３８００１３８０００", " 无 ", "11010519491231002X", None])
>>> tidy(s).to_list()
['13800138000', None, '11010519491231002X', None]
>>> shape_mask(tidy(s), "CN_RESIDENT_ID").to_list()
[False, False, True, False]
>>> kernel_mask(tidy(s), "CN_RESIDENT_ID").to_list()
[False, False, True, False]
"""
from __future__ import annotations

import datetime as _dt

import numpy as np
import polars as pl

from piguard.entities.base import luhn_digits_array

_FULL = [chr(c) for c in range(0xFF01, 0xFF5F)] + ["\u3000"]
_HALF = [chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)] + [" "]

# Cells that hold nothing, written the ways exports write "nothing".
PLACEHOLDERS = (
    "", "-", "--", "---", "/", "\\", ".", "?", "0", "无", "空", "暂无", "未知", "不详", "未填",
    "null", "none", "nan", "nat", "n/a", "na", "nil", "undefined", "#n/a",
)

# Separators a person or an export puts inside identifiers.
_SEP = r"[\s\-·•.]"

_HAN = r"\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}\x{f900}-\x{faff}\x{20000}-\x{2ffff}"

# Coarse shape of a cell holding each entity (after ``tidy``): a necessary
# condition only. ``(drop, pattern)``: the characters removed first (a
# literal set: one Aho-Corasick pass, no regex), then a full-cell match.
SHAPES: dict[str, tuple[str | None, str]] = {
    "PERSON_NAME": (" \t", rf"^[{_HAN}]{{2,6}}$|^[{_HAN}]+(?:[·•・‧∙⋅][{_HAN}]+){{1,5}}$"),
    "CN_RESIDENT_ID": (" \t-", r"^(?:\d{17}[\dXx]|\d{15})$"),
    "PHONE_MOBILE": (" \t-()（）", r"^(?:\+?86|0086)?1\d{10}$"),
    "PHONE_LANDLINE": (" \t", r"^(?:\+?86[\-]?)?[(（]?0\d{2,3}[)）]?[\-]?\d{7,8}(?:(?:转|-|ext\.?|x|#)\d{1,6})?$"),
    "EMAIL": (None, r"^[^@\s]{1,64}@[^@\s]+\.[A-Za-z]{2,}$"),
    "ADDRESS": (" \t", rf"^.{{0,8}}[{_HAN}].*[{_HAN}\d]"),
    "BANK_CARD": (" \t-", r"^\d{12,23}$"),
    "LICENSE_PLATE": (" \t-·•.", rf"^[{_HAN}][A-Za-z][A-Za-z0-9]{{4,6}}[{_HAN}]?$"),
    "VIN": (" \t-", r"^[A-Za-z0-9]{17}$"),
    "PASSPORT_CN": (" \t-", r"^[A-Za-z]{1,2}\d{6,9}$"),
    "TRAVEL_PERMIT": (" \t-", r"^[A-Za-z]{0,2}\d{7,10}(?:\(\w{1,2}\))?$"),
    "QQ_NUMBER": (" \t", r"^\d{5,11}$"),
    "WECHAT_ID": (None, r"^[A-Za-z][A-Za-z0-9_\-]{5,19}$"),
    "IP_ADDRESS": (None, r"^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$"),
    "DEVICE_ID": (None, r"^[0-9A-Fa-f:\-]{12,40}$|^\d{14,17}$"),
    "BIRTH_DATE": (None, r"^(?:1[89]|20)\d{2}(?:[\-/.年]?)\d{1,2}(?:[\-/.月]?)\d{1,2}日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
}


# Placeholders as exports spell them (case variants listed, so that matching
# needs no lower-casing pass over the column).
_PLACEHOLDER_FORMS = sorted({f(p) for p in PLACEHOLDERS for f in (str, str.upper, str.capitalize)})


def tidy(s: pl.Series) -> pl.Series:
    """Half-width, trimmed, placeholders as null (see the module doctest)."""
    s = s.cast(pl.String)
    # Most columns hold no full-width character: skip the 95-way replace then.
    if s.str.contains("[\uff01-\uff5e\u3000]").any():
        s = s.str.replace_many(_FULL, _HALF)
    # Quotes and apostrophes that spreadsheets use to keep digits as text.
    out = s.str.strip_chars(" \t\r\n'\"`")
    return out.set(out.is_in(_PLACEHOLDER_FORMS).fill_null(False), None)


# Per-entity rewrites that make a cell what its validator expects, where
# exports add noise the value does not carry: database dumps write a date of
# birth as a midnight timestamp (``1985-03-12 00:00:00``).
_PREPARE = {
    "BIRTH_DATE": (r"[ T]00:00(?::00(?:\.0+)?)?$", ""),
}


def prepare(s: pl.Series, entity: str) -> pl.Series:
    """Tidied cells as the entity's validator should see them.

    >>> prepare(pl.Series(["1985-03-12 00:00:00", "1985-03-12"]), "BIRTH_DATE").to_list()
    ['1985-03-12', '1985-03-12']
    """
    rule = _PREPARE.get(entity)
    return s.str.replace(rule[0], rule[1]) if rule else s


def compacted(s: pl.Series, entity: str) -> pl.Series:
    """The tidied cells with the entity's separator characters removed.

    >>> compacted(pl.Series(["138-0013 8000"]), "PHONE_MOBILE").to_list()
    ['13800138000']
    """
    drop = SHAPES[entity][0]
    return s.str.replace_many(list(drop), [""] * len(drop)) if drop else s


def shape_mask(s: pl.Series, entity: str) -> pl.Series:
    """True where a tidied cell has the coarse shape of ``entity``; nulls are False."""
    return compacted(s, entity).str.contains(SHAPES[entity][1]).fill_null(False)


# --- check-digit arithmetic over fixed-width ASCII ----------------------------

def _char_matrix(s: pl.Series, width: int) -> np.ndarray:
    """(n, width) uint8 matrix of cells that are all exactly ``width`` bytes."""
    if len(s) == 0:
        return np.zeros((0, width), dtype=np.uint8)
    joined = s.str.join("").item()
    return np.frombuffer(joined.encode("utf-8"), dtype=np.uint8).reshape(len(s), width)


def _by_length(s: pl.Series, lengths, fn) -> pl.Series:
    """Apply ``fn(matrix) -> bool array`` to the cells of each byte length."""
    n = len(s)
    out = np.zeros(n, dtype=bool)
    blen = s.str.len_bytes().fill_null(0).to_numpy()
    for width in lengths:
        rows = np.flatnonzero(blen == width)
        if rows.size:
            sub = s.gather(rows)
            out[rows] = fn(_char_matrix(sub, width))
    return pl.Series(s.name, out)


def _digits(m: np.ndarray) -> np.ndarray:
    return m.astype(np.int16) - 48


def luhn_ok(m: np.ndarray) -> np.ndarray:
    """Luhn (ISO/IEC 7812) over rows of ASCII digits.

    >>> luhn_ok(np.frombuffer(b"6222021234567890123", np.uint8)[None, :]).tolist()
    [False]
    >>> luhn_ok(np.frombuffer(b"79927398713", np.uint8)[None, :]).tolist()
    [True]
    """
    d = _digits(m)
    if not d.size:
        return np.zeros(len(m), dtype=bool)
    digit = ((d >= 0) & (d <= 9)).all(axis=1)
    body = np.where(digit[:, None], d, 0)
    return digit & (luhn_digits_array(body[:, :-1]) == body[:, -1])


_MOD11_W = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int16)


def mod11_2_ok(m: np.ndarray) -> np.ndarray:
    """ISO 7064 MOD 11-2 over 17 digits and a check character (0-9 or X).

    >>> mod11_2_ok(np.frombuffer(b"11010519491231002X", np.uint8)[None, :]).tolist()
    [True]
    """
    d = _digits(m[:, :17])
    digit = ((d >= 0) & (d <= 9)).all(axis=1)
    check = (12 - (d * _MOD11_W).sum(axis=1) % 11) % 11
    last = m[:, 17]
    got = np.where((last == ord("X")) | (last == ord("x")), 10, last.astype(np.int16) - 48)
    return digit & (got == check)


def _plausible_birth(m: np.ndarray, start: int, year_digits: int = 4) -> np.ndarray:
    """Dates YYYYMMDD (or YYMMDD) at ``start``: a month, a day, a past year."""
    d = _digits(m)
    if year_digits == 4:
        y = d[:, start] * 1000 + d[:, start + 1] * 100 + d[:, start + 2] * 10 + d[:, start + 3]
        p = start + 4
        year_ok = (y >= 1880) & (y <= _dt.date.today().year)
    else:
        p = start + 2
        year_ok = np.ones(len(m), dtype=bool)
    mo = d[:, p] * 10 + d[:, p + 1]
    dd = d[:, p + 2] * 10 + d[:, p + 3]
    return year_ok & (mo >= 1) & (mo <= 12) & (dd >= 1) & (dd <= 31)


def _resident_id(m: np.ndarray) -> np.ndarray:
    if m.shape[1] == 18:
        return mod11_2_ok(m) & _plausible_birth(m, 6)
    d = _digits(m)
    return ((d >= 0) & (d <= 9)).all(axis=1) & _plausible_birth(m, 6, year_digits=2)


# ISO 3779 transliteration and position weights.
_VIN_VALUE = np.full(256, -100, dtype=np.int16)
for _c, _v in zip("0123456789", range(10)):
    _VIN_VALUE[ord(_c)] = _v
for _c, _v in zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9)):
    _VIN_VALUE[ord(_c)] = _VIN_VALUE[ord(_c.lower())] = _v
_VIN_W = np.array([8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int16)


def vin_ok(m: np.ndarray) -> np.ndarray:
    """The ISO 3779 check digit (position 9; 10 is written X).

    >>> vin_ok(np.frombuffer(b"1M8GDM9AXKP042788", np.uint8)[None, :]).tolist()
    [True]
    """
    v = _VIN_VALUE[m]
    legal = (v >= 0).all(axis=1)
    check = (v * _VIN_W).sum(axis=1) % 11
    ninth = m[:, 8]
    got = np.where(ninth == ord("X"), 10, ninth.astype(np.int16) - 48)
    return legal & (got == check)


# entity -> (byte lengths to check, check over the (n, width) matrix)
KERNELS = {
    "CN_RESIDENT_ID": ((15, 18), _resident_id),
    "BANK_CARD": (tuple(range(14, 20)), luhn_ok),
    "VIN": ((17,), vin_ok),
}


def kernel_mask(s: pl.Series, entity: str) -> pl.Series:
    """Shape and, where the entity has one, the vectorised check.

    The check runs on the compacted cell; the result is a necessary-and-
    usually-sufficient verdict that the caller confirms on a sample.
    """
    c = compacted(s, entity)
    shaped = c.str.contains(SHAPES[entity][1]).fill_null(False)
    spec = KERNELS.get(entity)
    if spec is None:
        return shaped.alias(s.name)
    lengths, fn = spec
    checked = _by_length(c.fill_null(""), lengths, fn)
    return (shaped & checked).alias(s.name)
