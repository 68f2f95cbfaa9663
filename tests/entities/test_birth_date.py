"""Table-driven checks of piguard.entities.birth_date."""
import random

import pytest

from piguard.entities import birth_date as m
from piguard.errors import ValidationError

VALID = ["1993年5月22日", "1993年05月22号", "1993-05-22", "1993/5/22", "1993.05.22", "19930522", "1993年5月", "1993-05",
         "１９９３－０５－２２", "1900-01-01"]
INVALID = ["2023-02-29", "1899-12-31", "2999-01-01", "1993-13-01", "1993-**-**", "1993-05/22", "", "May 1993"]


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

def test_mask_and_date():
    assert m.mask("1993-05-22") == "1993-**-**"
    assert m.date("1993年5月22日").isoformat() == "1993-05-22"
    assert m.NEEDS_CONTEXT
