"""CN_RESIDENT_ID (居民身份证号): the resident identity card number, GB 11643-1999.

Eighteen characters: a GB/T 2260 region code (6 digits), the birth date
(``YYYYMMDD``), a sequence number whose last digit is odd for men, and an
ISO 7064 MOD 11-2 check character (``0``-``9`` or ``X``). The legacy
15-digit form (issued until 1999) has a 2-digit year and no check character.

A region code is accepted when GB/T 2260 has *ever* listed it, whatever the
birth year: numbers keep the code they were issued with when a county is
renamed or re-coded, and people born before the mid-1980s got theirs later.
The region table is python-stdnum's ``cn/loc.dat`` (with its history); the
check character is ``stdnum.cn.ric.calc_check_digit``. python-stdnum's own
``validate`` is not used: it ties the county to the birth year and rejects
most genuine numbers of people born 1950-2006.

Level: an identity document number is C2 in JR/T 0171-2020 (支付账号及其等效
信息: 证件类识别标识) and sensitive personal information in GB/T 35273-2020
(Annex B, 个人身份信息).

>>> validate("11010519491231002X")
'11010519491231002X'
>>> validate("１１０１０５１９４９１２３１００２ｘ")
'11010519491231002X'
>>> is_valid("110105194912310021"), is_valid("110101********1234")
(False, False)
>>> birth_date("11010519491231002X"), gender("11010519491231002X"), region("11010519491231002X")
(datetime.date(1949, 12, 31), 'F', '北京市朝阳区')
>>> mask("11010519491231002X")
'110105********002X'
"""
from __future__ import annotations

import datetime
import random
import re
from functools import lru_cache
from importlib import resources

from stdnum.cn.ric import calc_check_digit

from piguard.entities.base import (
    NOT_AFTER_RUN, NOT_BEFORE_RUN, birth_date_ok, birth_ymd_ok, compact_value, has_mask, make_date, never_raises,
)
from piguard.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

NAME = "CN_RESIDENT_ID"
LABEL_ZH = "居民身份证号"
LEVEL = "C2"
SENSITIVE = True
HEADER_CUES = (
    "身份证", "身份证号", "身份证号码", "居民身份证", "公民身份号码", "证件号", "证件号码", "身份证件号",
    "sfz", "sfzh", "sfzhm", "zjhm", "zjh", "id_card", "idcard", "id_no", "idno", "id_number",
    "identity", "citizen_id", "resident_id", "national_id", "cert_no", "certno",
)
_DATE8 = r"(?:18|19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATE6 = r"\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
PATTERN = re.compile(
    NOT_AFTER_RUN + rf"(?P<value>[1-9]\d{{5}}(?:{_DATE8}\d{{3}}[\dXx]|{_DATE6}\d{{3}}"
    rf"|[ -]{_DATE8}[ -]\d{{3}}[\dXx])){NOT_BEFORE_RUN}")  # also 6-8-4 groups
CONTEXT = ("身份证", "身份证号", "证件号", "公民身份", "身份号码", "证件", "身份", "居民", "sfz", "ID")
NEEDS_CONTEXT = False
BASE_SCORE = 0.9


@lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[str, str]]:
    """6-digit code -> (province, county names as listed, newest last)."""
    out: dict[str, tuple[str, str]] = {}
    province, prov_name = "", ""
    with resources.files("stdnum").joinpath("cn/loc.dat").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            key, _, props = line.strip().partition(" ")
            value = props.partition("=")[2].strip('"')
            if not line.startswith(" "):
                province, prov_name = key, value
                out[province + "0000"] = (prov_name, "")
                continue
            names = [re.sub(r"^\[[^\]]*\]", "", part) for part in value.split(",")]
            code = province + key
            old = out.get(code, (prov_name, ""))[1]
            out[code] = (prov_name, ",".join(n for n in [old, *names] if n))
    return out


def known_region(code: str) -> bool:
    """True when GB/T 2260 has ever listed the 6-digit ``code``.

    >>> known_region("110105"), known_region("990000")
    (True, False)
    """
    return code in _regions()


