"""EMAIL (电子邮箱): an e-mail address.

``local@domain`` in the RFC 5322 dot-atom form that real mailboxes use: a
local part of letters, digits and ``._%+-`` (no leading, trailing or double
dot, at most 64 characters) and a domain of at least two labels whose last
is alphabetic (``foxmail.com``, ``mail.example.com.cn``). Quoted local
parts and IP-literal domains are left out: nobody writes them in Chinese
customer data, and accepting them would invite false hits.

Level: C2 with the other contact identifiers (JR/T 0171-2020); personal but
not sensitive information in GB/T 35273-2020.

>>> validate(" Zhang.San@Example.COM ")
'Zhang.San@example.com'
>>> is_valid("a..b@qq.com"), is_valid("ab@localhost"), is_valid("z***@qq.com")
(False, False, False)
>>> mask("zhangsan@qq.com")
'z*******@qq.com'
"""
from __future__ import annotations

import random
import re
import string

from piguard.entities.base import MASK_CHARS, clean, never_raises, text_of
from piguard.errors import InvalidFormat, InvalidLength

NAME = "EMAIL"
LABEL_ZH = "电子邮箱"
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = (
    "邮箱", "电子邮箱", "电子邮件", "邮件", "邮件地址", "邮箱地址", "email", "e-mail", "mail",
    "email_address", "mail_address", "yx", "dzyx", "dzyj",
)
PATTERN = re.compile(
    r"(?<![A-Za-z0-9._%+\-])(?P<value>[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![A-Za-z0-9\-@])")
CONTEXT = ("邮箱", "邮件", "email", "Email", "E-mail", "mail", "电邮")
NEEDS_CONTEXT = False
BASE_SCORE = 0.95

_FULL = re.compile(
    r"[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}")


def compact(value) -> str:
    """Stripped, half-width, domain in lower case.

    >>> compact("ＡＢ@ＱＱ.ＣＯＭ")
    'AB@qq.com'
    """
    s = clean(text_of(value), " \t\u3000")
    local, at, domain = s.rpartition("@")
    return f"{local}@{domain.lower()}" if at else s


def validate(value) -> str:
    email = compact(value)
    if len(email) > 254:
        raise InvalidLength()
    if not _FULL.fullmatch(email) or len(email.partition("@")[0]) > 64:
        raise InvalidFormat()
    return email


_is_valid = never_raises(validate)


def is_valid(value) -> bool:
    """True when ``validate`` accepts the value; never raises.

    A value already in the accepted form (ASCII, no spaces: what the text
    recogniser finds) only has its lengths checked; anything else goes
    through ``validate``.
    """
    if type(value) is str and len(value) <= 254 and _FULL.fullmatch(value):
        return value.index("@") <= 64
    return _is_valid(value)


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    """First character of the local part, then ``*``, domain kept."""
    email = compact(value)
    local, at, domain = email.rpartition("@")
    if not at:
        return "*" * len(email)
    return local[:1] + "*" * max(1, len(local) - 1) + "@" + domain


def is_masked(value) -> bool:
    """``z***@qq.com``-like: masking characters in the local part.

    >>> is_masked("z***@qq.com"), is_masked("zhang@qq.com")
    (True, False)
    """
    local, at, _ = clean(text_of(value)).rpartition("@")
    return bool(at) and any(c in MASK_CHARS for c in local.replace("x", "").replace("X", ""))


def generate(rng: random.Random) -> str:
    local = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))
    if rng.random() < 0.4:
        local += str(rng.randrange(100, 10000))
    domain = rng.choice(("qq.com", "163.com", "126.com", "foxmail.com", "sina.com", "outlook.com",
                         "139.com", "aliyun.com", "gmail.com", "hotmail.com", "sohu.com"))
    return f"{local}@{domain}"
