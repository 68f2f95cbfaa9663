"""Address renderings: equivalent for a reader, readable by trace."""
import pytest

from piguard.trace import marks

ADDR = "江西省鹰潭市余江区胜利南路140号东湖新村27栋2单元404室"


@pytest.mark.parametrize("bits", [{"building": 1}, {"number": 1}, {"district": 1}, {"room": 1},
                                  {"building": 1, "number": 1, "district": 1, "room": 1}])
def test_render_then_read_round_trips(bits):
    out = marks.render(ADDR, bits)
    got = marks.read(out)
    for ch, b in bits.items():
        assert got[ch] == b
    assert marks.canonical(out) == marks.canonical(ADDR)


def test_channels_only_where_the_feature_exists():
    assert marks.channels("重庆市万州区和平街道永安村6组76号") == ["number"]
    assert marks.channels("") == []


def test_reading_survives_full_width_digits_and_spaces():
    out = marks.render(ADDR, {"building": 1, "room": 1})
    wide = out.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    got = marks.read(wide)
    assert got["building"] == 1 and got["room"] == 1


def test_a_county_level_city_is_never_dropped():
    a = "江苏省徐州市新沂市锦绣华庭20号楼2904"
    assert "district" not in marks.channels(a)
    assert marks.render(a, {"district": 1}) == a
