"""Table-driven checks of piguard.entities.travel_permit."""
import random

import pytest

from piguard.entities import travel_permit as m
from piguard.errors import ValidationError

VALID = ["C12345678", "CA1234567", "W12345678", "L12345678", "T12345678", "H1234567890", "M12345678", "12345678"]
INVALID = ["C1234567", "CI1234567", "X12345678", "H123456789", "", "C****5678"]


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

def test_kind():
    assert m.kind("L12345678") == "大陆居民往来台湾通行证"
    assert m.kind("H1234567890") == "港澳居民来往内地通行证"
    assert m.NEEDS_CONTEXT
