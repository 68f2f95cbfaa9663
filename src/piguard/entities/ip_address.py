"""IP_ADDRESS (IP地址): an IPv4 or IPv6 address.

IPv4 in dotted decimal (no leading zeros, each part 0-255); IPv6 in any
form the standard library's ``ipaddress`` accepts, with at least three
groups or a ``::`` (so a clock time ``12:30:45`` is not one). A dotted
string that is part of a longer dotted run (a version ``1.2.3.4.5``) is not
an address.

Level: C1 in this project's reading of JR/T 0171-2020 (device and network
data that identify a person only indirectly); personal, not sensitive,
information in GB/T 35273-2020 (个人上网记录/设备信息).

>>> validate("114.118.194.149"), validate("2001:DB8::1"), version("::ffff:1.2.3.4")
('114.118.194.149', '2001:db8::1', 6)
>>> is_valid("256.1.1.1"), is_valid("01.2.3.4"), is_valid("12:30:45")
(False, False, False)
>>> mask("114.118.194.149"), mask("2001:db8:0:0:0:0:0:1")
('114.118.*.*', '2001:db8:*:*:*:*:*:*')
"""
from __future__ import annotations

import ipaddress
import random
import re

from piguard.entities.base import clean, has_mask, never_raises, text_of
from piguard.errors import InvalidFormat

NAME = "IP_ADDRESS"
LABEL_ZH = "IP地址"
LEVEL = "C1"
SENSITIVE = False
HEADER_CUES = (
    "ip", "ip地址", "ip_address", "ipaddr", "ip_addr", "client_ip", "clientip", "登录ip", "登录地址",
    "来源ip", "访问ip", "终端ip", "remote_addr", "src_ip", "source_ip", "dlip", "ipdz",
)
_V4 = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}"
_V6 = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:[.]\d{1,3}){0,3}"
PATTERN = re.compile(
    r"(?:(?<![0-9A-Za-z.:])|(?<=IP)|(?<=ip)|(?<=Ip))(?P<value>"
    + _V4 + r"(?![0-9A-Za-z])(?![.][0-9])(?!:[0-9A-Fa-f]*[:.A-Fa-f])"  # ":8080" (a port) may follow
    + "|" + _V6 + r"(?![0-9A-Za-z:])(?![.][0-9]))")
CONTEXT = ("IP", "ip", "Ip", "地址", "登录", "登陆", "访问", "来源", "主机", "服务器", "host")
NEEDS_CONTEXT = False
BASE_SCORE = 0.8
_V4_FULL = re.compile(_V4)


def compact(value) -> str:
    return clean(text_of(value), " \t\u3000")


def _parse(value):
    s = compact(value)
    if ":" in s:
        if s.count(":") < 2 or (s.count(":") < 3 and "::" not in s):
            raise InvalidFormat()
        try:
            return ipaddress.IPv6Address(s)
        except ValueError:
            raise InvalidFormat() from None
    if not _V4_FULL.fullmatch(s):
        raise InvalidFormat()
    return ipaddress.IPv4Address(s)


def validate(value) -> str:
    return str(_parse(value))


_is_valid = never_raises(validate)


def is_valid(value) -> bool:
    """True when ``validate`` accepts the value; never raises.

    A bare ASCII dotted-decimal address is accepted by its pattern alone
    (``ipaddress`` takes every such string); anything else goes through
    ``validate``.
    """
    if type(value) is str and value.isascii() and _V4_FULL.fullmatch(value):
        return True
    return _is_valid(value)


def version(value) -> int:
    return _parse(value).version


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    """IPv4 keeps its first two parts, IPv6 its first two groups."""
    try:
        ip = _parse(value)
    except ValueError:
        return "*" * len(compact(value))
    if ip.version == 4:
        a, b, _, _ = str(ip).split(".")
        return f"{a}.{b}.*.*"
    groups = ip.exploded.split(":")
    return ":".join([g.lstrip("0") or "0" for g in groups[:2]] + ["*"] * 6)


def is_masked(value) -> bool:
    s = compact(value)
    return ("*" in s or has_mask(s)) and ("." in s or ":" in s)


def generate(rng: random.Random) -> str:
    return ".".join(str(x) for x in (rng.randint(1, 223), rng.randrange(256), rng.randrange(256), rng.randint(1, 254)))
