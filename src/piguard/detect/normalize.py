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

import re2
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _t2s() -> tuple[dict, object]:
    table = {}
    with resources.files("piguard.detect").joinpath("data/t2s_chars.tsv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            a, b = line.rstrip("\n").split("\t")
            table[ord(a)] = b
    # RE2 scans a 4,500-character class at hundreds of MB/s; Python's re
    # manages about 3 MB/s on the same class.
    cls = "".join(re.escape(chr(c)) for c in sorted(table))
    return table, re2.compile(f"[{cls}]")


def to_simplified(text: str) -> str:
    """Map traditional characters to simplified, one character for one.

    >>> to_simplified("張偉 臺北市")
    '张伟 台北市'
    """
    table, probe = _t2s()
    return text.translate(table) if probe.search(text) else text


@dataclass(slots=True)
class NormalizedText:
    """A normalised text and the map from its offsets to the original's."""

    original: str
    text: str
    # starts[i] is the original offset where normalised character i came from;
    # None when the normalised text has the same length and alignment.
    starts: list | None = None
    ends: list | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` range to the original text."""
        if self.starts is None:
            return start, end
        if start >= end:
            o = self.starts[start] if start < len(self.starts) else len(self.original)
            return o, o
        return self.starts[start], self.ends[end - 1]


# Full-width punctuation that Chinese text uses on every line stays as it is:
# normalising it would cost a pass over nearly every text, and recognisers
# accept both forms. Everything else NFKC changes is normalised.
_KEEP = set("，：；（）！？")
_RANGES = [(0xA0, 0x33FF), (0xF900, 0xFFEF), (0x1D400, 0x1D7FF)]


@lru_cache(maxsize=1)
def _nfkc_table() -> tuple[dict, dict, object]:
    one, many = {}, {}
    for lo, hi in _RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if ch in _KEEP:
                continue
            n = unicodedata.normalize("NFKC", ch)
            if n != ch:
                (one if len(n) == 1 else many)[cp] = n
    cls = "".join(re.escape(chr(c)) for c in sorted(one) + sorted(many))
    return one, many, re2.compile(f"[{cls}]")


def _nfkc(text: str) -> tuple[str, list | None, list | None]:
    one, many, probe = _nfkc_table()
    found = probe.search(text)
    if not found:
        return text, None, None
    if not any(ord(ch) in many for ch in set(text[found.start():])):
        # One character for one: offsets are unchanged.
        return text.translate(one), None, None
    out, starts, ends = [], [], []
    for i, ch in enumerate(text):
        n = one.get(ord(ch)) or many.get(ord(ch)) or ch
        out.append(n)
        starts.extend([i] * len(n))
        ends.extend([i + 1] * len(n))
    return "".join(out), starts, ends


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` for matching; see the module docstring."""
    norm, starts, ends = _nfkc(text)
    norm = to_simplified(norm)
    return NormalizedText(text, norm, starts, ends)
