"""ADDRESS entity module: validation, components, masking, generalising, cell scores."""
import random

import pytest

from piguard.entities import address, divisions
from piguard.errors import InvalidComponent, InvalidFormat, InvalidLength

VALID = [
    "浙江省杭州市西湖区文三路100号",
    "广东省揭阳市揭东区科技园南路556号翠湖小区25栋4单元2703室",
    "内蒙古自治区锡林郭勒盟阿巴嘎旗长安镇刘村5组91号",
    "江苏省苏州市姑苏区翠湖小区17号楼3102",
    "王家村5组18号",                       # no administrative prefix
    "大塘新村92幢8单元1227室",
    "下城区绿城兰园12-10-3376",
    "浙江温州鹿城区府东家园三幢708",       # short forms
    "臺北市大安區忠孝東路四段100號5樓",     # traditional characters
    "杭州市江干区1139",                    # a bare number after the district, as cells have it
    " 浙江省 杭州市 西湖区 文三路 100号 ",
    "浙江省,杭州市,西湖区,文三路100号",     # parts separated by an export
    "上海市|浦东新区|世纪大道100号",
]

INVALID = [
    ("浙江省杭州市", InvalidComponent),
    ("浙江省杭州市西湖区", InvalidComponent),
    ("北京市", InvalidComponent),
    ("浙江省杭州市西湖区****", InvalidFormat),
    ("电销中心", InvalidFormat),
    ("大众朗逸", InvalidFormat),
    ("浙江倍特储粮设备科技有限公司", InvalidFormat),
    ("", InvalidLength),
    ("文三路100号" * 40, InvalidLength),
]


@pytest.mark.parametrize("value", VALID)
def test_valid(value):
    assert address.is_valid(value)
    assert address.validate(value) == address.compact(value)


@pytest.mark.parametrize("value,error", INVALID)
def test_invalid(value, error):
    assert not address.is_valid(value)
    with pytest.raises(error):
        address.validate(value)


@pytest.mark.parametrize("value,expected", [
    ("浙江省杭州市西湖区文三路100号", "浙江省杭州市西湖区****"),
    ("上海市奉贤区迎宾大道921号金色家园25栋3单元502室", "上海市奉贤区****"),
    ("浙江温州鹿城区府东家园三幢708", "浙江温州鹿城区****"),
    ("义乌市荷叶塘听涛南路26号10楼", "义乌市****"),
    ("文三路100号", "****"),
])
def test_mask_keeps_district(value, expected):
    masked = address.mask(value)
    assert masked == expected
    assert address.is_masked(masked)
    assert not address.is_valid(masked)


@pytest.mark.parametrize("value,expected", [
    ("广东省揭阳市揭东区科技园南路556号翠湖小区25栋4单元2703室",
     {"province": "广东省", "city": "揭阳市", "district": "揭东区", "district_code": "445203",
      "road": "科技园南路", "number": "556号", "poi": "翠湖小区", "building": "25栋", "unit": "4单元",
      "room": "2703室"}),
    ("河北省秦皇岛市青龙满族自治县城关街道张家村8组54号",
     {"province": "河北省", "city": "秦皇岛市", "district": "青龙满族自治县", "town": "城关街道",
      "village": "张家村", "group": "8组", "number": "54号"}),
    ("浙江温州鹿城区府东家园三幢708",
     {"province": "浙江", "province_code": "330000", "city": "温州", "district": "鹿城区", "poi": "府东家园",
      "building": "三幢", "room": "708"}),
    ("下城区绿城兰园12-10-3376", {"district": "下城区", "district_code": "330103", "poi": "绿城兰园",
                                 "building": "12", "unit": "10", "room": "3376"}),
    ("湖南省益阳市沅江市东湖名苑20号楼104", {"poi": "东湖名苑", "building": "20号楼", "room": "104"}),
])
def test_components(value, expected):
    got = address.components(value)
    assert {k: got.get(k) for k in expected} == expected


def test_components_of_junk_is_empty():
    assert address.components(None) == {}
    assert address.components("电销中心") == {}


@pytest.mark.parametrize("level,expected", [
    ("province", "广东省"), ("city", "广东省揭阳市"), ("district", "广东省揭阳市揭东区"),
    ("town", "广东省揭阳市揭东区"),
])
def test_generalise(level, expected):
    assert address.generalise("广东省揭阳市揭东区科技园南路556号", level) == expected


def test_generalise_is_canonical_where_the_gazetteer_is_sure():
    # short forms and missing levels resolve to the same full names
    assert address.generalise("浙江温州鹿城区府东家园三幢708") == "浙江省温州市鹿城区"
    assert address.generalise("温州市鹿城区府东家园三幢708") == "浙江省温州市鹿城区"
    assert address.generalise("杭州市余杭区乔司镇永西六组197号", "town") == "浙江省杭州市余杭区乔司镇"
    assert address.generalise("上海市奉贤区迎宾大道921号", "city") == "上海市"
    # 西湖区 alone may be in 杭州 or 南昌: kept as written
    assert address.generalise("西湖区文三路100号") == "西湖区"
    assert address.generalise("西湖区文三路100号", "province") == ""


def test_mask_keeps_the_prefix_as_written():
    assert address.mask("浙江温州鹿城区府东家园三幢708") == "浙江温州鹿城区****"
    assert address.written_prefix("收货地址:浙江温州鹿城区府东家园三幢708") == "浙江温州鹿城区"


def test_generalise_unknown_level():
    with pytest.raises(InvalidFormat):
        address.generalise("杭州市余杭区", "street")


@pytest.mark.parametrize("value", [
    "安徽省宿州市埇桥区建设路29号和谐家园17栋1单元1902室",
    "甘肃省定西市漳县长安街道刘村11组39号",
    "天津市南开区和谐家园24号楼104",
    "黑龙江省伊春市美溪区黄河路667号",
])
def test_score_address_cells(value):
    assert address.score(value) >= 0.7


@pytest.mark.parametrize("value", [
    "电销中心", "风控部", "客服中心", "大众朗逸", "特斯拉Model 3", "已签收", "派送中", "车上人员责任险",
    "韩芳燕", "PDZA202461991238748629", "2024-08-14", "13800138000", "浙江省杭州市", "杭州市西湖区",
    "浙江省杭州市西湖区****", "", None, "x" * 1000, "杭州XX科技有限公司",
])
def test_score_other_cells(value):
    assert address.score(value) < 0.5


def test_generate_is_valid_and_uses_real_divisions():
    rng = random.Random(20240611)
    for _ in range(300):
        value = address.generate(rng)
        assert address.is_valid(value), value
        c = address.components(value)
        assert divisions.name_of(c["district_code"]) == c["district"], value


def test_generate_is_reproducible():
    assert address.generate(random.Random(5)) == address.generate(random.Random(5))


def test_surface():
    assert address.NAME == "ADDRESS" and address.LABEL_ZH == "详细地址"
    assert {"地址", "住址", "收货地址", "shdz", "jtzz", "addr", "address"} <= set(address.HEADER_CUES)
    assert address.PATTERN is None


def test_gazetteer_keeps_history():
    assert divisions.name_of("330103") == "下城区"        # abolished 2021
    assert divisions.lookup("浙江")[0].code == "330000"
    assert divisions.full_name_before("地址内蒙古自治区", 8) == (2, "150000")
