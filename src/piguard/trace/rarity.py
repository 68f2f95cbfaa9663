"""How likely a canary's generator is to produce a given name or phone.

A unique canary's name is drawn at random (``canary.identity``): the rarest
of ``NAME_DRAWS`` names from ``PERSON_NAME.generate``. Under the hypothesis
"this leak was made without share s's copy", that draw is independent of the
leak, so the chance that the canary's name equals a leaked row's name ``v``
is at most ``NAME_DRAWS * G(v)``, where ``G`` is the generator's own
distribution (the chosen name is one of the draws: union bound). ``G`` is
computed exactly from the same tables ``generate`` reads (surname shares,
given-name character weights, its one/two-character and repeat rules); a
name the tables cannot produce gets the smallest per-character probability
instead of 0, in case the tables changed since the share, and the result is
multiplied by ``SAFETY``. Phones are uniform over the prefixes in service
(``phone_bound``).

>>> name_bound("张伟") > name_bound("欧阳雪梅") > 0
True
>>> name_bound("张伟") < 0.05 and name_bound("欧阳雪梅") < 1e-3
True
"""
from __future__ import annotations

from functools import lru_cache

# Names drawn per canary; the rarest is kept (see canary.identity).
NAME_DRAWS = 8
# Margin for edits of the name tables between a share and a trace.
SAFETY = 10.0
# Never below this per name, whatever the tables say.
FLOOR = 1e-12
# Margin for the prefix table shrinking between a share and a trace.
PHONE_SAFETY = 2.0


@lru_cache(maxsize=1)
def _model():
    from piguard.entities import person_name as pn

    single, compound = pn._surnames()
    ws = {s: max(w, 1e-6) for s, w in single.items()}
    wc = {s: max(w, 1e-6) for s, w in compound.items()}
    ts, tc = sum(ws.values()), sum(wc.values())
    sur: dict[str, float] = {}
    for s, w in ws.items():
        sur[s] = sur.get(s, 0.0) + 0.99 * w / ts
    for s, w in wc.items():
        sur[s] = sur.get(s, 0.0) + 0.01 * w / tc
    given = {}
    for g, rows in pn._given_chars().items():
        tot = sum(max(w, 1e-6) for _, w in rows)
        d: dict[str, float] = {}
        for c, w in rows:
            d[c] = d.get(c, 0.0) + max(w, 1e-6) / tot
        given[g] = d
    char_floor = min(min(d.values()) for d in given.values() if d)
    sur_floor = min(sur.values())
    return sur, given, char_floor, sur_floor


def generator_prob(name: str) -> float:
    """``G(name)``: the chance ``PERSON_NAME.generate`` returns ``name``, the
    larger of the two genders; characters the tables lack count as the
    rarest one.

    >>> 0 < generator_prob("王芳") < 1
    True
    """
    sur, given, char_floor, sur_floor = _model()
    best = 0.0
    for gender in "mf":
        pg, pn_ = given.get(gender, {}), given.get("n", {})
        total = 0.0
        for k in (1, 2):  # surname length
            s, rest = name[:k], name[k:]
            if k == 2 and s not in sur:
                continue
            ps = sur.get(s, sur_floor)
            if len(rest) == 1:
                total += ps * 0.25 * _first(rest, pg, pn_, char_floor)
            elif len(rest) == 2:
                total += ps * 0.75 * _first(rest[0], pg, pn_, char_floor) * _second(rest[0], rest[1], pg, char_floor)
        best = max(best, total)
    return best


def _first(c: str, pg: dict, pn_: dict, floor: float) -> float:
    """First given-name character: the gender's table 80%, the neutral 20%."""
    return max(0.8 * pg.get(c, 0.0) + 0.2 * pn_.get(c, 0.0), floor)


def _second(c1: str, c2: str, pg: dict, floor: float) -> float:
    """Second character: the gender's table; a repeat is redrawn 70% of the time."""
    a, b = max(pg.get(c1, 0.0), floor), max(pg.get(c2, 0.0), floor)
    return (0.3 * b + 0.7 * a * b) if c1 == c2 else (b + 0.7 * a * b)


@lru_cache(maxsize=65536)
def name_bound(name: str) -> float:
    """Upper bound on the chance that a randomly generated canary's name is
    exactly ``name``: ``SAFETY * NAME_DRAWS * G(name)``, at most 1. Names the
    generator never makes (other lengths, non-Han) still get ``FLOOR``."""
    return float(min(1.0, max(FLOOR, SAFETY * NAME_DRAWS * generator_prob(name))))


@lru_cache(maxsize=1)
def phone_bound() -> float:
    """Upper bound on the chance that a canary's mobile number equals a given
    number: ``PHONE_MOBILE.generate`` draws a 4-digit prefix in service
    uniformly and 7 digits uniformly, so ``1 / (prefixes x 10^7)``, times
    ``PHONE_SAFETY``; never above the fixed 10^-9 bound of ``match.COLLISION``.

    >>> 1e-10 < phone_bound() <= 1e-9
    True
    """
    from piguard.entities import phone_mobile
    from piguard.trace.match import COLLISION

    n = len(phone_mobile._prefixes())
    return float(min(COLLISION["phone"], PHONE_SAFETY / (max(n, 1) * 1e7)))
