"""Table-driven checks of piguard.entities.person_name."""
import random
from collections import Counter

import pytest

from piguard.entities import person_name as m
from piguard.errors import ValidationError

VALID = ["张伟", "王小明", "欧阳娜娜", "诸葛亮", "司马艳国", "公孙梅", "尉迟欣", "覃天诺", "陶子",
         "張偉", "歐陽娜娜", "买买提·吐尔逊", "阿依古丽•艾买提", "迪丽拜尔・阿不都", " 李 娜 "]
INVALID = ["王女士", "李先生", "张小姐", "刘总", "王", "欧阳", "张**", "李*", "欧阳**", "王某", "李某某",
           "张三丰李四光", "abc", "张3", "13800138000", "", "高兴快乐开心", "·吐尔逊", "买买提·", "鑫鑫"]


@pytest.mark.parametrize("value", VALID)
def test_valid(value):
    assert m.is_valid(value)
    assert m.is_valid(m.validate(value))


@pytest.mark.parametrize("value", INVALID)
def test_invalid(value):
    assert not m.is_valid(value)
    with pytest.raises(ValidationError):
        m.validate(value)


@pytest.mark.parametrize("value, expected", [
    ("张三丰", "张**"), ("张伟", "张*"), ("欧阳娜娜", "欧阳**"), ("诸葛亮", "诸葛*"), ("張偉", "张*"),
])
def test_mask_keeps_the_surname(value, expected):
    assert m.mask(value) == expected
    assert m.is_masked(m.mask(value))
    assert not m.is_valid(m.mask(value))


@pytest.mark.parametrize("value, expected", [
    ("欧阳娜娜", ("欧阳", "娜娜")), ("张伟", ("张", "伟")), ("司马光", ("司马", "光")),
    ("马光", ("马", "光")), ("买买提·吐尔逊", ("", "买买提·吐尔逊")),
])
def test_split(value, expected):
    assert m.split(value) == expected


def test_compact_and_format_unify_dots_and_scripts():
    assert m.compact("阿依古丽•艾买提") == "阿依古丽·艾买提"
    assert m.format(" 歐陽 娜娜 ") == "欧阳娜娜"


def test_generate_is_valid_varied_and_frequency_weighted():
    rng = random.Random(3)
    names = [m.generate(rng) for _ in range(3000)]
    assert all(m.is_valid(n) for n in names)
    assert len(set(names)) > 2000
    surnames = Counter(m.split(n)[0] for n in names)
    # 王/李/张 are each about 7% of the population; a rare surname is far rarer.
    assert surnames["王"] > 100 and surnames["李"] > 100
    assert surnames["王"] > 10 * surnames.get("覃", 0)
    assert any(len(s) == 2 for s in surnames)  # compound surnames appear
    assert {len(n) for n in names} >= {2, 3}
    assert m.generate(random.Random(5)) == m.generate(random.Random(5))


def test_generate_by_gender_uses_that_genders_characters():
    rng = random.Random(9)
    female = {c for c, _ in m._given_chars()["f"]}
    names = [m.generate(rng, "f") for _ in range(300)]
    share = sum(m.split(n)[1][-1] in female for n in names) / len(names)
    assert share > 0.7


@pytest.mark.parametrize("value", ["张伟", "王秀英", "欧阳娜娜", "李明宁", "陈静"])
def test_score_high_for_names(value):
    assert m.score(value) > 0.5


@pytest.mark.parametrize("value", ["高兴", "黄金", "王国", "周末", "万元", "张贴", "王女士", "张**", "北京市",
                                   "13800138000", "", None, "已完成", "男", "方向盘"])
def test_score_low_for_non_names(value):
    assert m.score(value) < 0.5


def test_surface():
    assert m.NAME == "PERSON_NAME" and m.LABEL_ZH == "姓名"
    assert m.LEVEL == "C2" and m.SENSITIVE is False and m.PATTERN is None
    for cue in ("姓名", "客户姓名", "联系人", "收件人", "被保险人", "投保人", "借款人", "xm", "khxm", "name"):
        assert cue in m.HEADER_CUES


def test_score_many_agrees_with_score():
    rng = random.Random(8)
    cells = [m.generate(rng) for _ in range(50)] + ["高兴", None, "", "王女士", "买买提·吐尔逊", "北京市", 42]
    many = m.score_many(cells)
    assert len(many) == len(cells)
    assert all(abs(a - m.score(c)) < 1e-6 for a, c in zip(many, cells))
