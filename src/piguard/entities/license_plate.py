"""LICENSE_PLATE (机动车号牌): a mainland motor-vehicle plate number (GA 36-2018).

A province abbreviation (``京``, ``粤``...), the issuing authority's letter,
and five characters (``京A12345``, ``鲁NS6MZB``), or six for new-energy
vehicles (``京MFG9135``: ``D``/``F`` then 5; large vehicles 5 digits then
``D``/``F``). The last character may be ``挂``/``学``/``警``/``港``/``澳``.
Writers put a ``·``, a space or a dash after the letter (``鲁H·EEYPM``,
``浙Q 1X61J``). ``I`` and ``O`` are never used (they read as 1 and 0).

Level: C2 (identifies a person's property together with other data,
JR/T 0171-2020); not in GB/T 35273-2020's list of sensitive information.

>>> validate("浙q 1x61j"), validate("京MFG9135"), validate("冀S·D09803")
('浙Q1X61J', '京MFG9135', '冀SD09803')
>>> is_valid("京A1234"), is_valid("京IA2345"), is_valid("沪A·1***5")
(False, False, False)
>>> format("鲁HEEYPM"), mask("鲁HEEYPM"), province("鲁HEEYPM")
('鲁H·EEYPM', '鲁H·**YPM', '山东')
"""
from __future__ import annotations

import random
import re

from piguard.entities.base import compact_value, has_mask, never_raises
from piguard.errors import InvalidComponent, InvalidFormat, InvalidLength

NAME = "LICENSE_PLATE"
LABEL_ZH = "机动车号牌"
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = (
    "车牌", "车牌号", "车牌号码", "号牌", "号牌号码", "机动车号牌", "车辆号牌", "牌照", "车号",
    "cph", "cphm", "hphm", "hp", "plate", "plate_no", "plate_number", "license_plate", "car_no",
    "vehicle_no", "vehicle_plate",
)
PROVINCES = {
    "京": "北京", "津": "天津", "沪": "上海", "渝": "重庆", "冀": "河北", "豫": "河南", "云": "云南",
    "辽": "辽宁", "黑": "黑龙江", "湘": "湖南", "皖": "安徽", "鲁": "山东", "新": "新疆", "苏": "江苏",
    "浙": "浙江", "赣": "江西", "鄂": "湖北", "桂": "广西", "甘": "甘肃", "晋": "山西", "蒙": "内蒙古",
    "陕": "陕西", "吉": "吉林", "闽": "福建", "贵": "贵州", "粤": "广东", "青": "青海", "藏": "西藏",
    "川": "四川", "宁": "宁夏", "琼": "海南",
}
_P = "".join(PROVINCES)
_L = "A-HJ-NP-Z"
_C = f"{_L}0-9"
_SEP = "·•・‧ \\-"
_BODY = f"(?:[DF][{_C}]\\d{{4}}|\\d{{5}}[DF]|[{_C}]{{4}}[{_C}挂学警港澳])"
PATTERN = re.compile(f"(?P<value>[{_P}][{_L}][{_SEP}]?{_BODY})(?![0-9A-Za-z])")
CONTEXT = ("车牌", "号牌", "牌照", "车号", "车辆", "牌号", "plate")
NEEDS_CONTEXT = False
BASE_SCORE = 0.8
_FULL = re.compile(f"[{_P}][{_L}]{_BODY}")


def compact(value) -> str:
    """Without separators, upper-case.

    >>> compact("鲁h·eeypm")
    '鲁HEEYPM'
    """
    return compact_value(value, drop=" \t\u3000-·•・‧")


def validate(value) -> str:
    plate = compact(value)
    if len(plate) not in (7, 8):
        raise InvalidLength()
    if plate[0] not in PROVINCES:
        raise InvalidComponent("Not a province abbreviation.")
    if not _FULL.fullmatch(plate):
        raise InvalidFormat()
    return plate


_is_valid = never_raises(validate)


def is_valid(value) -> bool:
    """True when ``validate`` accepts the value; never raises.

    A province character and ASCII letters and digits (the usual way of
    writing a plate) need no cleaning; anything else goes through ``validate``.
    """
    if type(value) is str and 7 <= len(value) <= 8 and value[0] in PROVINCES:
        rest = value[1:]
        if rest.isascii() and rest.isalnum():
            return _FULL.fullmatch(value[0] + rest.upper()) is not None
    return _is_valid(value)


def text_score(value: str, context: str | None) -> float | None:
    """Without context, a plate of letters only is more likely a word."""
    if not is_valid(value):
        return None
    if context:
        return 0.95
    return BASE_SCORE if any(map(str.isdigit, value)) else None


def province(value) -> str:
    return PROVINCES[validate(value)[0]]


def format(value) -> str:
    p = validate(value)
    return f"{p[:2]}·{p[2:]}"


def mask(value) -> str:
    """Province, letter and the last 3 characters kept."""
    p = compact(value)
    if len(p) < 6:
        return "*" * len(p)
    return f"{p[:2]}·" + "*" * (len(p) - 5) + p[-3:]


def is_masked(value) -> bool:
    """``鲁H·**YPM``-like.

    >>> is_masked("鲁H·**YPM"), is_masked("鲁H·EEYPM")
    (True, False)
    """
    p = compact(value)
    return has_mask(p) and p[:1] in PROVINCES


def generate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    chars = letters + "0123456789"
    head = rng.choice(_P) + rng.choice(letters)
    if rng.random() < 0.2:
        return head + rng.choice("DF") + rng.choice(chars) + f"{rng.randrange(10000):04d}"
    body = [rng.choice(chars) for _ in range(5)]
    body[rng.randrange(5)] = str(rng.randrange(10))
    return head + "".join(body)
