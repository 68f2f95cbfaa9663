"""The code: bits that follow their biases, scores that separate, p-values
that hold for innocent shares."""
import numpy as np

from piguard.trace.tardos import P_MIN, Code, accuse, share_key

SECRET = b"tardos test secret 0123456789abc"


def test_bias_range_and_bits_follow_bias():
    code = Code(SECRET)
    pos = np.arange(200_000, dtype=np.uint64)
    p = code.bias(pos)
    assert p.min() >= P_MIN and p.max() <= 1 - P_MIN
    x = code.bits(share_key(SECRET, "s1"), pos, p)
    # Across positions, the bits' mean matches the biases' mean.
    assert abs(x.mean() - p.mean()) < 0.005
    # Different shares get different codewords.
    assert (x != code.bits(share_key(SECRET, "s2"), pos, p)).mean() > 0.2


def test_guilty_share_scores_high_innocent_does_not():
    code = Code(SECRET)
    pos = np.arange(1000, 1400, dtype=np.uint64)
    p = code.bias(pos)
    guilty = code.bits(share_key(SECRET, "g"), pos, p)
    y = guilty.astype(np.int8)
    s_g, p_g = accuse(guilty, y, p)
    s_i, p_i = accuse(code.bits(share_key(SECRET, "i"), pos, p), y, p)
    assert p_g < 1e-30 and s_g > 100
    assert p_i > 1e-3


def test_null_p_values_are_conservative():
    """Innocent shares against many random leaks: P(p <= t) <= t."""
    code = Code(SECRET)
    rng = np.random.default_rng(5)
    pvals = []
    for trial in range(3000):
        pos = rng.integers(0, 2 ** 40, size=60).astype(np.uint64)
        p = code.bias(pos)
        y = rng.integers(0, 2, size=60).astype(np.int8)
        pvals.append(accuse(code.bits(share_key(SECRET, f"n{trial}"), pos, p), y, p)[1])
    pvals = np.array(pvals)
    for t in (0.01, 0.05, 0.1):
        assert (pvals <= t).mean() <= t
