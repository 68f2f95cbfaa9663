"""Table-driven checks of piguard.entities.device_id."""
import random

import pytest

from piguard.entities import device_id as m
from piguard.errors import ValidationError

VALID = ["864890921079157", "86-489092-107915-7", "00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "A0000012345678",
         "6D92078A-8246-4BA4-AE5B-76104861E7DC"]
INVALID = ["864890921079158", "86489092107915", "00:1A:2B:3C:4D", "00:1A-2B:3C:4D:5E", "G0000012345678", "", "86489092*****57"]


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
    assert m.text_score("864890921079157", None) == m.BASE_SCORE
    assert m.text_score("A0000012345678", None) is None
    assert m.text_score("A0000012345678", "MEID") == m.CONTEXT_SCORE
    assert m.text_score("6D92078A-8246-4BA4-AE5B-76104861E7DC", None) is None
    assert m.kind("00:1A:2B:3C:4D:5E") == "MAC"
