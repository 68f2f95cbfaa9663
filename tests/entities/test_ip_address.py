"""Table-driven checks of piguard.entities.ip_address."""
from entity_contract import contract_tests

from piguard.entities import ip_address as m

VALID = ["114.118.194.149", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::ffff:1.2.3.4", "fe80:0:0:0:0:0:0:1"]
INVALID = ["256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "12:30:45", "00:1A:2B:3C:4D:5E", "114.118.*.*", ""]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_mask():
    assert m.mask("114.118.194.149") == "114.118.*.*"
    assert m.version("2001:db8::1") == 6
