"""Table-driven checks of piguard.entities.email."""
from entity_contract import contract_tests

from piguard.entities import email as m

VALID = ["xjrmlkfe@foxmail.com", "a.b+tag@mail.example.com.cn", "3383221693@qq.com", "ＡＢ@ＱＱ.ＣＯＭ", "x_y-z@sina.cn"]
INVALID = ["a..b@qq.com", ".ab@qq.com", "ab@localhost", "ab@qq", "z***@qq.com", "@qq.com", "ab@", "", "a@b@c.com"]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_mask():
    assert m.mask("zhangsan@qq.com") == "z*******@qq.com"
    assert m.is_masked("z***@qq.com")
