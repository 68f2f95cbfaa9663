"""Table-driven checks of piguard.entities.wechat_id."""
from entity_contract import contract_tests

from piguard.entities import wechat_id as m

VALID = ["EpAfXnZt9", "Mo9TP2", "SRRU9ZhmM3GE3-G", "wx_abc-123", "a" * 20]
INVALID = ["abc12", "9abcdef", "_abcdef", "a" * 21, "abc def", "ab**cd", ""]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_needs_context():
    assert m.NEEDS_CONTEXT and m.mask("EpAfXnZt9") == "Ep*****t9"
