"""The column classifier, table-driven: generated columns for every entity
under meaningless and meaningful headers, decoys, contradicting headers."""
import datetime as dt
import random
import string
import uuid

import polars as pl
import pytest

from piguard import entities
from piguard.detect import cells
from piguard.detect.columns import classify_column
from piguard.detect.headers import decoy_word, header_cues, is_event_date_header, protected_word

N = 60


def gen(entity, n=N, seed=7):
    rng = random.Random(seed)
    mod = entities.get(entity)
    return [mod.generate(rng) for _ in range(n)]


def col(values):
    return pl.Series("v", values, dtype=pl.String)


VALUE_ONLY = [e for e in entities.names()
              if not entities.get(e).NEEDS_CONTEXT or e == "BIRTH_DATE"]
CONTEXT_BOUND = [e for e in entities.names() if e not in VALUE_ONLY]


@pytest.mark.parametrize("entity", VALUE_ONLY)
def test_found_from_values_under_a_meaningless_header(entity):
    g = classify_column("col_07", col(gen(entity)))
    assert g.entity == entity, g.explanation
    assert 0.5 <= g.score <= 1.0
    assert g.sampled == N


@pytest.mark.parametrize("entity", entities.names())
def test_found_under_its_own_header_cue(entity):
    header = entities.get(entity).HEADER_CUES[0]
    g = classify_column(header, col(gen(entity, seed=11)))
    assert g.entity == entity, g.explanation
    assert g.explanation["header_cues"][entity]


@pytest.mark.parametrize("entity", CONTEXT_BOUND)
def test_context_bound_types_need_the_header(entity):
    assert classify_column("col_03", col(gen(entity))).entity is None


def test_empty_and_placeholder_columns_are_null():
    assert classify_column("手机号", col([None, "", " "])).entity is None
    g = classify_column("手机号", col(["无", "NULL", "-", "暂无"] * 5))
    assert g.entity is None and g.sampled == 0


def _digits(rng, n):
    return "".join(rng.choice(string.digits) for _ in range(n))


def _decoys():
    rng = random.Random(3)
    ids = gen("CN_RESIDENT_ID")
    now = 1_700_000_000
    return {
        "order_no": ["2024" + _digits(rng, 14) for _ in range(N)],
        "policy_no": [rng.choice(["PDAA", "P1A"]) + "2024" + _digits(rng, 14) for _ in range(N)],
        "waybill": [rng.choice(["SF", "YT", ""]) + _digits(rng, 13) for _ in range(N)],
        "epoch_ms": [str((now + rng.randrange(10 ** 7)) * 1000 + rng.randrange(1000)) for _ in range(N)],
        "epoch_s": [str(now + rng.randrange(10 ** 7)) for _ in range(N)],
        "amount": [f"{rng.uniform(1, 90000):.2f}" for _ in range(N)],
        "status": [rng.choice(["正常", "逾期", "已结清"]) for _ in range(N)],
        "product": [rng.choice(["意外险", "医疗险", "车损险", "年金险"]) for _ in range(N)],
        "masked_name": [entities.get("PERSON_NAME").mask(v) for v in gen("PERSON_NAME")],
        "masked_phone": [entities.get("PHONE_MOBILE").mask(v) for v in gen("PHONE_MOBILE")],
        "masked_id": [v[0] + "*" * 16 + v[-1] for v in ids],
        "masked_card": [entities.get("BANK_CARD").mask(v) for v in gen("BANK_CARD")],
        "bad_check_id": [v[:17] + ("0" if v[17] != "0" else "1") for v in ids],
        "event_date": [(dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2400))).isoformat() for _ in range(N)],
        "city_only": [rng.choice(["广东省深圳市", "浙江省杭州市", "北京市", "四川省成都市"]) for _ in range(N)],
        "quantity": [str(rng.randrange(1, 300)) for _ in range(N)],
        "uuid_keys": [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(N)],
        "app_version": [rng.choice(["10.2.1.3", "10.2.1.4", "9.8.0.1", "11.0.0.2"]) for _ in range(N)],
        "departments": [rng.choice(["心内科", "骨科", "儿科", "急诊科", "消化内科"]) for _ in range(N)],
    }


@pytest.mark.parametrize("kind", sorted(_decoys()))
@pytest.mark.parametrize("header", ["col_05", "数据"])
def test_decoys_are_null(kind, header):
    g = classify_column(header, col(_decoys()[kind]))
    assert g.entity is None, (kind, g.explanation)
    assert g.score == 0.0 and g.matched == 0


@pytest.mark.parametrize("header, kind", [
    ("身份证号", "masked_id"), ("证件号码", "bad_check_id"), ("手机号(脱敏)", "masked_phone"),
    ("name_masked", "masked_name"), ("sjh_tm", "masked_phone"), ("手机号", "amount"),
    ("出生日期", "amount"), ("银行卡号", "masked_card"), ("下单日期", "event_date"), ("qbrq", "event_date"),
])
def test_header_cue_alone_does_not_win(header, kind):
    g = classify_column(header, col(_decoys()[kind]))
    assert g.entity is None, g.explanation


def test_masked_column_explains_itself():
    g = classify_column("证件号码", col(_decoys()["masked_id"]))
    assert "masked" in g.explanation["reason"]


def test_imei_column_is_a_device_not_a_card():
    # Fifteen-digit IMEIs pass Luhn, as card numbers do.
    g = classify_column("col_12", col(gen("DEVICE_ID")))
    assert g.entity == "DEVICE_ID"


