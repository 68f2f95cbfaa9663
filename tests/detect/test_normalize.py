import pytest

from piguard.detect.normalize import normalize, to_simplified

CASES = [
    # (original, normalised text)
    ("手机13800138000", "手机13800138000"),
    ("手机１３８００１３８０００", "手机13800138000"),
    ("電話號碼", "电话号码"),
    ("ＥＭＡＩＬ：ａ＠ｂ．ｃｎ", "EMAIL：a@b.cn"),
    ("住址：臺北市", "住址：台北市"),
    ("全角\u3000空格", "全角 空格"),
    ("", ""),
]


@pytest.mark.parametrize("original, expected", CASES)
def test_normalised_text(original, expected):
    assert normalize(original).text == expected


def test_offsets_identity_when_lengths_agree():
    n = normalize("客户：１３８００１３８０００")
    start = n.text.index("138")
    assert n.to_original(start, start + 11) == (3, 14)


def test_offsets_map_back_through_expansion():
    # ㈱ expands to three characters; spans after it must still map back.
    original = "㈱联系１３８００１３８０００"
    n = normalize(original)
    start = n.text.index("13800138000")
    s, e = n.to_original(start, start + 11)
    assert original[s:e] == "１３８００１３８０００"
    # a span inside the expansion maps to the single source character
    assert n.to_original(1, 2) == (0, 1)


def test_full_width_punctuation_kept():
    assert normalize("姓名，电话（座机）").text == "姓名，电话（座机）"


def test_to_simplified_leaves_simplified_untouched():
    s = "张伟住在杭州市西湖区"
    assert to_simplified(s) is s
