"""Table-driven checks of piguard.entities.vin."""
import random

import pytest

from piguard.entities import vin as m
from piguard.errors import ValidationError

VALID = ["LSVH6EWT5X2V43SSF", "LC0DXFPC16RH1VN9K", "lsvh6ewt5x2v43ssf", "1M8GDM9AXKP042788"]
INVALID = ["LSVH6EWT6X2V43SSF", "LSVH6EWT5X2V43SS", "LSVH6EWT5X2V43SSFF", "LSVH6EWT5X2V43SSO", "", "LSVH*******V43SSF"]


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

def test_text_score_policy():
    assert m.text_score("LSVH6EWT5X2V43SSF", None) == m.BASE_SCORE
    assert m.text_score("LSVH6EWT5X2V43SSF", "VIN") == m.CONTEXT_SCORE
    assert m.text_score("LSVH6EWT6X2V43SSF", "车架号") == m.WEAK_SCORE
    assert m.text_score("LSVH6EWT6X2V43SSF", None) is None
    assert m.is_plausible("LSVH6EWT6X2V43SSF")
