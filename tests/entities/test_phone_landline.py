"""Table-driven checks of piguard.entities.phone_landline."""
from entity_contract import contract_tests

from piguard.entities import phone_landline as m

VALID = ["0755 8888 6666", "010-8888-6666", "0757-4733388", "(0731)8255656", "（0551）31764172", "057133256962", "022-75144118", "0592-5627544转4746",
         "07314838767", "010-65529988", "0757-4733388-123", "+86 571 33256962"]
INVALID = ["0001-1234567", "0757-123", "0757-12345", "0757-123456789", "13800138000", "0757-0733388",
           "0757-****388", "", "abc"]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_format_mask_area():
    assert m.format("057133256962") == "0571-33256962"
    assert m.mask("0757-4733388") == "0757-***3388"
    assert m.area("(0755)6040388") == "广东省深圳市"
