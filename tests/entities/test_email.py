"""Table-driven checks of piguard.entities.email."""
import random

import pytest

from piguard.entities import email as m
from piguard.errors import ValidationError

VALID = ["xjrmlkfe@foxmail.com", "a.b+tag@mail.example.com.cn", "3383221693@qq.com", "ＡＢ@ＱＱ.ＣＯＭ", "x_y-z@sina.cn"]
INVALID = ["a..b@qq.com", ".ab@qq.com", "ab@localhost", "ab@qq", "z***@qq.com", "@qq.com", "ab@", "", "a@b@c.com"]


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

def test_mask():
    assert m.mask("zhangsan@qq.com") == "z*******@qq.com"
    assert m.is_masked("z***@qq.com")
