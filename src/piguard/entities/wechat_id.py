"""WECHAT_ID (微信号): a WeChat ID chosen by its user.

6 to 20 characters of letters, digits, ``_`` and ``-``, starting with a
letter (WeChat's own rule). Many words and codes look the same, so only a
value next to ``微信``/``vx``/``wx``/``V信``... counts (``NEEDS_CONTEXT``).
A WeChat account bound to a phone number is written as that number: it is
detected as PHONE_MOBILE.

Level: an online account identifier, C2 in this project's reading of
JR/T 0171-2020; personal, not sensitive, information in GB/T 35273-2020.

>>> validate("EpAfXnZt9"), is_valid("9abcdef"), is_valid("abc12"), is_valid("a" * 21)
('EpAfXnZt9', False, False, False)
>>> mask("EpAfXnZt9")
'Ep*****t9'
"""
from __future__ import annotations

import random
import re
import string

from piguard.entities.base import clean, has_mask, keep_ends, never_raises, text_of
from piguard.errors import InvalidFormat, InvalidLength

NAME = "WECHAT_ID"
LABEL_ZH = "微信号"
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = ("微信", "微信号", "微信账号", "微信id", "wxh", "wx", "wechat", "wechat_id", "weixin", "wx_id", "vx")
PATTERN = re.compile(r"(?<![0-9A-Za-z_\-@.])(?P<value>[A-Za-z][A-Za-z0-9_\-]{5,19})(?![0-9A-Za-z_\-@])(?![.][A-Za-z0-9])")
CONTEXT = ("微信", "微 信", "vx", "VX", "Vx", "wx", "WX", "Wx", "V信", "v信", "威信", "薇信", "wechat", "WeChat", "Wechat",
           "weixin", "加V", "加v", "+V", "+v")
NEEDS_CONTEXT = True
BASE_SCORE = 0.9
_FULL = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{5,19}")


def compact(value) -> str:
    """Stripped, half-width; case is kept (WeChat IDs are case-sensitive)."""
    return clean(text_of(value), "")


def validate(value) -> str:
    v = compact(value)
    if not 6 <= len(v) <= 20:
        raise InvalidLength()
    if not _FULL.fullmatch(v):
        raise InvalidFormat()
    return v


is_valid = never_raises(validate)


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    v = compact(value)
    return keep_ends(v, 2, 2) if v else ""


def is_masked(value) -> bool:
    return has_mask(compact(value))


def generate(rng: random.Random) -> str:
    chars = string.ascii_letters + string.digits + "_-"
    return rng.choice(string.ascii_letters) + "".join(rng.choice(chars) for _ in range(rng.randint(5, 14)))
