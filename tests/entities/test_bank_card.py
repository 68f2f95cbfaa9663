"""Table-driven checks of piguard.entities.bank_card."""
from entity_contract import contract_tests

from piguard.entities import bank_card as m

VALID = ["6222600032649363653", "6228 4829 0924 1663 632", "6225 8836 3575 1918 6", "4367425946691829",
         "62148368181174032", "６２２２６０００３２６４９３６３６５３"]
INVALID = ["6222600032649363654", "6222600032649", "62226000326493636531", "622260*********3653", "", "abc"]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_text_score():
    assert m.text_score("6222600032649363653", None) == m.BASE_SCORE
    assert m.text_score("6222600032649363654", None) is None          # no Luhn, no context
    assert m.text_score("6222600032649363654", "账号") == m.WEAK_SCORE  # account number by context
    assert m.text_score("202467544031715410", None) is None           # order-number-like, fails Luhn
    # an 18-digit ID shape whose check character is wrong is not a card, even if Luhn passes
    from piguard.entities.base import luhn_digit
    body = "11010519491231002"
    assert m.text_score(body + luhn_digit(body), None) is None


def test_mask_format():
    assert m.mask("6222600032649363653") == "622260*********3653"
