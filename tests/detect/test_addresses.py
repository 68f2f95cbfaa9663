"""AddressRecognizer: (text, expected address spans) rows, in the caller's offsets."""
import pytest

from piguard.detect.addresses import AddressRecognizer
from piguard.detect.normalize import normalize

HITS = [
    # full administrative prefix + road + number
    ("请把包裹寄到浙江省杭州市西湖区文三路100号，谢谢。", ["浙江省杭州市西湖区文三路100号"]),
    # estate, building, unit, room; a landline right after
    ("客户毛志的住址是湖南省怀化市芷江侗族自治县青年路630号阳光花园17栋3单元1703室，固定电话0592-56275",
     ["湖南省怀化市芷江侗族自治县青年路630号阳光花园17栋3单元1703室"]),
    # glued to a frame word without punctuation
    ("电话17675783994,地址内蒙古自治区锡林郭勒盟阿巴嘎旗长安镇刘村5组91号。",
     ["内蒙古自治区锡林郭勒盟阿巴嘎旗长安镇刘村5组91号"]),
    # village, group, number with 市辖区
    ("地址内蒙古自治区鄂尔多斯市市辖区长安镇王家村11组57号。", ["内蒙古自治区鄂尔多斯市市辖区长安镇王家村11组57号"]),
    # no province or city: starts at a road, a community or a POI
    ("外卖请送到天目山路龙都大厦主楼1685，放前台即可。", ["天目山路龙都大厦主楼1685"]),
    ("他说自己住在大塘新村92幢8单元1227室，离单位不远。", ["大塘新村92幢8单元1227室"]),
    ("我家已经搬到下城区绿城兰园12-10-3376了，以后信件都寄这里。", ["下城区绿城兰园12-10-3376"]),
    ("中山东路1238号银泰百货是我现在的居住地址。", ["中山东路1238号"]),
    # short forms of province and city
    ("发票邮寄地址：浙江温州鹿城区府东家园三幢708，请核对后签收。", ["浙江温州鹿城区府东家园三幢708"]),
    # traditional characters and full-width digits
    ("我住在臺北市大安區忠孝東路四段１００號５樓", ["臺北市大安區忠孝東路四段１００號５樓"]),
    ("收件地址：廣東省深圳市南山區科技園南路88號華僑城3棟2單元501室", ["廣東省深圳市南山區科技園南路88號華僑城3棟2單元501室"]),
    # province + city + district + road, no number
    ("合同中约定的租赁房屋坐落于浙江省温州市乐清市呈祥路。", ["浙江省温州市乐清市呈祥路"]),
    # two addresses in one text
    ("寄件人住杭州市拱墅区莫干山路1571号，收件人住宁波市海曙区联丰路809号。",
     ["杭州市拱墅区莫干山路1571号", "宁波市海曙区联丰路809号"]),
    # spaces between the parts
    ("地址：浙江省 杭州市 西湖区 文三路 100号", ["浙江省 杭州市 西湖区 文三路 100号"]),
    # the administrative part as a clause of its own
    ("寄到广东省深圳市南山区, 科技园南路88号，谢谢", ["广东省深圳市南山区, 科技园南路88号"]),
    # 3#楼, numbered roads (南七道), a location word kept, the question after it not
    ("送到3#楼2单元501", ["3#楼2单元501"]),
    ("户籍：深圳市南山区粤海街道高新南七道", ["深圳市南山区粤海街道高新南七道"]),
    ("江苏省南京市鼓楼区中山北路200号附近有没有药店？", ["江苏省南京市鼓楼区中山北路200号附近"]),
    # two roads and a crossing
    ("事故发生在博奥路与建设二路交叉口。", ["博奥路与建设二路交叉口"]),
    # a phone number after the address is not absorbed
    ("收货地址：江苏省苏州市姑苏区翠湖小区17号楼3102 13800138000", ["江苏省苏州市姑苏区翠湖小区17号楼3102"]),
]

MISSES = [
    "他来自浙江省杭州市。",                          # province and city alone
    "浙江省杭州市",
    "公司总部位于上海市浦东新区。",                  # district alone
    "浙江倍特储粮设备科技有限公司发布了新产品。",    # a company name alone
    "台州市椒江区国有资产经营有限责任公司产权发展部主任",
    "收货地址：浙江省杭州市西湖区****",              # already masked
    "地址：浙江省杭州市西湖区文三路***号",
    "订单号2024-09-08-001，保费3-5万元。",           # dates and amounts with dashes
    "我在3楼的会议室等你。",                         # a floor alone
    "住房和城乡建设部发布通知。",                    # 城乡 is not a town
    "他3月5号去了北京市。",                          # a date, not a house number
    "京港地铁4号线枣园站",                           # a subway line
    "项目由十三栋住宅楼组成。",                      # counting buildings
    "这道菜有3道工序。",                              # 道 counted, not a road
    "杭州市民都知道这件事。",
    "他在上海办事处工作，也去过城乡结合部。",
    "",
]


def _find(text):
    nt = normalize(text)
    out = []
    for s in AddressRecognizer().find(nt):
        a, b = nt.to_original(s.start, s.end)
        out.append(text[a:b])
    return out


@pytest.mark.parametrize("text,expected", HITS)
def test_finds_addresses(text, expected):
    assert _find(text) == expected


@pytest.mark.parametrize("text", MISSES)
def test_no_address(text):
    assert _find(text) == []


def test_span_explains_components():
    spans = AddressRecognizer().find(normalize("收货地址：广东省揭阳市揭东区科技园南路556号翠湖小区25栋4单元2703室"))
    (s,) = spans
    assert s.entity == "ADDRESS"
    assert {"admin", "road", "house", "poi", "building", "unit", "room"} <= set(s.explanation["components"])
    assert "445203" in s.explanation["gazetteer"]   # 揭东区
    assert s.explanation["context"] == "地址"
    assert 0.5 <= s.score <= 0.99


def test_context_raises_score():
    bare = AddressRecognizer().find(normalize("文三路100号"))[0].score
    cued = AddressRecognizer().find(normalize("住址：文三路100号"))[0].score
    assert cued > bare


def test_offsets_map_back_to_the_callers_text():
    text = "收件地址：廣東省深圳市南山區科技園南路８８號"
    nt = normalize(text)
    (s,) = AddressRecognizer().find(nt)
    assert nt.to_original(s.start, s.end) == (5, len(text))


def test_registered():
    from piguard.detect.recognizer import load

    assert load("addresses").entities == ("ADDRESS",)


def test_long_text_stays_linear():
    text = "今天天气很好，我们去公园散步。" * 20000 + "地址：文三路100号"
    assert _find(text) == ["文三路100号"]
