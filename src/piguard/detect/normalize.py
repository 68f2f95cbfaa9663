"""Text normalisation with an offset map back to the original string.

Detection runs on a normalised copy: NFKC (full-width digits and letters to
half-width, ideographic space to space) and traditional to simplified
characters (OpenCC's character table). Every match is mapped back, so spans
always index the text the caller gave.

>>> n = normalize("電話：１３８００１３８０００")
>>> n.text
'电话：13800138000'
>>> n.to_original(3, 14)
(3, 14)
>>> normalize("ＡＢ㈱").text, normalize("ＡＢ㈱").to_original(2, 5)
('AB(株)', (2, 3))
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


def _char_class(codepoints) -> "re.Pattern":
    """A compiled class of the given characters.

    Python's ``re`` matches a class of BMP characters through a bitmap at
    about 100 MB/s; one astral character in the class makes it test every
    member in turn (under 1 MB/s), so astral characters get their own branch.
    """
    bmp = "".join(re.escape(chr(c)) for c in sorted(codepoints) if c < 0x10000)
    astral = "".join(re.escape(chr(c)) for c in sorted(codepoints) if c >= 0x10000)
    return re.compile(f"[{bmp}]" + (f"|[{astral}]" if astral else ""))


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class _Probe:
    """Finds the characters of a table in a text, fast in the common case."""

    def __init__(self, codepoints):
        self.bmp = _char_class([c for c in codepoints if c < 0x10000])
        self.full = _char_class(codepoints)

    def pattern(self, text: str) -> "re.Pattern":
        return self.full if _ASTRAL.search(text) else self.bmp


@lru_cache(maxsize=1)
def _t2s() -> tuple[dict, _Probe]:
    table = {}
    with resources.files("piguard.detect").joinpath("data/t2s_chars.tsv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            a, b = line.rstrip("\n").split("\t")
            table[ord(a)] = b
    return table, _Probe(table)


def to_simplified(text: str) -> str:
    """Map traditional characters to simplified, one character for one.

    >>> to_simplified("張偉 臺北市")
    '张伟 台北市'
    """
    table, probe = _t2s()
    return text.translate(table) if probe.pattern(text).search(text) else text


@dataclass(slots=True)
class NormalizedText:
    """A normalised text and the map from its offsets to the original's."""

    original: str
    text: str
    # Characters that NFKC expanded, as sorted parallel lists: the normalised
    # range [norm_start, norm_end) came from original [orig_start, orig_start+1).
    # Empty when every character maps to exactly one (the usual case).
    norm_starts: list = field(default_factory=list)
    norm_ends: list = field(default_factory=list)
    orig_starts: list = field(default_factory=list)

    def _orig(self, pos: int, end: bool) -> int:
        i = bisect_right(self.norm_starts, pos) - 1
        if i < 0:
            return pos + 1 if end else pos
        ne, os_ = self.norm_ends[i], self.orig_starts[i]
        if pos < ne:  # inside an expansion: the whole source character
            return os_ + 1 if end else os_
        shifted = pos - (ne - (os_ + 1))
        return shifted + 1 if end else shifted

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` range to the original text."""
        if not self.norm_starts:
            return start, end
        if start >= end:
            o = self._orig(start, False)
            return o, o
        return self._orig(start, False), self._orig(end - 1, True)


# Full-width punctuation that Chinese text uses on every line stays as it is:
# normalising it would cost a pass over nearly every text, and recognisers
# accept both forms. Everything else NFKC changes is normalised.
_KEEP = set("，：；（）！？")
_RANGES = [(0xA0, 0x33FF), (0xF900, 0xFFEF), (0x1D400, 0x1D7FF)]


@lru_cache(maxsize=1)
def _nfkc_table() -> tuple[dict, _Probe]:
    table = {}
    for lo, hi in _RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if ch in _KEEP:
                continue
            n = unicodedata.normalize("NFKC", ch)
            if n != ch:
                table[cp] = n
    return table, _Probe(table)


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` for matching; see the module docstring."""
    table, probe = _nfkc_table()
    pattern = probe.pattern(text)
    nt = NormalizedText(text, text)
    if pattern.search(text):
        pieces, last, shift = [], 0, 0
        for m in pattern.finditer(text):
            i = m.start()
            rep = table[ord(text[i])]
            pieces.append(text[last:i])
            pieces.append(rep)
            last = i + 1
            if len(rep) != 1:
                nt.norm_starts.append(i + shift)
                nt.norm_ends.append(i + shift + len(rep))
                nt.orig_starts.append(i)
                shift += len(rep) - 1
        pieces.append(text[last:])
        nt.text = "".join(pieces)
    nt.text = to_simplified(nt.text)
    return nt
