"""Table-driven checks of piguard.entities.license_plate."""
from entity_contract import contract_tests

from piguard.entities import license_plate as m

VALID = ["鲁H·EEYPM", "浙Q 1X61J", "京MFG9135", "新Q0JZGF", "豫N-FE0537", "冀S·D09803", "粤B12345", "粤B12345D",
         "京A1234学", "浙q 1x61j"]
INVALID = ["京A1234", "京IA2345", "京A1234567", "港A12345", "沪A·1***5", "AB12345", "", "京a"]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_parts():
    assert m.province("鲁HEEYPM") == "山东"
    assert m.mask("鲁HEEYPM") == "鲁H·**YPM"
    assert m.text_score("粤BABCDE", None) is None and m.text_score("粤BABCDE", "车牌") == 0.95
