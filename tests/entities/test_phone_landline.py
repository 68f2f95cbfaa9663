"""Table-driven checks of piguard.entities.phone_landline."""
import random

import pytest

from piguard.entities import phone_landline as m
from piguard.errors import ValidationError

VALID = ["0755 8888 6666", "010-8888-6666", "0757-4733388", "(0731)8255656", "（0551）31764172", "057133256962", "022-75144118", "0592-5627544转4746",
         "07314838767", "010-65529988", "0757-4733388-123", "+86 571 33256962"]
INVALID = ["0001-1234567", "0757-123", "0757-12345", "0757-123456789", "13800138000", "0757-0733388",
           "0757-****388", "", "abc"]


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

def test_format_mask_area():
    assert m.format("057133256962") == "0571-33256962"
    assert m.mask("0757-4733388") == "0757-***3388"
    assert m.area("(0755)6040388") == "广东省深圳市"
