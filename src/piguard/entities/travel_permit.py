"""TRAVEL_PERMIT (港澳台通行证): mainland travel permits and exit-entry permits.

- 往来港澳通行证 (mainland residents to Hong Kong/Macau): ``C`` + 8 characters
  (electronic, since 2014: ``C`` + a letter or digit + 7 digits); older
  booklets ``W`` + 8 digits.
- 大陆居民往来台湾通行证: ``L`` + 8 digits (electronic, since 2015); older
  ``T`` + 8 digits.
- 港澳居民来往内地通行证 (回乡证): ``H`` (Hong Kong) or ``M`` (Macau) + 8 or
  10 digits.
- 台湾居民来往大陆通行证 (台胞证): 8 digits (since 2015), older 10 digits
  with an optional letter; only next to a permit word, being bare digits.
- 中华人民共和国出入境通行证: ``T`` + 8 digits (shared with the old Taiwan form).

None carries a check digit and all look like other codes, so every form
needs a permit word nearby (``NEEDS_CONTEXT``).

Level: an identity document, C2 in JR/T 0171-2020 and sensitive in
GB/T 35273-2020 (Annex B, 个人身份信息).

>>> validate("c12345678"), validate("CA1234567"), validate("H1234567890"), validate("12345678")
('C12345678', 'CA1234567', 'H1234567890', '12345678')
>>> is_valid("C1234"), kind("L12345678"), mask("C12345678")
(False, '大陆居民往来台湾通行证', 'C****5678')
"""
from __future__ import annotations

import random
import re

from piguard.entities.base import NOT_AFTER_RUN, NOT_BEFORE_RUN, compact_value, has_mask, never_raises
from piguard.errors import InvalidFormat, InvalidLength

NAME = "TRAVEL_PERMIT"
LABEL_ZH = "港澳台通行证"
LEVEL = "C2"
SENSITIVE = True
HEADER_CUES = (
    "通行证", "港澳通行证", "往来港澳通行证", "台湾通行证", "台胞证", "回乡证", "通行证号",
    "通行证号码", "出入境通行证", "txz", "txzh", "gatxz", "permit", "permit_no", "travel_permit",
    "hk_macau_permit", "taiwan_permit", "home_return_permit", "mtp",
)
_KINDS = (
    (r"C[A-HJ-NP-Z0-9]\d{7}", "往来港澳通行证"),
    (r"W\d{8}", "往来港澳通行证"),
    (r"L\d{8}", "大陆居民往来台湾通行证"),
    (r"T\d{8}", "大陆居民往来台湾通行证或出入境通行证"),
    (r"[HM]\d{8}(?:\d{2})?", "港澳居民来往内地通行证"),
    (r"\d{8}|\d{10}[A-Z]?", "台湾居民来往大陆通行证"),
)
_FORMS = "|".join(k for k, _ in _KINDS)
PATTERN = re.compile(NOT_AFTER_RUN + f"(?P<value>{_FORMS})" + NOT_BEFORE_RUN)
CONTEXT = ("通行证", "港澳", "台胞证", "回乡证", "往来台湾", "往来港澳", "来往内地", "来往大陆", "出入境",
           "permit", "Permit")
NEEDS_CONTEXT = True
BASE_SCORE = 0.85
_COMPILED = tuple((re.compile(k), name) for k, name in _KINDS)


def compact(value) -> str:
    return compact_value(value, drop=" -\t\u3000()（）")


def validate(value) -> str:
    v = compact(value)
    if not 8 <= len(v) <= 11:
        raise InvalidLength()
    if not any(rx.fullmatch(v) for rx, _ in _COMPILED):
        raise InvalidFormat()
    return v


is_valid = never_raises(validate)


def kind(value) -> str:
    """Which permit the number's form belongs to."""
    v = validate(value)
    return next(name for rx, name in _COMPILED if rx.fullmatch(v))


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    v = compact(value)
    return v[:1] + "*" * (len(v) - 5) + v[-4:] if len(v) > 5 else "*" * len(v)


def is_masked(value) -> bool:
    v = compact(value)
    return has_mask(v) and 7 <= len(v) <= 12


def generate(rng: random.Random) -> str:
    head = rng.choice(("C", "W", "L", "H", "M"))
    n = 10 if head in "HM" and rng.random() < 0.5 else 8
    return head + f"{rng.randrange(10 ** n):0{n}d}"
