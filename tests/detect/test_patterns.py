"""(text, expected spans) rows for the rule-based recogniser."""
import pytest

from piguard.detect.engine import resolve_overlaps
from piguard.detect.normalize import normalize
from piguard.detect.patterns import PatternRecognizer

REC = PatternRecognizer()


def found(text):
    nt = normalize(text)
    out = []
    for s in resolve_overlaps([s for s in REC.find(nt) if s.score >= 0.5]):
        a, b = nt.to_original(s.start, s.end)
        out.append((s.entity, text[a:b]))
    return out


ROWS = [
    # embedded in Chinese text without spaces
    ("客户的银行卡号为6222600032649363653请核对", [("BANK_CARD", "6222600032649363653")]),
    ("投保人身份证号11010519491231002X联系电话+86 15901429021", [("CN_RESIDENT_ID", "11010519491231002X"),
                                                         ("PHONE_MOBILE", "+86 15901429021")]),
    ("电话151-6784-6212。", [("PHONE_MOBILE", "151-6784-6212")]),
    ("手機號碼：１５９０１４２９０２１", [("PHONE_MOBILE", "１５９０１４２９０２１")]),       # full-width, traditional
    ("身份證號碼：１１０１０５１９４９１２３１００２ｘ", [("CN_RESIDENT_ID", "１１０１０５１９４９１２３１００２ｘ")]),
    ("座机（0551）31764172转8", [("PHONE_LANDLINE", "（0551）31764172转8")]),
    ("固定电话057133256962", [("PHONE_LANDLINE", "057133256962")]),
    ("邮箱zhang.san@foxmail.com。", [("EMAIL", "zhang.san@foxmail.com")]),
    ("车牌号鲁H·EEYPM，另一辆京MFG9135", [("LICENSE_PLATE", "鲁H·EEYPM"), ("LICENSE_PLATE", "京MFG9135")]),
    ("车辆识别代号LSVH6EWT5X2V43SSF", [("VIN", "LSVH6EWT5X2V43SSF")]),
    ("车架号LSVH6EWT6X2V43SSF", [("VIN", "LSVH6EWT6X2V43SSF")]),             # wrong check digit, VIN context
    ("持护照E94555412的客户", [("PASSPORT_CN", "E94555412")]),
    ("港澳通行证C12345678", [("TRAVEL_PERMIT", "C12345678")]),
    ("加QQ1244929035或者微信SRRU9ZhmM3GE3-G了解详情", [("QQ_NUMBER", "1244929035"), ("WECHAT_ID", "SRRU9ZhmM3GE3-G")]),
    ("扣扣：723917", [("QQ_NUMBER", "723917")]),
    ("用户从IP地址114.118.194.149登录，设备号864890921079157", [("IP_ADDRESS", "114.118.194.149"),
                                                     ("DEVICE_ID", "864890921079157")]),
    ("MAC地址00:1A:2B:3C:4D:5E", [("DEVICE_ID", "00:1A:2B:3C:4D:5E")]),
    ("邵静宁出生于1992年1月7日。", [("BIRTH_DATE", "1992年1月7日")]),
    ("生日：1993-05-22", [("BIRTH_DATE", "1993-05-22")]),
    ("他于1993年5月22日出生", [("BIRTH_DATE", "1993年5月22日")]),
    ("本人身份证：110105 19491231 002X", [("CN_RESIDENT_ID", "110105 19491231 002X")]),
    ("办公电话：+86-10-65529988", [("PHONE_LANDLINE", "+86-10-65529988")]),
    ("IPv6地址2001:db8::8a2e:370:7334", [("IP_ADDRESS", "2001:db8::8a2e:370:7334")]),
    ("出生年月：1993-05", [("BIRTH_DATE", "1993-05")]),
    ("登录IP67.42.113.18，IMEI864890921079157，Tel13800138000", [("IP_ADDRESS", "67.42.113.18"),
                                                              ("DEVICE_ID", "864890921079157"),
                                                              ("PHONE_MOBILE", "13800138000")]),
    ("WIFI13800138000X", []),                                           # glued to a longer run
    ("座机：0755 8888 6666", [("PHONE_LANDLINE", "0755 8888 6666")]),
    ("服务器192.168.1.1:8080宕机", [("IP_ADDRESS", "192.168.1.1")]),
    # decoys: never hits
    ("时间20240908123456", []),                                         # 14-digit timestamp, no card IIN
    ("Order 6222600032649363653", []),
    ("价格￥13800138000", []),
    ("共13800138000元", []),
    ("交易时间2024-05-06 12:30:45", []),
    ("保单PDZA202492320376298093的保费为14430.89元,起保日期2024-09-08。", []),
    ("运单SF0977937022833已签收", []),
    ("订单号202467544031715410,金额88.50元。", []),
    ("时间戳1720156232405", []),
    ("手机号已脱敏:191****9353。", []),
    ("证件号110101********1234", []),
    ("编号451101196302031806", []),                                        # 18 digits, wrong ID check character
    ("身份证号110105194912310021", []),                                   # wrong check character even with context
    ("QQ邮箱3383221693@qq.com", [("EMAIL", "3383221693@qq.com")]),        # digits of an e-mail are not a QQ hit
    ("价格1234567元，编码abcdefg", []),                                   # no context: no QQ/WeChat
    ("版本1.2.3.4.5发布", []),
    ("会议时间12:30:45", []),
]


@pytest.mark.parametrize("text,expected", ROWS, ids=[r[0][:16] for r in ROWS])
def test_rows(text, expected):
    assert found(text) == expected


def test_explanation_names_pattern_checks_and_context():
    span = REC.find(normalize("联系电话13800138000"))[0]
    assert span.explanation["recognizer"] == "patterns"
    assert span.explanation["pattern"] == "piguard.entities.phone_mobile.PATTERN"
    assert "context" in span.explanation["checks"] and span.explanation["context"] == "电话"
    assert span.score > REC.find(normalize("啊13800138000"))[0].score


def test_text_without_ascii_gives_nothing():
    assert REC.find(normalize("这是一段没有任何数字和字母的中文文本。" * 100)) == []


def test_entities_listed():
    assert {"CN_RESIDENT_ID", "PHONE_MOBILE", "BIRTH_DATE"} <= set(REC.entities)
    assert "PERSON_NAME" not in REC.entities
