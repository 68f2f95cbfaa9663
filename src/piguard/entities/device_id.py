"""DEVICE_ID (设备标识): identifiers of a person's phone or computer.

- IMEI: 15 digits with a Luhn check digit (``86`` starts those of Chinese
  makers), also written ``86-489092-107915-7``.
- MEID (CDMA phones): 14 hexadecimal characters, the first ``A``-``F``.
- MAC address: six hex pairs joined by ``:`` or ``-`` (``00:1A:2B:3C:4D:5E``).
- IDFA/IDFV/OAID advertising identifiers: a UUID
  (``8-4-4-4-12`` hexadecimal).

IMEI and MAC count on their own; MEID and UUID forms need a device word
nearby (``text_score``): hashes and request IDs look the same. A 15-digit
string that is a valid legacy resident ID is left to CN_RESIDENT_ID.

Level: C1 in this project's reading of JR/T 0171-2020 (device information);
personal, not sensitive, information in GB/T 35273-2020 (个人常用设备信息).

>>> validate("86-489092-107915-7"), validate("00-1a-2b-3c-4d-5e"), kind("A0000012345678")
('864890921079157', '00:1A:2B:3C:4D:5E', 'MEID')
>>> is_valid("864890921079158"), kind("6D92078A-8246-4BA4-AE5B-76104861E7DC")
(False, 'UUID')
>>> mask("864890921079157"), text_score("A0000012345678", None)
('86489092*****57', None)
"""
from __future__ import annotations

import random
import re

from piguard.entities import cn_resident_id
from piguard.entities.base import (
    clean, has_mask, luhn_digit, luhn_ok, never_raises, not_after_run_except, text_of,
)
from piguard.errors import InvalidFormat

NAME = "DEVICE_ID"
LABEL_ZH = "设备标识"
LEVEL = "C1"
SENSITIVE = False
HEADER_CUES = (
    "设备号", "设备标识", "设备id", "设备编号", "设备串号", "串号", "imei", "imei号", "meid", "mac",
    "mac地址", "idfa", "oaid", "idfv", "sbh", "sbid", "sbbs", "device", "device_id", "deviceid",
    "device_no", "udid", "android_id", "mac_address",
)
_IMEI = r"\d{15}|\d{2}[- ]\d{6}[- ]\d{6}[- ]\d"
_MAC = r"[0-9A-Fa-f]{2}(?P<sep>[:-])[0-9A-Fa-f]{2}(?:(?P=sep)[0-9A-Fa-f]{2}){4}"
_MEID = r"[A-Fa-f][0-9A-Fa-f]{13}"
_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
PATTERN = re.compile(not_after_run_except("IMEI", "imei", "MEID", "meid", "MAC", "mac", "IDFA", "OAID")
                     + f"(?P<value>{_UUID}|{_MAC}|{_IMEI}|{_MEID})" + r"(?![0-9A-Za-z@\-:])")
CONTEXT = ("IMEI", "imei", "MEID", "meid", "设备", "串号", "终端", "手机标识", "MAC", "mac", "IDFA", "idfa",
           "OAID", "oaid", "IDFV", "硬件", "device", "Device")
NEEDS_CONTEXT = False
BASE_SCORE = 0.75
CONTEXT_SCORE = 0.95
_KINDS = (("IMEI", re.compile(r"\d{15}")), ("MAC", re.compile(r"[0-9A-F]{2}(?::[0-9A-F]{2}){5}")),
          ("MEID", re.compile(_MEID.upper().replace("A-FA-F", "A-F"))), ("UUID", re.compile(_UUID)))
_MAC_FULL = re.compile(_MAC)


def compact(value) -> str:
    """Upper-case; IMEI without separators, MAC with ``:``.

    >>> compact("00-1a-2b-3c-4d-5e"), compact("86 489092 107915 7")
    ('00:1A:2B:3C:4D:5E', '864890921079157')
    """
    s = clean(text_of(value), "\t\u3000").upper()
    if _MAC_FULL.fullmatch(s):
        return s.replace("-", ":")
    digits = s.replace("-", "").replace(" ", "")
    if digits.isdigit():
        return digits
    return s.replace(" ", "")


def kind(value) -> str:
    """``IMEI``, ``MAC``, ``MEID`` or ``UUID``; raises when none fits."""
    if type(value) is str and len(value) == 15 and value.isascii() and value.isdigit():
        if luhn_ok(value):  # 15 bare digits: their own compact form, an IMEI or nothing
            return "IMEI"
        raise InvalidFormat()
    v = compact(value)
    for name, rx in _KINDS:
        if rx.fullmatch(v):
            if name == "IMEI" and not luhn_ok(v):
                break
            return name
    raise InvalidFormat()


def validate(value) -> str:
    kind(value)
    return compact(value)


is_valid = never_raises(validate)


def text_score(value: str, context: str | None) -> float | None:
    try:
        k = kind(value)
    except ValueError:
        return None
    if context:
        return CONTEXT_SCORE
    if k == "MAC":
        return 0.85
    if k == "IMEI":
        return None if cn_resident_id.is_valid(value) else BASE_SCORE
    return None


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    """IMEI keeps its type allocation code (8) and last 2 digits; others
    keep their first and last 4 characters."""
    v = compact(value)
    if len(v) == 15 and v.isdigit():
        return v[:8] + "*****" + v[-2:]
    return v[:4] + re.sub(r"[0-9A-Fa-f]", "*", v[4:-4]) + v[-4:] if len(v) > 8 else "*" * len(v)


def is_masked(value) -> bool:
    return has_mask(compact(value))


def generate(rng: random.Random) -> str:
    """A Luhn-valid IMEI with a Chinese reporting-body prefix."""
    body = "86" + "".join(str(rng.randrange(10)) for _ in range(12))
    return body + luhn_digit(body)
