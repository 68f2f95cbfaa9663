"""Tail probabilities that turn trace evidence into p-values.

Every function returns an upper bound on the probability of seeing evidence
at least as strong as observed when the hypothesis "this share is not the
source" holds; exact where the distribution is known (binomial, Poisson
binomial), a Chernoff bound with the exact moment generating functions where
it is a sum of independent two-point variables (Tardos scores).

>>> round(binom_sf(1, 10, 0.1), 4)
0.6513
>>> binom_sf(0, 10, 0.5)
1.0
>>> round(combine([0.01, 0.01]), 6)
0.001021
"""
from __future__ import annotations

import math

import numpy as np


def binom_sf(k: int, n: int, p: float) -> float:
    """``P(X >= k)`` for ``X ~ Binomial(n, p)``, accurate for tiny ``p``.

    >>> round(binom_sf(3, 3, 0.5), 6)
    0.125
    """
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    if k > n * p + 1 and n * p < 50:
        # Sum the upper tail directly in log space: terms shrink quickly.
        lp, lq = math.log(p), math.log1p(-p)
        total = 0.0
        for i in range(k, min(n, k + 400) + 1):
            lt = math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq
            t = math.exp(lt)
            total += t
            if t < total * 1e-17:
                break
        return min(1.0, total)
    # Lower tail complement (the upper tail is large here).
    lp, lq = math.log(p), math.log1p(-p)
    low = 0.0
    for i in range(0, k):
        low += math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq)
    return float(min(1.0, max(0.0, 1.0 - low)))


def poisson_binomial_sf(k: int, probs) -> float:
    """``P(X >= k)`` where ``X`` is a sum of independent Bernoulli(``probs``).

    >>> round(poisson_binomial_sf(2, [0.5, 0.5, 0.5]), 3)
    0.5
    """
    probs = np.clip(np.asarray(probs, dtype=float), 0.0, 1.0)
    if k <= 0:
        return 1.0
    if k > len(probs):
        return 0.0
    # Distribution truncated at k: mass at >= k is kept in the last cell.
    dist = np.zeros(k + 1)
    dist[0] = 1.0
    for p in probs:
        top = dist[k] + dist[k - 1] * p
        dist[1:k] = dist[1:k] * (1 - p) + dist[0:k - 1] * p
        dist[0] *= 1 - p
        dist[k] = top
    return float(min(1.0, dist[k]))


def chernoff_sf(z: float, hi, lo, p, need: float | None = None) -> float:
    """Bound on ``P(sum_j T_j >= z)`` for independent ``T_j`` equal to
    ``hi[j]`` with probability ``p[j]`` and ``lo[j]`` otherwise:
    ``min over t>0 of exp(-t z) prod_j E exp(t T_j)``.

    Every ``t`` gives a valid bound, so skipping the search never makes a
    p-value too small. With ``need``, the search is skipped when the bounds
    at the Gaussian choice ``t = z / var`` and at half and twice it are all
    above ``need`` (the leak is not close to implicating this share): that
    only saves time on the many unrelated shares.

    >>> round(chernoff_sf(10.0, [1.0] * 20, [-1.0] * 20, [0.5] * 20), 4)
    0.0731
    """
    hi, lo, p = (np.asarray(a, dtype=float) for a in (hi, lo, p))
    if hi.size == 0:
        return 1.0 if z <= 0 else 0.0
    mean = float(np.sum(p * hi + (1 - p) * lo))
    if z <= mean:
        return 1.0

    def log_bound(t: float) -> float:
        a, b = t * hi, t * lo
        m = np.maximum(a, b)
        lm = m + np.log(p * np.exp(a - m) + (1 - p) * np.exp(b - m))
        return float(np.sum(lm) - t * z)

    if need is not None:
        var = float(np.sum(p * (1 - p) * (hi - lo) ** 2)) or 1.0
        t0 = (z - mean) / var
        quick = min(log_bound(t0 / 2), log_bound(t0), log_bound(2 * t0))
        if quick > math.log(need):
            return float(min(1.0, math.exp(quick)))
    # The exponent is convex in t: bracket the minimum, then golden section.
    lo_t, hi_t = 0.0, 1e-3
    while log_bound(hi_t) < log_bound(hi_t / 2) and hi_t < 1e6:
        hi_t *= 2
    g = (math.sqrt(5) - 1) / 2
    a, b = lo_t, hi_t
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = log_bound(c), log_bound(d)
    for _ in range(60):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = log_bound(c)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = log_bound(d)
    best = min(fc, fd, 0.0)
    return float(math.exp(best))


def combine(ps) -> float:
    """Fisher's combination of independent p-values, exact for uniform ones:
    ``P(prod U_i <= prod p_i)``.

    >>> combine([0.5])
    0.5
    """
    ps = [min(1.0, max(float(p), 1e-300)) for p in ps]
    if not ps:
        return 1.0
    t = -sum(math.log(p) for p in ps)  # -ln of the product
    term, total = 1.0, 1.0
    for i in range(1, len(ps)):
        term *= t / i
        total += term
    return float(min(1.0, math.exp(-t) * total))


def bonferroni(p: float, m: int) -> float:
    """Family-wise correction for ``m`` hypotheses tested.

    >>> round(bonferroni(1e-9, 1000), 12)
    1e-06
    """
    return float(min(1.0, p * max(1, m)))
