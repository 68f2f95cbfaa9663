"""Table-driven checks of piguard.entities.phone_mobile."""
from entity_contract import contract_tests

from piguard.entities import phone_mobile as m

VALID = ["13800138000", "+86-15901429021", "8615746894774", "+86 18863963871", "151-6784-6212", "195 5300 3818",
         "008613800138000", "１３８００１３８０００", "14764600046", "16205608953", "17116361519"]
INVALID = ["12800138000", "1380013800", "138001380001", "138****5678", "15400138000", "19400138000",
           "11111111111", "1720156232405", "", "8815746894774"]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_format_mask():
    assert m.format("8613800138000") == "138 0013 8000"
    assert m.mask("13800138000") == "138****8000"
    assert m.carrier("13800138000") == "中国移动"
