"""The address recogniser: postal addresses in free text.

The work is done by the address grammar (``piguard.entities.address_grammar``):
one RE2 pass finds anchors (路, 号, 小区, 栋, 单元, 室, 村, 组, 镇, gazetteer
names), Python chains the anchors that belong together, extends the chain
over the name of its first component up to a frame word, and keeps chains
whose components locate a household or building. This module turns the
candidates into spans, raises the score when a context word (地址, 住在,
寄到...) stands just before, and says which components were found.

>>> from piguard.detect.normalize import normalize
>>> [(s.text, s.explanation["components"]) for s in AddressRecognizer().find(normalize(
...     "客户毛志的住址是湖南省怀化市芷江侗族自治县青年路630号阳光花园17栋3单元1703室，固定电话0592-56275"))]
[('湖南省怀化市芷江侗族自治县青年路630号阳光花园17栋3单元1703室', ['admin', 'road', 'house', 'poi', 'building', 'unit', 'room'])]
>>> AddressRecognizer().find(normalize("他来自浙江省杭州市，现在上海工作。"))
[]
"""
from __future__ import annotations

from piguard.detect.normalize import NormalizedText
from piguard.detect.span import Span
from piguard.entities import address
from piguard.entities.address_grammar import scan

_CONTEXT_BEFORE = 8    # how far left a context word may end
_CONTEXT_BONUS = 0.1


class AddressRecognizer:
    """Find ADDRESS spans (normalised offsets) with an explanation of the
    components that made each one."""

    name = "addresses"
    entities = ("ADDRESS",)

    def find(self, nt: NormalizedText) -> list[Span]:
        text = nt.text
        spans = []
        for c in scan(text):
            score = c.score
            before = text[max(0, c.start - _CONTEXT_BEFORE - 4):c.start]
            context = next((w for w in address.CONTEXT if w in before), None)
            if context:
                score = round(min(0.99, score + _CONTEXT_BONUS), 4)
            explanation = {
                "recognizer": self.name,
                "grammar": "address anchors chained, see piguard.entities.address_grammar",
                "components": list(c.kinds),
                "gazetteer": [p.code for p in c.parts if p.code],
                "context": context,
                "score": round(score, 4),
            }
            spans.append(Span(c.start, c.end, "ADDRESS", score, c.text, explanation))
        return spans
