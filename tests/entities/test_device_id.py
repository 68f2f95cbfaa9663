"""Table-driven checks of piguard.entities.device_id."""
from entity_contract import contract_tests

from piguard.entities import device_id as m

VALID = ["864890921079157", "86-489092-107915-7", "00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "A0000012345678",
         "6D92078A-8246-4BA4-AE5B-76104861E7DC"]
INVALID = ["864890921079158", "86489092107915", "00:1A:2B:3C:4D", "00:1A-2B:3C:4D:5E", "G0000012345678", "", "86489092*****57"]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_text_score():
    assert m.text_score("864890921079157", None) == m.BASE_SCORE
    assert m.text_score("A0000012345678", None) is None
    assert m.text_score("A0000012345678", "MEID") == m.CONTEXT_SCORE
    assert m.text_score("6D92078A-8246-4BA4-AE5B-76104861E7DC", None) is None
    assert m.kind("00:1A:2B:3C:4D:5E") == "MAC"
