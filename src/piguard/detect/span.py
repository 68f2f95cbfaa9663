"""The result of text detection."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Span:
    """One detected entity in a text.

    ``start``/``end`` are code-point offsets into the text the caller gave
    (end exclusive); ``explanation`` says which recogniser, pattern, checks
    and context produced the score, for auditors who ask "why".

    >>> Span(3, 6, "PERSON_NAME", 0.91, "张三丰").to_dict()
    {'start': 3, 'end': 6, 'entity': 'PERSON_NAME', 'score': 0.91, 'text': '张三丰'}
    """

    start: int
    end: int
    entity: str
    score: float
    text: str = ""
    explanation: dict = field(default_factory=dict)

    def to_dict(self, explain: bool = False) -> dict:
        d = {"start": self.start, "end": self.end, "entity": self.entity,
             "score": round(float(self.score), 4), "text": self.text}
        if explain:
            d["explanation"] = self.explanation
        return d

    def __len__(self) -> int:
        return self.end - self.start
