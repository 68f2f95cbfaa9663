"""Table-driven checks of piguard.entities.passport_cn."""
from entity_contract import contract_tests

from piguard.entities import passport_cn as m

VALID = ["E94555412", "ED5397620", "ES0500148", "G12345678", "P1234567", "e12345678"]
INVALID = ["E1234567", "E123456789", "EI1234567", "EO1234567", "X12345678", "E****5678", ""]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_text_score():
    assert m.text_score("E94555412", None) == m.BASE_SCORE
    assert m.text_score("P1234567", None) is None
    assert m.text_score("P1234567", "护照") == m.CONTEXT_SCORE
