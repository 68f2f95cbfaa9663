"""Free-text detection: normalise, run recognisers, resolve overlaps, map back.

>>> [s.entity for s in detect("客户张伟的手机号是13800138000")]
['PERSON_NAME', 'PHONE_MOBILE']
"""
from __future__ import annotations

from typing import Iterable, Iterator

from piguard.detect.normalize import normalize
from piguard.detect.recognizer import default_recognizers
from piguard.detect.span import Span

DEFAULT_MIN_SCORE = 0.5


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the best of overlapping spans: higher score, then longer, then earlier.

    >>> a = Span(0, 11, "PHONE_MOBILE", 0.9); b = Span(3, 9, "QQ_NUMBER", 0.6)
    >>> [s.entity for s in resolve_overlaps([b, a])]
    ['PHONE_MOBILE']
    """
    # A name inside an address (the 王家 of 王家村, a road named after a
    # person) is part of the address, whatever the two scores say.
    addresses = [s for s in spans if s.entity == "ADDRESS"]
    if addresses:
        spans = [s for s in spans if s.entity != "PERSON_NAME"
                 or not any(a.start <= s.start and s.end <= a.end for a in addresses)]
    ranked = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start))
    taken: list[Span] = []
    for s in ranked:
        if all(s.end <= t.start or s.start >= t.end for t in taken):
            taken.append(s)
    taken.sort(key=lambda s: s.start)
    return taken


def _finish(nt, found: list[Span], wanted: set | None, min_score: float) -> list[Span]:
    out = []
    for s in resolve_overlaps([s for s in found if s.score >= min_score]):
        if wanted is not None and s.entity not in wanted:
            continue
        s.start, s.end = nt.to_original(s.start, s.end)
        s.text = nt.original[s.start:s.end]
        out.append(s)
    return out


def _recognizers(wanted: set | None):
    return [r for r in default_recognizers() if wanted is None or wanted.intersection(r.entities)]


def detect(text: str, entities: Iterable[str] | None = None,
           min_score: float = DEFAULT_MIN_SCORE) -> list[Span]:
    """Find personal information in ``text``.

    ``entities`` limits the result to those types; spans index ``text``
    itself (code points, end exclusive), whatever normalisation did.
    """
    if not text:
        return []
    wanted = {e.upper() for e in entities} if entities else None
    nt = normalize(text)
    found: list[Span] = []
    for rec in _recognizers(wanted):
        found.extend(rec.find(nt))
    return _finish(nt, found, wanted, min_score)


def detect_many(texts: Iterable[str], entities: Iterable[str] | None = None,
                min_score: float = DEFAULT_MIN_SCORE, batch: int = 256) -> Iterator[list[Span]]:
    """``detect`` over many texts, in order, batching recognisers that can.

    Recognisers with ``find_many`` (the name model) get whole batches, which
    spares them a fixed cost per call that dominates on short texts.

    >>> [[s.entity for s in r] for r in detect_many(["手机13800138000", "", "无"])]
    [['PHONE_MOBILE'], [], []]
    """
    wanted = {e.upper() for e in entities} if entities else None
    recs = _recognizers(wanted)
    chunk: list[str] = []
    for t in texts:
        chunk.append(t)
        if len(chunk) >= batch:
            yield from _detect_batch(chunk, recs, wanted, min_score)
            chunk = []
    if chunk:
        yield from _detect_batch(chunk, recs, wanted, min_score)


def _detect_batch(texts: list[str], recs, wanted, min_score) -> list[list[Span]]:
    nts = [normalize(t or "") for t in texts]
    found: list[list[Span]] = [[] for _ in nts]
    for rec in recs:
        many = getattr(rec, "find_many", None)
        results = many(nts) if many else [rec.find(nt) for nt in nts]
        for acc, spans in zip(found, results):
            acc.extend(spans)
    return [_finish(nt, f, wanted, min_score) for nt, f in zip(nts, found)]
