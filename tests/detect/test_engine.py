from piguard.detect.engine import resolve_overlaps
from piguard.detect.span import Span


def test_higher_score_wins_overlap():
    a = Span(0, 11, "PHONE_MOBILE", 0.95)
    b = Span(2, 12, "BANK_CARD", 0.6)
    assert resolve_overlaps([b, a]) == [a]


def test_longer_wins_on_equal_score():
    a = Span(0, 3, "PERSON_NAME", 0.8)
    b = Span(0, 2, "PERSON_NAME", 0.8)
    assert resolve_overlaps([b, a]) == [a]


def test_disjoint_spans_all_kept_in_order():
    spans = [Span(10, 12, "X", 0.5), Span(0, 3, "Y", 0.9), Span(3, 6, "Z", 0.7)]
    assert [s.start for s in resolve_overlaps(spans)] == [0, 3, 10]


def test_span_to_dict_is_contract_shape():
    d = Span(3, 6, "PERSON_NAME", 0.912345, "张三丰").to_dict()
    assert d == {"start": 3, "end": 6, "entity": "PERSON_NAME", "score": 0.9123, "text": "张三丰"}


def test_name_inside_address_gives_way():
    addr = Span(0, 12, "ADDRESS", 0.8)
    name = Span(6, 8, "PERSON_NAME", 0.95)
    other = Span(14, 17, "PERSON_NAME", 0.9)
    assert resolve_overlaps([name, addr, other]) == [addr, other]
