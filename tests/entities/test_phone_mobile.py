"""Table-driven checks of piguard.entities.phone_mobile."""
import random

import pytest

from piguard.entities import phone_mobile as m
from piguard.errors import ValidationError

VALID = ["13800138000", "+86-15901429021", "8615746894774", "+86 18863963871", "151-6784-6212", "195 5300 3818",
         "008613800138000", "１３８００１３８０００", "14764600046", "16205608953", "17116361519"]
INVALID = ["12800138000", "1380013800", "138001380001", "138****5678", "15400138000", "19400138000",
           "11111111111", "1720156232405", "", "8815746894774"]


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

def test_format_mask():
    assert m.format("8613800138000") == "138 0013 8000"
    assert m.mask("13800138000") == "138****8000"
    assert m.carrier("13800138000") == "中国移动"