def compact(value) -> str:
    """Half-width, upper-case, without spaces and dashes.

    >>> compact("110105 19491231 002x")
    '11010519491231002X'
    """
    return compact_value(value)


def _date(number: str) -> datetime.date | None:
    if len(number) == 18:
        return make_date(number[6:10], number[10:12], number[12:14])
    return make_date("19" + number[6:8], number[8:10], number[10:12])


def validate(value) -> str:
    """The compact number, or raise ``InvalidLength``/``InvalidFormat``/
    ``InvalidChecksum``/``InvalidComponent``."""
    number = compact(value)
    if len(number) not in (15, 18):
        raise InvalidLength()
    body, last = number[:-1], number[-1]
    if not (body.isascii() and body.isdigit()) or not (last.isdigit() or (last == "X" and len(number) == 18)):
        raise InvalidFormat()
    if len(number) == 18 and calc_check_digit(number) != number[17]:
        raise InvalidChecksum()
    date = _date(number)
    if date is None or not birth_date_ok(date):
        raise InvalidComponent("The birth date in the number is not a real past date.")
    if number[:6] not in _regions():
        raise InvalidComponent("The region code is not one GB/T 2260 has listed.")
    return number


_is_valid = never_raises(validate)


def is_valid(value) -> bool:
    """True when ``validate`` accepts the value; never raises.

    Plain 18- and 15-character numbers (what the text recogniser and most
    columns hold) take a path that builds no date and raises nothing; it
    gives the same answer as ``validate``.
    """
    if type(value) is str and value.isascii():
        n = len(value)
        if n == 18 and value[:17].isdigit() and value[17] in _LAST:
            last = value[17]
            if _CHECK[(1 - 2 * int(value[:17], 13)) % 11] != (last if last != "x" else "X"):
                return False
            ymd = int(value[6:14])
            return birth_ymd_ok(ymd // 10000, ymd // 100 % 100, ymd % 100) and value[:6] in _region_codes()
        if n == 15 and value.isdigit():
            yymmdd = int(value[6:12])
            return (birth_ymd_ok(1900 + yymmdd // 10000, yymmdd // 100 % 100, yymmdd % 100)
                    and value[:6] in _region_codes())
    return _is_valid(value)


_LAST = frozenset("0123456789Xx")
# ISO 7064 MOD 11-2 remainder -> check character, as stdnum's calc_check_digit.
_CHECK = "0123456789X"
_REGION_CODES: list = []


def _region_codes() -> dict:
    if not _REGION_CODES:
        _REGION_CODES.append(_regions())
    return _REGION_CODES[0]


def birth_date(value) -> datetime.date:
    """The date of birth the number carries."""
    return _date(validate(value))


def gender(value) -> str:
    """``'M'`` or ``'F'``, from the parity of the sequence number."""
    number = validate(value)
    return "M" if int(number[16 if len(number) == 18 else 14]) % 2 else "F"


def region(value) -> str:
    """Province and county the region code names (the newest name listed).

    >>> region("510104199001010019")
    '四川省锦江区'
    """
    prov, counties = _regions()[validate(value)[:6]]
    county = counties.split(",")[-1] if counties else ""
    return prov + (county if county not in ("市辖区", prov) else "")


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    """JR/T 0171 display: keep the first 6 and last 4 characters."""
    number = compact(value) or str(value or "")
    if len(number) < 11:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def is_masked(value) -> bool:
    """``110101********1234``-like: masking characters where digits belong.

    >>> is_masked("110101********1234"), is_masked("5****************9"), is_masked("11010519491231002X")
    (True, True, False)
    """
    s = compact_value(value)
    return has_mask(s) and len(s) in (15, 18) and s[:1].isdigit()


def generate(rng: random.Random) -> str:
    """A valid synthetic 18-character number."""
    codes = [c for c in _regions() if not c.endswith("00")]
    while True:
        date = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 90))
        body = f"{rng.choice(codes)}{date:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + calc_check_digit(body + "0")
        if date <= datetime.date.today():
            return number
