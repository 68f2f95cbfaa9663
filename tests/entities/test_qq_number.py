"""Table-driven checks of piguard.entities.qq_number."""
import random

import pytest

from piguard.entities import qq_number as m
from piguard.errors import ValidationError

VALID = ["10001", "489764812", "1244929035", "33832216931"]
INVALID = ["1000", "01234567", "123456789012", "12a45", "12****89", ""]


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

def test_needs_context():
    assert m.NEEDS_CONTEXT and m.mask("1244929035") == "12******35"
