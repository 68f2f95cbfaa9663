"""BIRTH_DATE (出生日期): a person's date of birth.

Written ``1993年5月22日`` (also ``号``), ``1993-05-22``, ``1993/5/22``,
``1993.05.22``, ``19930522`` or year and month only (``1993年5月``,
``1993-05``, for 出生年月 fields). A date is a birth date only by context:
in text a word such as ``出生``, ``生日``, ``出生日期``, ``DOB`` next to it
(``NEEDS_CONTEXT``); in a table a birth-date column, or a column whose dates
spread over decades of past years (the column classifier decides). It must
be a real date, not in the future and not before 1900.

Level: part of a customer's identity information, C2 in JR/T 0171-2020;
personal, not sensitive, information in GB/T 35273-2020 (个人基本资料).

>>> validate("1993年5月22日"), validate("1993/5/22"), validate("19930522"), validate("1993年5月")
('1993-05-22', '1993-05-22', '1993-05-22', '1993-05')
>>> is_valid("2023-02-29"), is_valid("1899-12-31"), is_valid("2999-01-01"), is_valid("1993-**-**")
(False, False, False, False)
>>> mask("1993-05-22"), date("1993年5月22日")
('1993-**-**', datetime.date(1993, 5, 22))
"""
from __future__ import annotations

import datetime
import random
import re

from piguard.entities.base import birth_date_ok, birth_ymd_ok, clean, has_mask, make_date, never_raises, text_of
from piguard.errors import InvalidComponent, InvalidFormat

NAME = "BIRTH_DATE"
LABEL_ZH = "出生日期"
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = (
    "出生日期", "出生年月", "出生年月日", "生日", "出生", "出生时间", "csrq", "csny", "sr",
    "birth", "birthday", "birth_date", "birthdate", "date_of_birth", "dob", "born",
)
_Y = r"(?:19|20)\d\d"
_M = r"(?:0?[1-9]|1[0-2])"
_D = r"(?:0?[1-9]|[12]\d|3[01])"
PATTERN = re.compile(
    r"(?<![0-9A-Za-z])(?P<value>"
    + f"{_Y}年{_M}月{_D}[日号]|{_Y}年{_M}月(?![0-9])"
    + f"|{_Y}(?P<sep>[-/.]){_M}(?P=sep){_D}(?![0-9])"
    + r"|" + _Y + r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![0-9A-Za-z])"
    + f"|{_Y}[-/.]{_M}(?![0-9.\\-/])"
    + r")")
CONTEXT_AFTER = ("出生", "生")
CONTEXT = ("出生", "生日", "生于", "诞生", "出生日期", "出生年月", "生辰", "DOB", "dob", "D.O.B", "birth", "Birth",
           "BIRTH", "born")
NEEDS_CONTEXT = True
BASE_SCORE = 0.9

_PARSE = (
    re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号]?)?"),
    re.compile(r"(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def _parts(value) -> tuple[int, int, int | None]:
    s = clean(text_of(value), " \t\u3000")
    m = _PARSE[0].fullmatch(s)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    m = _PARSE[1].fullmatch(s)
    if m:
        return int(m.group(1)), int(m.group(3)), int(m.group(4)) if m.group(4) else None
    m = _PARSE[2].fullmatch(s)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    raise InvalidFormat()


def compact(value) -> str:
    """ISO form (``YYYY-MM-DD`` or ``YYYY-MM``) when the value parses, else the cleaned text."""
    try:
        y, m, d = _parts(value)
    except ValueError:
        return clean(text_of(value), " \t\u3000")
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")


def validate(value) -> str:
    y, m, d = _parts(value)
    when = make_date(y, m, d or 1)
    if when is None:
        raise InvalidComponent("Not a real date.")
    if not birth_date_ok(when):
        raise InvalidComponent("Not a plausible date of birth.")
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")


_is_valid = never_raises(validate)


def is_valid(value) -> bool:
    """True when ``validate`` accepts the value; never raises.

    A value in one of the parsed forms with ASCII digits and nothing around
    it (what the text recogniser finds) is checked without building a date;
    anything else goes through ``validate``.
    """
    m = _FAST.fullmatch(value) if type(value) is str else None
    if m is None:
        return _is_valid(value)
    # The _PARSE form that matched first; a missing (or zero) day counts as the 1st.
    g = m.groups()
    y, mo, d = g[0:3] if g[0] else (g[3], g[5], g[6]) if g[3] else g[7:10]
    return birth_ymd_ok(int(y), int(mo), (int(d) if d else 0) or 1)


# _PARSE in one pattern, ASCII digits only: such a value is its own clean() form.
_FAST = re.compile(
    r"([0-9]{4})年([0-9]{1,2})月(?:([0-9]{1,2})[日号]?)?"
    r"|([0-9]{4})([-/.])([0-9]{1,2})(?:\5([0-9]{1,2}))?"
    r"|([0-9]{4})([0-9]{2})([0-9]{2})")


def date(value) -> datetime.date:
    """The date (the 1st of the month for a year-and-month value)."""
    y, m, d = _parts(validate(value))
    return datetime.date(y, m, d or 1)


def format(value) -> str:
    return validate(value)


def mask(value) -> str:
    """The year stays; month and day are masked."""
    v = compact(value)
    return v[:4] + re.sub(r"\d", "*", v[4:]) if re.match(r"\d{4}", v) else "*" * len(v)


def is_masked(value) -> bool:
    s = clean(text_of(value))
    return has_mask(s) or bool(re.fullmatch(r"\d{4}[-/.年]\*+.*", s))


def generate(rng: random.Random) -> str:
    when = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 65))
    return when.isoformat()
