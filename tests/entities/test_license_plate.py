"""Table-driven checks of piguard.entities.license_plate."""
import random

import pytest

from piguard.entities import license_plate as m
from piguard.errors import ValidationError

VALID = ["鲁H·EEYPM", "浙Q 1X61J", "京MFG9135", "新Q0JZGF", "豫N-FE0537", "冀S·D09803", "粤B12345", "粤B12345D",
         "京A1234学", "浙q 1x61j"]
INVALID = ["京A1234", "京IA2345", "京A1234567", "港A12345", "沪A·1***5", "AB12345", "", "京a"]


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

def test_parts():
    assert m.province("鲁HEEYPM") == "山东"
    assert m.mask("鲁HEEYPM") == "鲁H·**YPM"
    assert m.text_score("粤BABCDE", None) is None and m.text_score("粤BABCDE", "车牌") == 0.95
