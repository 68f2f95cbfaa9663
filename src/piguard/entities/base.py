"""What every entity module provides, and helpers they share.

An entity module (``piguard/entities/<type>.py``) defines:

Constants
    ``NAME`` (canonical, shared/spec/entities.md), ``LABEL_ZH``,
    ``LEVEL`` (JR/T 0171-2020: ``"C3"``/``"C2"``/``"C1"``),
    ``SENSITIVE`` (GB/T 35273-2020 sensitive personal information),
    ``HEADER_CUES`` (column-header words: Chinese, pinyin initials, English),
    and for text detection ``PATTERN`` (a regex over *normalised* text, see
    ``piguard.detect.normalize``; ``None`` for model-based types),
    ``CONTEXT`` (words near a value that raise confidence), ``NEEDS_CONTEXT``
    (no hit without context) and ``BASE_SCORE``.

Functions
    ``compact(value) -> str``  strip separators/spaces, half-width, upper-case
    ``validate(value) -> str`` the compact canonical form, or raise a
                               ``piguard.errors.ValidationError`` subclass
    ``is_valid(value) -> bool`` never raises, for any input (None, '', 1 MB)
    ``format(value) -> str``   the usual display form
    ``mask(value) -> str``     JR/T 0171 display masking
    ``is_masked(value) -> bool`` looks like an already-masked value
    ``generate(rng: random.Random) -> str`` a valid synthetic value (tests,
                               canaries, benchmarks)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MASK_CHARS = "*＊●•×xX#"


def clean(value, drop: str = " -\t\u3000") -> str:
    """Half-width, stripped, without separator characters.

    >>> clean(" １３８-0013 8000 ")
    '13800138000'
    """
    if value is None:
        return ""
    s = str(value)
    if not s.isascii():  # NFKC leaves ASCII as it is; skip it on the hot path
        s = unicodedata.normalize("NFKC", s)
    return s.strip().translate(_drop_table(drop))


@lru_cache(maxsize=64)
def _drop_table(drop: str) -> dict:
    return str.maketrans("", "", drop)


def has_mask(value) -> bool:
    """True when a value carries masking characters (``138****5678``).

    >>> has_mask("138****5678"), has_mask("张**"), has_mask("13800138000")
    (True, True, False)
    """
    s = "" if value is None else str(value)
    return "**" in s or "＊" in s or "●" in s or (s.endswith("*") and len(s) <= 4)


def keep_ends(value: str, head: int, tail: int, char: str = "*") -> str:
    """Keep ``head`` leading and ``tail`` trailing characters, mask the rest.

    >>> keep_ends("13800138000", 3, 4)
    '138****8000'
    """
    n = len(value)
    if n <= head + tail:
        return char * n if n <= 1 else value[:1] + char * (n - 1)
    return value[:head] + char * (n - head - tail) + value[n - tail:] if tail else value[:head] + char * (n - head)


# --- helpers shared by the rule-based entity modules -----------------------

import datetime as _dt
import time as _time
from functools import lru_cache as _lru_cache
from importlib import resources as _resources

# A value longer than this is never an identifier; validators refuse it
# before doing any work, so a 1 MB junk string costs nothing.
MAX_LEN = 128

# Edges of a match in normalised text: an identifier is never a slice of a
# longer run of ASCII letters and digits (``\b`` is useless next to Chinese
# characters, which count as word characters), nor glued to an e-mail
# address or a decimal/dotted number.
NOT_AFTER_RUN = r"(?<![0-9A-Za-z@])(?<![0-9][.])"
NOT_BEFORE_RUN = r"(?![0-9A-Za-z@])(?![.][0-9])"


def not_after_run_except(*labels: str) -> str:
    r"""``NOT_AFTER_RUN``, but a value may also follow one of ``labels``
    directly: writers glue a number to its ASCII label (``QQ12345``,
    ``IP1.2.3.4``, ``IMEI8648...``).

    >>> import re
    >>> rx = re.compile(not_after_run_except("IP") + r"\d+")
    >>> rx.search("IP123").group(), rx.search("XP123")
    ('123', None)
    """
    alts = "".join(f"|(?<={re.escape(w)})" for w in labels)
    return f"(?:{NOT_AFTER_RUN}{alts})"


def text_of(value) -> str:
    """``value`` as a string, or ``''`` for ``None`` and oversized input.

    >>> text_of(None), text_of(13800138000), text_of("x" * 1000)
    ('', '13800138000', '')
    """
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    return "" if len(s) > MAX_LEN * 4 else s


def compact_value(value, drop: str = " -\t\u3000·•") -> str:
    """``clean`` for validators: ``''`` for junk, upper-case.

    >>> compact_value(" ｅ１２３-45 ")
    'E12345'
    """
    if type(value) is str and value.isascii() and value.isalnum() and len(value) <= MAX_LEN:
        return value.upper()  # the common case, and the recogniser's: nothing to clean
    s = text_of(value)
    return clean(s, drop).upper() if s else ""


def never_raises(validate):
    """Build ``is_valid`` from ``validate``: ``False`` for any failure.

    >>> never_raises(int)("x"), never_raises(int)("1")
    (False, True)
    """
    def is_valid(value) -> bool:
        try:
            return bool(validate(value))
        except Exception:  # is_valid must never raise, whatever the input
            return False
    is_valid.__doc__ = "True when ``validate`` accepts the value; never raises."
    return is_valid


def luhn_ok(digits: str) -> bool:
    """Luhn (ISO/IEC 7812) check over a digit string.

    >>> luhn_ok("6222600032649363653"), luhn_ok("6222600032649363654"), luhn_ok("１２")
    (True, False, False)
    """
    if not (digits.isascii() and digits.isdigit()):
        return False
    # Inlined rather than stdnum.luhn: the text recogniser calls it per
    # candidate. The doubled digits are mapped by translate and all digits
    # summed as bytes, so no Python-level loop runs.
    total = sum((digits[-1::-2] + digits[-2::-2].translate(_LUHN_DOUBLE)).encode()) - 48 * len(digits)
    return total % 10 == 0


# A digit -> the digit sum of twice it.
_LUHN_DOUBLE = str.maketrans("0123456789", "0246813579")


def luhn_digits_array(body):
    """Luhn check digits for the rows of a numpy array of digit values
    (0-9, one row a number without its check digit): the column kernel that
    scan counting and format-preserving encryption share.

    >>> import numpy as np
    >>> luhn_digits_array(np.array([[7, 9, 9, 2, 7, 3, 9, 8, 7, 1]])).tolist()
    [3]
    """
    import numpy as np

    n = body.shape[1]
    doubled = (np.arange(n)[::-1] % 2) == 0  # the rightmost body digit is doubled
    x = body.astype(np.int16, copy=True)
    x[:, doubled] *= 2
    x[x > 9] -= 9
    return (10 - x.sum(axis=1) % 10) % 10


def luhn_digit(digits: str) -> str:
    """The Luhn check digit to append to ``digits``.

    >>> luhn_digit("622260003264936365")
    '3'
    """
    from stdnum import luhn

    return luhn.calc_check_digit(digits)


def birth_date_ok(date: "_dt.date") -> bool:
    """A plausible date of birth: not before 1900 and not in the future.

    >>> birth_date_ok(_dt.date(1899, 12, 31)), birth_date_ok(_dt.date(1990, 1, 1))
    (False, True)
    """
    return _FIRST_BIRTH <= date <= _today()


_FIRST_BIRTH = _dt.date(1900, 1, 1)


def birth_ymd_ok(year: int, month: int, day: int) -> bool:
    """``birth_date_ok`` of the date ``year-month-day``, and ``False`` when
    the parts make no date; integers in, no ``date`` built (validators call
    it per candidate).

    >>> birth_ymd_ok(1996, 2, 29), birth_ymd_ok(1900, 2, 29), birth_ymd_ok(1899, 12, 31), birth_ymd_ok(1990, 4, 31)
    (True, False, False, False)
    """
    if not 1 <= month <= 12 or day < 1:
        return False
    if day > _MONTH_DAYS[month] and not (
            month == 2 and day == 29 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return False
    # Real month and day: the dates compare as YYYYMMDD numbers.
    return 19000101 <= year * 10000 + month * 100 + day <= _today_ymd()


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_TODAY: list = [0.0, None, 0]


def _today() -> "_dt.date":
    # date.today() asks the OS each time; validators call this per candidate.
    now = _time.time()
    if now - _TODAY[0] > 60:
        today = _dt.date.today()
        _TODAY[0], _TODAY[1], _TODAY[2] = now, today, today.year * 10000 + today.month * 100 + today.day
    return _TODAY[1]


def _today_ymd() -> int:
    """Today as the number YYYYMMDD."""
    _today()
    return _TODAY[2]


def make_date(year, month, day) -> "_dt.date | None":
    """A ``date`` or ``None`` when the parts do not make one.

    >>> make_date(2023, 2, 29), make_date("1993", "05", "22")
    (None, datetime.date(1993, 5, 22))
    """
    try:
        return _dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


@_lru_cache(maxsize=None)
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``entities/data/<name>`` (tab-separated, ``#`` comments).

    >>> read_table("area_codes.tsv")[0]
    ('10', '北京市')
    """
    rows = []
    with _resources.files("piguard.entities").joinpath("data", name).open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(tuple(line.rstrip("\n").split("\t")))
    return tuple(rows)
