"""Table-driven checks of piguard.entities.passport_cn."""
import random

import pytest

from piguard.entities import passport_cn as m
from piguard.errors import ValidationError

VALID = ["E94555412", "ED5397620", "ES0500148", "G12345678", "P1234567", "e12345678"]
INVALID = ["E1234567", "E123456789", "EI1234567", "EO1234567", "X12345678", "E****5678", ""]


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

def test_text_score():
    assert m.text_score("E94555412", None) == m.BASE_SCORE
    assert m.text_score("P1234567", None) is None
    assert m.text_score("P1234567", "护照") == m.CONTEXT_SCORE
