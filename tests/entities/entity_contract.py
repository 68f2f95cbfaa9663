"""The checks every entity module's test file shares.

A test file lists its VALID and INVALID values and binds the returned tests:

    test_valid, test_invalid, test_generate, test_mask = contract_tests(m, VALID, INVALID)
"""
import random

import pytest

from piguard.errors import ValidationError


def contract_tests(m, valid, invalid):
    @pytest.mark.parametrize("value", valid)
    def test_valid(value):
        assert m.is_valid(value)
        assert m.validate(value) == m.compact(m.validate(value)) or m.is_valid(m.validate(value))

    @pytest.mark.parametrize("value", invalid)
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

    return test_valid, test_invalid, test_generate_is_valid_and_varied, test_mask_is_masked_and_not_valid
