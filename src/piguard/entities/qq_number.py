"""QQ_NUMBER (QQ号): a Tencent QQ account number.

5 to 11 digits, no leading zero (accounts were numbered from 10001). Any
such digit string is a QQ number only by context: ``QQ``, ``扣扣``, ``企鹅``,
``Q号``... next to it, or a QQ column (``NEEDS_CONTEXT``).

Level: an online account identifier, C2 in this project's reading of
JR/T 0171-2020 (账户登录名 and other identifiers); personal, not sensitive,
information in GB/T 35273-2020 (网络身份标识信息).

>>> validate(" 489764812 "), is_valid("01234567"), is_valid("1234"), is_valid("123456789012")
('489764812', False, False, False)
>>> mask("1244929035")
'12******35'
"""
from __future__ import annotations

import random
import re

from piguard.entities.base import NOT_BEFORE_RUN, compact_value, has_mask, keep_ends, never_raises
from piguard.errors import InvalidFormat, InvalidLength

NAME = "QQ_NUMBER"
LABEL_ZH = "QQ号"
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = ("qq", "qq号", "qq号码", "qqh", "qq_no", "qq_number", "qq账号", "扣扣", "扣扣号", "企鹅号")
PATTERN = re.compile(r"(?:(?<![0-9A-Za-z@])|(?<=[Qq]))(?P<value>[1-9]\d{4,10})" + NOT_BEFORE_RUN)
CONTEXT = ("QQ", "qq", "Qq", "扣扣", "企鹅", "Q号", "q号", "球球", "QQ号", "加Q", "加q")
NEEDS_CONTEXT = True
BASE_SCORE = 0.9


def compact(value) -> str:
    """Stripped of spaces only: a dashed value (a date, a phone number) is no QQ number.

    >>> compact(" 489 764 812 "), is_valid("2019-04-20")
    ('489764812', False)
    """
    return compact_value(value, drop=" \t\u3000")


def validate(value) -> str:
    v = compact(value)
    if not v.isdigit():
        raise InvalidFormat()
    if not 5 <= len(v) <= 11:
        raise InvalidLength()
    if v[0] == "0":
        raise InvalidFormat("A QQ number has no leading zero.")
    return v


is_valid = never_raises(validate)


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    v = compact(value)
    return keep_ends(v, 2, 2) if v else ""


def is_masked(value) -> bool:
    v = compact(value)
    return has_mask(v) and v[:1].isdigit()


def generate(rng: random.Random) -> str:
    n = rng.choice((6, 7, 8, 9, 9, 10, 10, 10))
    return str(rng.randrange(10 ** (n - 1), 10 ** n))
