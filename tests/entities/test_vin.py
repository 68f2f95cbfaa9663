"""Table-driven checks of piguard.entities.vin."""
from entity_contract import contract_tests

from piguard.entities import vin as m

VALID = ["LSVH6EWT5X2V43SSF", "LC0DXFPC16RH1VN9K", "lsvh6ewt5x2v43ssf", "1M8GDM9AXKP042788"]
INVALID = ["LSVH6EWT6X2V43SSF", "LSVH6EWT5X2V43SS", "LSVH6EWT5X2V43SSFF", "LSVH6EWT5X2V43SSO", "", "LSVH*******V43SSF"]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_text_score_policy():
    assert m.text_score("LSVH6EWT5X2V43SSF", None) == m.BASE_SCORE
    assert m.text_score("LSVH6EWT5X2V43SSF", "VIN") == m.CONTEXT_SCORE
    assert m.text_score("LSVH6EWT6X2V43SSF", "车架号") == m.WEAK_SCORE
    assert m.text_score("LSVH6EWT6X2V43SSF", None) is None
    assert m.is_plausible("LSVH6EWT6X2V43SSF")
