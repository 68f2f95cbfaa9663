"""Table-driven checks of piguard.entities.qq_number."""
from entity_contract import contract_tests

from piguard.entities import qq_number as m

VALID = ["10001", "489764812", "1244929035", "33832216931"]
INVALID = ["1000", "01234567", "123456789012", "12a45", "12****89", ""]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_needs_context():
    assert m.NEEDS_CONTEXT and m.mask("1244929035") == "12******35"
