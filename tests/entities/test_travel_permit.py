"""Table-driven checks of piguard.entities.travel_permit."""
from entity_contract import contract_tests

from piguard.entities import travel_permit as m

VALID = ["C12345678", "CA1234567", "W12345678", "L12345678", "T12345678", "H1234567890", "M12345678", "12345678"]
INVALID = ["C1234567", "CI1234567", "X12345678", "H123456789", "", "C****5678"]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_kind():
    assert m.kind("L12345678") == "大陆居民往来台湾通行证"
    assert m.kind("H1234567890") == "港澳居民来往内地通行证"
    assert m.NEEDS_CONTEXT
