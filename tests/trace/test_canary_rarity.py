"""The canary name model and the unique-canary p-value: exact where it can
be, never smaller than the truth, and strong enough for large ledgers only
when the numbers allow it."""
from __future__ import annotations

import collections
import random

import numpy as np
import pytest

from piguard.entities import get
from piguard.trace import canary, rarity
from piguard.trace.accuse import unique_tail


def test_generator_prob_is_the_generators_distribution():
    gen = get("PERSON_NAME").generate
    rng = random.Random(9)
    n = 60_000
    counts = collections.Counter(gen(rng, gender="f") for _ in range(n))
    probe = random.Random(3)
    names = sorted({gen(probe, gender="f") for _ in range(3000)}, key=lambda v: -rarity.generator_prob(v))[:150]
    expected = sum(rarity.generator_prob(v) for v in names) * n
    observed = sum(counts[v] for v in names)
    # Thousands of draws: the model's total within a few standard errors.
    assert abs(observed - expected) < 5 * expected ** 0.5


def test_bound_covers_names_the_tables_cannot_make():
    assert rarity.name_bound("张伟") > rarity.name_bound("欧阳雪梅") > rarity.FLOOR
    assert rarity.name_bound("𠀀𠀁𠀂") >= rarity.FLOOR  # not in the tables: floored, never 0
    assert rarity.name_bound("Zhang Wei") == rarity.FLOOR


def test_canary_names_are_valid_and_rarer_than_ordinary_ones():
    valid = get("PERSON_NAME").is_valid
    gen = get("PERSON_NAME").generate
    rng = random.Random(4)
    can = [canary._name(rng, g) for g in "mf" * 150]
    plain = [gen(rng, gender=g) for g in "mf" * 150]
    assert all(valid(v) for v in can)
    def log_g(vs):
        return np.median([np.log10(rarity.generator_prob(v)) for v in vs])

    assert log_g(can) < log_g(plain) - 0.5


def test_unique_tail_is_a_valid_p_value():
    """Simulate the null (each of the share's canaries independently matches
    leaked row r with probability q_r, or none) with probabilities large
    enough for hits to happen, duplicated rows included: P(p <= a) never
    exceeds a."""
    rng = np.random.default_rng(1)
    q = 10 ** rng.uniform(-4, -1.7, size=60)
    q[30:35] = q[29]  # one row repeated: its hits come together
    n_unique = 3
    cum = np.cumsum(q)
    ps = []
    for _ in range(6000):
        rows, n_hit = set(), 0
        for u in rng.random(n_unique):
            j = int(np.searchsorted(cum, u, side="right"))
            if j < q.size:
                n_hit += 1
                rows |= set(range(29, 35)) if 29 <= j < 35 else {j}
        ps.append(unique_tail(sorted(rows), q, n_unique, n_hit))
    ps = np.array(ps)
    for a in (0.01, 0.05, 0.1, 0.3):
        assert (ps <= a).mean() <= a + 3 * (a / ps.size) ** 0.5


def _q_rows(names):
    return np.array([rarity.name_bound(v) * rarity.phone_bound() for v in names])


@pytest.mark.parametrize("shares,unique_per_share,at_least", [(8, 34, 39), (1000, 680, 28)])
def test_one_canary_among_two_hundred_rows_with_realistic_ledgers(shares, unique_per_share, at_least):
    """One unique canary among 199 real name + phone rows: the corrected
    p-value (3 tests x shares) is below 1e-6 for practically every canary
    with 8 shares of 2,500 rows, and for most (about 90%) with 1,000 shares
    of 50,000 rows; a canary whose name happens to be common falls short."""
    gen = get("PERSON_NAME").generate
    rng = random.Random(shares)
    wins = 0
    for _ in range(40):
        names = [gen(rng) for _ in range(199)] + [canary._name(rng, rng.choice("mf"))]
        p = min(1.0, 3 * shares * unique_tail([199], _q_rows(names), unique_per_share))
        wins += p <= 1e-6
    assert wins >= at_least


def test_a_common_name_is_not_enough_with_a_thousand_shares():
    """The maths decides: a hit whose name is one of the commonest (张伟) is
    far weaker evidence, and with 1,000 shares it convicts nobody."""
    gen = get("PERSON_NAME").generate
    rng = random.Random(2)
    names = [gen(rng) for _ in range(199)] + ["张伟"]
    p_big = min(1.0, 3 * 1000 * unique_tail([199], _q_rows(names), 680))
    p_small = min(1.0, 3 * 8 * unique_tail([199], _q_rows(names), 34))
    assert p_big > 1e-6
    assert p_small < p_big
