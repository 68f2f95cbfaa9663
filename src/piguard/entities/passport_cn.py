"""PASSPORT_CN (护照号): a People's Republic of China passport number.

Ordinary electronic passports (since 2012): ``E`` + 8 digits, and since
the digits ran out ``E`` + a letter (not ``I``/``O``) + 7 digits. Older
ordinary passports: ``G`` + 8 digits; public-affairs ``P`` + 7 digits;
diplomatic/service ``D``/``S`` + 7 or 8 digits (in text only next to a
passport word). There is no check digit, so a bare match scores lower than
one next to ``护照``/``passport``.

Level: an identity document, C2 in JR/T 0171-2020 and sensitive in
GB/T 35273-2020 (Annex B, 个人身份信息).

>>> validate("e12345678"), validate("EJ1234567"), is_valid("EI1234567"), is_valid("E1234567")
('E12345678', 'EJ1234567', False, False)
>>> mask("E12345678"), text_score("P1234567", None), text_score("P1234567", "护照")
('E****5678', None, 0.95)
"""
from __future__ import annotations

import random
import re

from piguard.entities.base import NOT_AFTER_RUN, NOT_BEFORE_RUN, compact_value, has_mask, never_raises
from piguard.errors import InvalidFormat, InvalidLength

NAME = "PASSPORT_CN"
LABEL_ZH = "护照号"
LEVEL = "C2"
SENSITIVE = True
HEADER_CUES = (
    "护照", "护照号", "护照号码", "护照编号", "hz", "hzh", "hzhm", "passport", "passport_no",
    "passport_number", "passportno",
)
_FORMS = r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}|P\d{7}|[DS]\d{7,8}"
PATTERN = re.compile(NOT_AFTER_RUN + f"(?P<value>{_FORMS})" + NOT_BEFORE_RUN)
CONTEXT = ("护照", "passport", "Passport", "PASSPORT", "出国", "出境", "签证")
NEEDS_CONTEXT = False
BASE_SCORE = 0.7
CONTEXT_SCORE = 0.95
_FULL = re.compile(_FORMS)
# Forms that are specific enough to count without a passport word.
_STRONG = re.compile(r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}")


def compact(value) -> str:
    return compact_value(value)


def validate(value) -> str:
    v = compact(value)
    if not 8 <= len(v) <= 9:
        raise InvalidLength()
    if not _FULL.fullmatch(v):
        raise InvalidFormat()
    return v


is_valid = never_raises(validate)


def text_score(value: str, context: str | None) -> float | None:
    if not is_valid(value):
        return None
    if context:
        return CONTEXT_SCORE
    return BASE_SCORE if _STRONG.fullmatch(compact(value)) else None


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    """First character and last 4 kept."""
    v = compact(value)
    return v[:1] + "*" * (len(v) - 5) + v[-4:] if len(v) > 5 else "*" * len(v)


def is_masked(value) -> bool:
    v = compact(value)
    return has_mask(v) and v[:1] in "EGPDS" and 7 <= len(v) <= 10


def generate(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "E" + f"{rng.randrange(10 ** 8):08d}"
    return "E" + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + f"{rng.randrange(10 ** 7):07d}"
