"""Table-driven checks of piguard.entities.cn_resident_id."""
from entity_contract import contract_tests

from piguard.entities import cn_resident_id as m

VALID = ["11010519491231002X", "11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ", "110105 19491231 002X",
         "371726200505308725", "65020319970118794X", "510104199001010019", "110105491231002"]
INVALID = ["11010519491231002", "110105194912310021", "110101********1234", "990000199001010019",
           "110105199002300017", "110105299001010017", "110105189901010015", "1101051949123100", "11010A19491231002X",
           "451101196302031806", "202467544031715410", ""]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_components():
    assert m.birth_date("110105491231002").year == 1949
    assert m.gender("11010519491231002X") == "F"
    assert m.region("11010519491231002X") == "北京市朝阳区"
    assert m.mask("11010519491231002X") == "110105********002X"
    assert m.is_masked("110101********1234") and not m.is_masked("11010519491231002X")


def test_code_that_no_longer_exists_is_accepted():
    # 110103 (崇文区) was abolished in 2010; numbers issued with it stay valid.
    from stdnum.cn.ric import calc_check_digit
    body = "11010320150101001"
    assert m.is_valid(body + calc_check_digit(body + "0"))
