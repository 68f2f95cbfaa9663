"""PHONE_MOBILE (手机号): a mainland China mobile number.

Eleven digits starting ``1[3-9]``, written bare, grouped 3-4-4 with spaces
or dashes, and optionally after ``+86``, ``86`` or ``0086``. Only prefixes in
service count: ``data/mobile_prefixes.tsv`` (4-digit prefixes with their
carrier, from libphonenumber; rebuilt by
``python -m piguard.entities.update.phone_data``).

Level: JR/T 0171-2020 names the mobile number among the 支付账号等效信息 of
C2; GB/T 35273-2020 lists it as personal (not sensitive) information.

>>> validate("+86 138-0013-8000"), validate("008615901429021"), validate("１３８００１３８０００")
('13800138000', '15901429021', '13800138000')
>>> is_valid("12345678901"), is_valid("138****5678"), is_valid("1540000000")
(False, False, False)
>>> format("8613800138000"), mask("13800138000"), carrier("13800138000")
('138 0013 8000', '138****8000', '中国移动')
"""
from __future__ import annotations

import random
import re
from functools import lru_cache

from piguard.entities.base import (
    NOT_BEFORE_RUN, compact_value, has_mask, keep_ends, never_raises, not_after_run_except, read_table,
)
from piguard.errors import InvalidComponent, InvalidFormat, InvalidLength

NAME = "PHONE_MOBILE"
LABEL_ZH = "手机号"
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = (
    "手机", "手机号", "手机号码", "移动电话", "联系电话", "联系方式", "电话", "电话号码", "联系手机",
    "紧急联系人电话", "收件人电话", "收货人电话", "绑定手机", "预留手机号",
    "sjh", "sjhm", "lxdh", "lxfs", "dh", "mobile", "mobile_no", "mobile_phone", "cellphone", "cell",
    "phone", "phone_no", "phone_number", "tel", "telephone", "contact_phone", "msisdn",
)
PATTERN = re.compile(
    not_after_run_except("TEL", "Tel", "tel", "PHONE", "Phone", "phone", "Mobile", "mobile")
    + r"(?P<value>(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:\d{8}|[ -]\d{4}[ -]\d{4}|\d{4}[ -]\d{4}))"
    + NOT_BEFORE_RUN)
CONTEXT = ("手机", "电话", "联系", "致电", "来电", "号码", "短信", "mobile", "phone", "tel", "Tel", "TEL", "微信同号")
NEEDS_CONTEXT = False
BASE_SCORE = 0.85


@lru_cache(maxsize=1)
def _prefixes() -> dict[str, str]:
    _PREFIXES.update({row[0]: (row[1] if len(row) > 1 else "") for row in read_table("mobile_prefixes.tsv")})
    return _PREFIXES


# 4-digit prefix -> carrier, filled by the first _prefixes() call.
_PREFIXES: dict[str, str] = {}


def compact(value) -> str:
    """The 11-digit national number: separators and country code removed.

    >>> compact("+86 (138) 0013-8000")
    '13800138000'
    """
    s = compact_value(value, drop=" -\t\u3000()（）")
    if s.startswith("+"):
        s = s[1:]
    if len(s) == 15 and s.startswith("0086"):
        s = s[4:]
    elif len(s) == 13 and s.startswith("86"):
        s = s[2:]
    return s


def validate(value) -> str:
    number = compact(value)
    if not number.isdigit():
        raise InvalidFormat()
    if len(number) != 11:
        raise InvalidLength()
    if number[:4] not in _prefixes():
        raise InvalidComponent("The prefix is not a mobile prefix in service.")
    return number


_is_valid = never_raises(validate)


def is_valid(value) -> bool:
    """True when ``validate`` accepts the value; never raises.

    A bare 11-digit number (the usual case, in text and in columns) is
    only looked up by its prefix; anything else goes through ``validate``.
    """
    if type(value) is str and len(value) == 11 and value.isascii() and value.isdigit():
        return value[:4] in _PREFIXES or (not _PREFIXES and value[:4] in _prefixes())
    return _is_valid(value)


def carrier(value) -> str:
    """The carrier the prefix was allocated to (may be ``''``)."""
    return _prefixes()[validate(value)[:4]]


def format(value) -> str:
    n = validate(value)
    return f"{n[:3]} {n[3:7]} {n[7:]}"


def mask(value) -> str:
    """JR/T 0171 display: first 3 and last 4 digits."""
    n = compact(value)
    return keep_ends(n, 3, 4) if n else ""


def is_masked(value) -> bool:
    """``138****5678``-like.

    >>> is_masked("138****5678"), is_masked("13800138000")
    (True, False)
    """
    s = compact_value(value)
    return has_mask(s) and 7 <= len(s) <= 14 and s[:1] == "1"


def generate(rng: random.Random) -> str:
    prefix = rng.choice(sorted(_prefixes()))
    return prefix + f"{rng.randrange(10 ** 7):07d}"
