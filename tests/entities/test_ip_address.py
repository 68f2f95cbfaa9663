"""Table-driven checks of piguard.entities.ip_address."""
import random

import pytest

from piguard.entities import ip_address as m
from piguard.errors import ValidationError

VALID = ["114.118.194.149", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::ffff:1.2.3.4", "fe80:0:0:0:0:0:0:1"]
INVALID = ["256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "12:30:45", "00:1A:2B:3C:4D:5E", "114.118.*.*", ""]


@pytest.mark.parametrize("value", VALID)
def test_valid(value):
    assert m.is_valid(value)
    assert m.validate(value) == m.compact(m.validate(value)) or m.is_valid(m.validate(value))


@pytest.mark.parametrize("value", INVALID)
def test_invalid(value):
    assert not m.is_valid(value)
    with pytest.raises(ValidationError):
        m.validate(value)


def test_generate_is_valid_and_varied():
    rng = random.Random(11)
    values = [m.generate(rng) for _ in range(50)]
    assert all(m.is_valid(v) for v in values), [v for v in values if not m.is_valid(v)]
    assert len(set(values)) > 40


def test_mask_is_masked_and_not_valid():
    value = m.generate(random.Random(3))
    masked = m.mask(value)
    assert masked != value
    assert not m.is_valid(masked)

def test_mask():
    assert m.mask("114.118.194.149") == "114.118.*.*"
    assert m.version("2001:db8::1") == 6
