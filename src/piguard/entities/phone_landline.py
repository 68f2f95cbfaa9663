"""PHONE_LANDLINE (固定电话): a mainland fixed-line number with its area code.

An area code (trunk ``0`` plus 2 or 3 digits: ``010``, ``02x``, ``0xxx``)
and a 7- or 8-digit local number, written ``0757-4733388``,
``(0731)8255656``, ``（0551）31764172``, ``0571 33256962`` or run together
(``057133256962``: codes starting ``1``/``2`` have 2 digits after the ``0``,
all others 3, so the split is never ambiguous), optionally after ``+86`` and
with an extension (``转123``, ``-123``, ``ext 123``). Area codes come from
``data/area_codes.tsv`` (libphonenumber; ``update/phone_data.py``). A local
number without area code is not detected: too many other numbers look alike.

Level: C2 with the other contact identifiers (JR/T 0171-2020); personal but
not sensitive information in GB/T 35273-2020.

>>> validate("（0551）31764172"), validate("0592-5627544转4746"), validate("057133256962")
('055131764172', '05925627544-4746', '057133256962')
>>> is_valid("0001-1234567"), is_valid("0757-123")
(False, False)
>>> format("057133256962"), mask("0757-4733388"), area("(0731)8255656")
('0571-33256962', '0757-***3388', '湖南省长沙市、湘潭市、株州市')
"""
from __future__ import annotations

import random
import re
from functools import lru_cache

from piguard.entities.base import (
    NOT_AFTER_RUN, NOT_BEFORE_RUN, compact_value, has_mask, never_raises, read_table,
)
from piguard.errors import InvalidComponent, InvalidFormat, InvalidLength

NAME = "PHONE_LANDLINE"
LABEL_ZH = "固定电话"
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = (
    "固定电话", "固话", "座机", "办公电话", "单位电话", "家庭电话", "住宅电话", "联系电话", "电话",
    "dwdh", "gddh", "zjdh", "jtdh", "bgdh", "landline", "tel", "telephone", "phone", "office_phone",
    "home_phone", "fixed_phone", "work_phone",
)
_EXT = r"(?:(?:转|分机|ext\.?|EXT\.?|x|-)\s?\d{1,5})"
PATTERN = re.compile(
    NOT_AFTER_RUN
    + r"(?P<value>(?:(?:\+|00)86[ -]?(?:[(（]0?(?:[12]\d|[3-9]\d\d)[)）]|0?(?:[12]\d|[3-9]\d\d))[ -]?"
    + r"|(?:[(（]0?(?:[12]\d|[3-9]\d\d)[)）][ -]?|0(?:[12]\d|[3-9]\d\d)[ -]?))"
    + r"[2-8]\d{2,3}[ -]?\d{4}" + _EXT + "?)"
    + NOT_BEFORE_RUN)
CONTEXT = ("电话", "座机", "固话", "联系", "致电", "办公", "单位", "tel", "Tel", "TEL", "phone")
NEEDS_CONTEXT = False
BASE_SCORE = 0.8

_EXT_WORD = re.compile(r"\s*(?:转|分机|EXT\.?|X)\s*(\d{1,5})$")
_EXT_DASH = re.compile(r"-(\d{1,5})$")
_SEPARATORS = re.compile(r"[ \-()（）]")


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    return {row[0]: (row[1] if len(row) > 1 else "") for row in read_table("area_codes.tsv")}


def _parts(value) -> tuple[str, str, str]:
    """(area code without ``0``, local number, extension)."""
    s = compact_value(value, drop="\t\u3000")
    ext = ""
    m = _EXT_WORD.search(s)
    if m:
        ext, s = m.group(1), s[:m.start()]
    plus = s.startswith("+")
    digits = _SEPARATORS.sub("", s[1:] if plus else s)
    if not digits.isdigit():
        raise InvalidFormat()
    if digits.startswith("0086") or plus:
        if not digits.startswith(("0086", "86")):
            raise InvalidFormat()
        digits = "0" + digits[4 if digits.startswith("0086") else 2:].lstrip("0")
    if not digits.startswith("0"):
        raise InvalidFormat("A landline number starts with its area code.")
    n = 2 if digits[1:2] in ("1", "2") else 3
    if not ext and len(digits) > n + 9:
        dash = _EXT_DASH.search(s)
        if dash:
            ext, digits = dash.group(1), digits[:-len(dash.group(1))]
    code, local = digits[1:1 + n], digits[1 + n:]
    if not 7 <= len(local) <= 8:
        raise InvalidLength()
    return code, local, ext


def compact(value) -> str:
    """``0`` + area code + local number, ``-extension`` when there is one.

    >>> compact("(010) 6552-9988 转 12")
    '01065529988-12'
    """
    try:
        code, local, ext = _parts(value)
    except ValueError:
        return compact_value(value)
    return f"0{code}{local}" + (f"-{ext}" if ext else "")


def validate(value) -> str:
    code, local, ext = _parts(value)
    if code not in _codes():
        raise InvalidComponent("Not a mainland area code.")
    if local[0] in "019":
        raise InvalidComponent("A local number does not start with 0, 1 or 9.")
    return f"0{code}{local}" + (f"-{ext}" if ext else "")


_is_valid = never_raises(validate)


def is_valid(value) -> bool:
    """True when ``validate`` accepts the value; never raises.

    Digits with dashes only (``0757-4733388``, ``057133256962``: the usual
    forms) are split here without the extension and ``+86`` handling of
    ``_parts``; anything else goes through ``validate``.
    """
    if type(value) is str and value.isascii() and value[:1] == "0":
        digits = value.replace("-", "") if "-" in value else value
        if digits.isdigit() and digits[1:2] not in ("0", ""):  # "00": the 0086 form
            n = 2 if digits[1] in "12" else 3
            if len(digits) <= n + 9:  # longer: a "-123" extension, see _parts
                local = digits[1 + n:]
                return 7 <= len(local) <= 8 and local[0] not in "019" and digits[1:1 + n] in _codes()
    return _is_valid(value)


def area(value) -> str:
    """The place the area code serves."""
    return _codes()[_parts(validate(value))[0]]


def format(value) -> str:
    code, local, ext = _parts(validate(value))
    return f"0{code}-{local}" + (f"转{ext}" if ext else "")


def mask(value) -> str:
    """Area code and the last 4 digits stay; the rest of the local number is masked."""
    try:
        code, local, _ = _parts(value)
    except ValueError:
        s = compact_value(value)
        return s[:3] + "*" * max(0, len(s) - 3)
    return f"0{code}-" + "*" * (len(local) - 4) + local[-4:]


def is_masked(value) -> bool:
    """``0757-***3388``-like.

    >>> is_masked("0757-***3388"), is_masked("0757-4733388")
    (True, False)
    """
    s = compact_value(value)
    return has_mask(s.replace("***", "**")) and s[:1] in "0(（"


def generate(rng: random.Random) -> str:
    code = rng.choice(sorted(_codes()))
    n = 8 if len(code) == 2 or rng.random() < 0.4 else 7
    return f"0{code}-{rng.randrange(2, 9)}{rng.randrange(10 ** (n - 1)):0{n - 1}d}"