def test_values_outweigh_a_misleading_header():
    # A header that names one type over values that are clearly another.
    assert classify_column("备用联系人", col(gen("PHONE_MOBILE"))).entity == "PHONE_MOBILE"
    assert classify_column("order_no", col(gen("CN_RESIDENT_ID"))).entity == "CN_RESIDENT_ID"


def test_birth_dates_need_spread_or_header():
    births = gen("BIRTH_DATE")
    assert classify_column("date_3", col(births)).entity == "BIRTH_DATE"
    # Event dates in recent years: not births, whatever the header says generically.
    assert classify_column("date_3", col(_decoys()["event_date"])).entity is None
    # A header naming another event keeps spread dates out.
    assert classify_column("开户日期", col(births)).entity is None
    assert classify_column("生日", col(births)).entity == "BIRTH_DATE"


def test_reformatted_values_still_validate():
    phones = gen("PHONE_MOBILE")
    fmt = [f"+86 {v[:3]} {v[3:7]} {v[7:]}" for v in phones[:20]] + [f"{v[:3]}-{v[3:7]}-{v[7:]}" for v in phones[20:40]]
    fmt += ["".join(chr(ord(c) + 0xFEE0) for c in v) for v in phones[40:]]
    assert classify_column("x1", col(fmt)).entity == "PHONE_MOBILE"
    cards = gen("BANK_CARD")
    grouped = [" ".join(v[i:i + 4] for i in range(0, len(v), 4)) for v in cards]
    assert classify_column("x2", col(grouped)).entity == "BANK_CARD"


def test_mixed_column_with_enough_valid_values_is_found():
    vals = gen("CN_RESIDENT_ID")[:40] + _decoys()["masked_id"][:20]
    g = classify_column("证件号码", col(vals))
    assert g.entity == "CN_RESIDENT_ID"
    assert g.matched == 40


def test_explanation_names_cue_rate_and_checks():
    g = classify_column("客户手机", col(gen("PHONE_MOBILE")))
    e = g.explanation
    assert e["header_cues"]["PHONE_MOBILE"]
    assert e["candidates"][0]["entity"] == "PHONE_MOBILE" and e["candidates"][0]["share"] == 1.0
    assert "checks" in e and "100%" in e["reason"]


@pytest.mark.parametrize("header, entity, stronger_than", [
    ("紧急联系人电话", "PHONE_MOBILE", "PERSON_NAME"),
    ("收件人电话", "PHONE_MOBILE", "PERSON_NAME"),
])
def test_head_final_cues(header, entity, stronger_than):
    c = header_cues(header)
    assert c[entity].strength > c.get(stronger_than, type(c[entity])(0, "")).strength


@pytest.mark.parametrize("header, cue", [("sfzh", "CN_RESIDENT_ID"), ("cust_mobile", "PHONE_MOBILE"),
                                         ("IdCardNo", "CN_RESIDENT_ID"), ("姓名_2", "PERSON_NAME")])
def test_header_cues_from_modules(header, cue):
    assert cue in header_cues(header)


@pytest.mark.parametrize("header, event", [("下单日期", True), ("start_date", True), ("qbrq", True),
                                           ("csrq", False), ("出生日期", False), ("date", False)])
def test_event_date_headers(header, event):
    assert bool(is_event_date_header(header)) is event


def test_kernels_agree_with_validators_on_generated_values():
    for entity in cells.KERNELS:
        vals = gen(entity, n=200, seed=5)
        bad = [v[:-1] + ("1" if v[-1] != "1" else "2") for v in vals]
        s = cells.tidy(col(vals + bad))
        k = cells.kernel_mask(s, entity).to_list()
        mod = entities.get(entity)
        assert k == [mod.is_valid(v) for v in vals + bad], entity


def test_identifier_named_by_a_decoy_header_is_not_a_passport():
    rng = random.Random(5)
    codes = ["E%08d" % rng.randrange(10 ** 8) for _ in range(N)]
    assert classify_column("员工编号", col(codes)).entity is None
    assert classify_column("ygbh", col(codes)).entity is None
    assert classify_column("护照号码", col(codes)).entity == "PASSPORT_CN"


def test_ten_digit_qq_numbers_are_not_timestamps_under_a_qq_header():
    rng = random.Random(6)
    qq = [str(rng.randrange(1_000_000_000, 2_100_000_000)) for _ in range(N)]
    assert classify_column("QQ号", col(qq)).entity == "QQ_NUMBER"
    assert classify_column("col_4", col(qq)).entity is None


def test_birth_dates_written_as_midnight_timestamps():
    births = [v + " 00:00:00" for v in gen("BIRTH_DATE")]
    assert classify_column("col_9", col(births)).entity == "BIRTH_DATE"


@pytest.mark.parametrize("header, cue", [("身份證號碼", "CN_RESIDENT_ID"), ("qqhm", "QQ_NUMBER"), ("dlip", "IP_ADDRESS"),
                                         ("Mobile No.", "PHONE_MOBILE"), ("微信號", "WECHAT_ID")])
def test_traditional_glued_and_english_headers(header, cue):
    assert cue in header_cues(header)


@pytest.mark.parametrize("header, decoy, protected", [
    ("订单号", "订单", None), ("ygbh", "ygbh", None), ("sjh_tm", None, "tm"), ("id_masked", None, "masked"),
    ("passport_no", None, None), ("手机号", None, None),
])
def test_decoy_and_protected_words(header, decoy, protected):
    assert decoy_word(header) == decoy and protected_word(header) == protected
