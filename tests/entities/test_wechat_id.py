"""Table-driven checks of piguard.entities.wechat_id."""
import random

import pytest

from piguard.entities import wechat_id as m
from piguard.errors import ValidationError

VALID = ["EpAfXnZt9", "Mo9TP2", "SRRU9ZhmM3GE3-G", "wx_abc-123", "a" * 20]
INVALID = ["abc12", "9abcdef", "_abcdef", "a" * 21, "abc def", "ab**cd", ""]


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
    assert m.NEEDS_CONTEXT and m.mask("EpAfXnZt9") == "Ep*****t9"
