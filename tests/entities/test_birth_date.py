"""Table-driven checks of piguard.entities.birth_date."""
from entity_contract import contract_tests

from piguard.entities import birth_date as m

VALID = ["1993年5月22日", "1993年05月22号", "1993-05-22", "1993/5/22", "1993.05.22", "19930522", "1993年5月", "1993-05",
         "１９９３－０５－２２", "1900-01-01"]
INVALID = ["2023-02-29", "1899-12-31", "2999-01-01", "1993-13-01", "1993-**-**", "1993-05/22", "", "May 1993"]


(test_valid, test_invalid, test_generate_is_valid_and_varied,
 test_mask_is_masked_and_not_valid) = contract_tests(m, VALID, INVALID)


def test_mask_and_date():
    assert m.mask("1993-05-22") == "1993-**-**"
    assert m.date("1993年5月22日").isoformat() == "1993-05-22"
    assert m.NEEDS_CONTEXT
