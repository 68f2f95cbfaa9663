"""Tail probabilities: exact where they claim to be, bounds that hold."""
import itertools
import math
import random

import numpy as np
import pytest

from piguard.trace import stats


@pytest.mark.parametrize("n,p", [(10, 0.1), (30, 0.5), (200, 1e-4), (5, 0.9)])
def test_binom_sf_matches_direct_sum(n, p):
    for k in range(0, n + 1):
        direct = sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))
        if direct < 1e-250:
            break  # the direct sum underflows from here on
        assert stats.binom_sf(k, n, p) == pytest.approx(direct, rel=1e-3, abs=1e-300)


def test_binom_sf_tiny_probabilities_do_not_underflow_to_zero():
    assert stats.binom_sf(3, 2000, 1e-12) == pytest.approx(math.comb(2000, 3) * 1e-36, rel=1e-3)


def test_poisson_binomial_matches_enumeration():
    probs = [0.1, 0.5, 0.7, 0.02, 0.33]
    for k in range(7):
        exact = 0.0
        for bits in itertools.product([0, 1], repeat=len(probs)):
            if sum(bits) >= k:
                exact += math.prod(p if b else 1 - p for p, b in zip(probs, bits))
        assert stats.poisson_binomial_sf(k, probs) == pytest.approx(exact, abs=1e-12)


def test_chernoff_bound_is_never_below_the_exact_tail():
    rng = random.Random(1)
    for _ in range(20):
        n = 8
        p = [rng.uniform(0.05, 0.95) for _ in range(n)]
        hi = [math.sqrt((1 - q) / q) for q in p]
        lo = [-math.sqrt(q / (1 - q)) for q in p]
        sums = []
        for bits in itertools.product([0, 1], repeat=n):
            s = sum(h if b else l for h, l, b in zip(hi, lo, bits))
            w = math.prod(q if b else 1 - q for q, b in zip(p, bits))
            sums.append((s, w))
        for z in (0.5, 2.0, 4.0, 6.0):
            exact = sum(w for s, w in sums if s >= z)
            assert stats.chernoff_sf(z, hi, lo, p) >= exact - 1e-12


def test_combine_is_a_valid_p_value():
    rng = np.random.default_rng(3)
    u = rng.random((20000, 2))
    combined = np.array([stats.combine(r) for r in u])
    for t in (0.01, 0.05, 0.2):
        assert (combined <= t).mean() <= t * 1.15


def test_bonferroni_caps_at_one():
    assert stats.bonferroni(0.3, 10) == 1.0
