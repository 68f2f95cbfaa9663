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

import unicodedata

MASK_CHARS = "*＊●•×xX#"


def clean(value, drop: str = " -\t\u3000") -> str:
    """Half-width, stripped, without separator characters.

    >>> clean(" １３８-0013 8000 ")
    '13800138000'
    """
    if value is None:
        return ""
    s = unicodedata.normalize("NFKC", str(value)).strip()
    return s.translate({ord(c): None for c in drop})


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
