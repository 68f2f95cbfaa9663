"""VIN (车辆识别代号): a 17-character vehicle identification number (ISO 3779, GB 16735).

Letters and digits without ``I``, ``O`` and ``Q``; position 9 is the check
digit (weights 8,7,6,5,4,3,2,10,0,9,...,2 over transliterated characters,
modulo 11, ``X`` for 10), compulsory in China since GB 16735-2004.
``is_valid`` demands the check digit. ``is_plausible`` accepts any
well-formed 17 characters: older and grey-import VINs and typos carry a wrong
check digit, so the text recogniser takes them only next to a VIN word
(``车架号``, ``VIN``...) and at a lower score (``text_score``).

Level: C2 with the other data identifying a person's property
(JR/T 0171-2020); not sensitive in GB/T 35273-2020.

>>> validate("lsvh6ewt5x2v43ssf"), is_valid("LSVH6EWT6X2V43SSF")
('LSVH6EWT5X2V43SSF', False)
>>> calc_check_digit("1M8GDM9A_KP042788")
'X'
>>> text_score("LSVH6EWT5X2V43SSF", None), text_score("LSVH6EWT6X2V43SSF", "车架号"), text_score("LSVH6EWT6X2V43SSF", None)
(0.85, 0.6, None)
>>> mask("LSVH6EWT5X2V43SSF"), wmi("LSVH6EWT5X2V43SSF")
('LSVH*******V43SSF', 'LSV')
"""
from __future__ import annotations

import random
import re
from operator import mul

from piguard.entities.base import NOT_BEFORE_RUN, compact_value, has_mask, never_raises, not_after_run_except
from piguard.errors import InvalidChecksum, InvalidFormat, InvalidLength

NAME = "VIN"
LABEL_ZH = "车辆识别代号"
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = (
    "车架号", "车辆识别代号", "车辆识别码", "车辆识别号", "vin码", "底盘号", "车架号码",
    "cjh", "cjhm", "clsbdh", "vin", "vin_no", "vin_code", "frame_no", "chassis_no",
)
PATTERN = re.compile(not_after_run_except("VIN", "vin") + r"(?P<value>[A-HJ-NPR-Z0-9]{17})" + NOT_BEFORE_RUN)
CONTEXT = ("车架号", "车辆识别", "识别代号", "VIN", "vin", "底盘号", "车架")
NEEDS_CONTEXT = False
BASE_SCORE = 0.85
CONTEXT_SCORE = 0.98
WEAK_SCORE = 0.6

_VALUES = {**{str(d): d for d in range(10)},
           **dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9)))}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_SHAPE = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_ZEROS = (0,) * len(_WEIGHTS)  # the default of _VALUES.get, one per weighed position


def compact(value) -> str:
    return compact_value(value)


def calc_check_digit(value: str) -> str:
    """The check digit position 9 must hold (position 9 itself is ignored)."""
    total = sum(map(mul, map(_VALUES.get, value, _ZEROS), _WEIGHTS))  # no Python-level loop
    r = total % 11
    return "X" if r == 10 else str(r)


def is_plausible(value) -> bool:
    """Well-formed: 17 allowed characters with at least one digit."""
    v = compact(value)
    return bool(_SHAPE.fullmatch(v)) and not v.isalpha()  # 17 of [A-Z0-9]: not all letters


def validate(value) -> str:
    v = compact(value)
    if len(v) != 17:
        raise InvalidLength()
    if not is_plausible(v):
        raise InvalidFormat()
    if calc_check_digit(v) != v[8]:
        raise InvalidChecksum()
    return v


_is_valid = never_raises(validate)


def is_valid(value) -> bool:
    """True when ``validate`` accepts the value; never raises.

    17 ASCII letters and digits (what the text recogniser finds) are checked
    in place; anything else goes through ``validate``.
    """
    if type(value) is str and len(value) == 17 and value.isascii() and value.isalnum():
        v = value.upper()
        return _SHAPE.fullmatch(v) is not None and not v.isalpha() and calc_check_digit(v) == v[8]
    return _is_valid(value)


def text_score(value: str, context: str | None) -> float | None:
    if is_valid(value):
        return CONTEXT_SCORE if context else BASE_SCORE
    if context and is_plausible(value):
        return WEAK_SCORE
    return None


def wmi(value) -> str:
    """World manufacturer identifier (first 3 characters)."""
    return validate(value)[:3]


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    """Manufacturer (4) and the last 6 characters kept."""
    v = compact(value)
    return v[:4] + "*" * (len(v) - 10) + v[-6:] if len(v) > 10 else "*" * len(v)


def is_masked(value) -> bool:
    """``LSVH*******V43SSF``-like."""
    v = compact(value)
    return has_mask(v) and 15 <= len(v) <= 19


def generate(rng: random.Random) -> str:
    chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    wmi_ = rng.choice(("LSV", "LFV", "LGB", "LGW", "LHG", "LVS", "LBV", "LC0", "LRW", "LVG"))
    body = wmi_ + "".join(rng.choice(chars) for _ in range(14))
    return body[:8] + calc_check_digit(body) + body[9:]
