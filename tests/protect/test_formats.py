"""Format-preserving encryption per entity: valid in, valid out, same
entity, deterministic, reversible byte for byte; junk round-trips too."""
import importlib
import random

import pytest

from piguard.protect import formats
from piguard.protect.keys import Key

ENTITIES = ["PERSON_NAME", "CN_RESIDENT_ID", "PHONE_MOBILE", "PHONE_LANDLINE", "EMAIL", "ADDRESS",
            "BANK_CARD", "LICENSE_PLATE", "VIN", "PASSPORT_CN", "TRAVEL_PERMIT", "QQ_NUMBER",
            "WECHAT_ID", "IP_ADDRESS", "DEVICE_ID", "BIRTH_DATE"]


def module(entity):
    try:
        return importlib.import_module(f"piguard.entities.{entity.lower()}")
    except ImportError:
        pytest.skip(f"entity module {entity} not available")


def generated(entity, n=300):
    mod = module(entity)
    rng = random.Random(entity)
    vals = []
    for _ in range(n * 3):
        v = mod.generate(rng)
        if mod.is_valid(v):
            vals.append(v)
        if len(vals) == n:
            break
    return mod, vals


# Types whose validity is a rule (not a model score) must stay valid.
RULE_VALID = [e for e in ENTITIES if e not in ("ADDRESS",)]


@pytest.mark.parametrize("entity", ENTITIES)
def test_round_trip_and_determinism(entity, key):
    mod, vals = generated(entity)
    enc = formats.encrypt(entity, vals, key)
    assert formats.decrypt(entity, enc, key) == vals
    assert formats.encrypt(entity, list(reversed(vals)), key) == list(reversed(enc))
    changed = sum(a != b for a, b in zip(vals, enc))
    assert changed >= 0.99 * len(vals)
    other = formats.encrypt(entity, vals, Key("k00000009", "o", 1, "active", bytes(32)))
    assert sum(a != b for a, b in zip(enc, other)) >= 0.95 * len(vals)


@pytest.mark.parametrize("entity", RULE_VALID)
def test_valid_values_stay_valid(entity, key):
    mod, vals = generated(entity)
    enc = formats.encrypt(entity, vals, key)
    assert all(mod.is_valid(v) for v in enc), [v for v in enc if not mod.is_valid(v)][:5]
    if entity != "IP_ADDRESS":    # an IPv4 address maps onto the whole 32-bit space
        assert [len(v) for v in enc] == [len(v) for v in vals]


def test_resident_id_components(key):
    from piguard.entities import cn_resident_id as m

    ids = ["11010519491231002X", "360425198109155370", "110105491231002"]
    out = formats.encrypt("CN_RESIDENT_ID", ids, key)
    for o in out:
        assert m.is_valid(o) and m.known_region(o[:6])
    assert len(out[2]) == 15
    # a lower-case x comes back as it was
    low = formats.encrypt("CN_RESIDENT_ID", ["11010519491231002x"], key)
    assert formats.decrypt("CN_RESIDENT_ID", low, key) == ["11010519491231002x"]
    # an ID whose check character is wrong stays exactly as wrong: never becomes valid
    wrong = "110105194912310021"
    assert not m.is_valid(wrong)
    w = formats.encrypt("CN_RESIDENT_ID", [wrong], key)[0]
    assert not m.is_valid(w) and len(w) == 18 and w != wrong
    assert formats.decrypt("CN_RESIDENT_ID", [w], key) == [wrong]


def test_mobile_keeps_layout_and_prefix(key):
    from piguard.entities import phone_mobile as m

    vals = ["+86-15901429021", "8615746894774", "187-7091-9030", "+86 18863963871", "１３８００１３８０００"]
    out = formats.encrypt("PHONE_MOBILE", vals, key)
    for v, o in zip(vals, out):
        assert len(o) == len(v) and m.is_valid(o)
        assert [c.isdigit() for c in o] == [c.isdigit() for c in v]
    assert out[0].startswith("+86-") and out[1].startswith("86")
    assert formats.decrypt("PHONE_MOBILE", out, key) == vals


def test_bank_card_keeps_bin_and_luhn_offset(key):
    from piguard.entities.base import luhn_ok

    good, bad = "6222600032649363653", "6222600032649363654"
    assert luhn_ok(good) and not luhn_ok(bad)
    g, b = formats.encrypt("BANK_CARD", [good, bad], key)
    assert g[:6] == "622260" and luhn_ok(g) and len(g) == 19
    assert b[:6] == "622260" and not luhn_ok(b)
    spaced = formats.encrypt("BANK_CARD", ["6222 6000 3264 9363 653"], key)[0]
    assert spaced.count(" ") == 4 and spaced.replace(" ", "") == g
    assert formats.decrypt("BANK_CARD", [g, b], key) == [good, bad]


def test_names_stay_names(key):
    from piguard.entities import person_name as m

    vals = ["王小明", "欧阳娜娜", "张伟", "诸葛亮", "闫婷"]
    out = formats.encrypt("PERSON_NAME", vals, key)
    assert all(m.is_valid(o) for o in out)
    assert [len(o) for o in out] == [len(v) for v in vals]
    assert m.split(out[1])[0] in m._surnames()[1]       # compound surname stays compound
    assert formats.decrypt("PERSON_NAME", out, key) == vals


def test_email_keeps_domain(key):
    out = formats.encrypt("EMAIL", ["zhang.san_88@example.com.cn"], key)[0]
    assert out.endswith("@example.com.cn") and out[5] == "." and out[9] == "_"


def test_address_keeps_admin_area_and_structure(key):
    v = "安徽省宿州市埇桥区建设路29号和谐家园17栋1单元1902室"
    o = formats.encrypt("ADDRESS", [v], key)[0]
    assert o.startswith("安徽省宿州市埇桥区") and o != v and len(o) == len(v)
    for word in ("路", "号", "家园", "栋", "单元", "室"):
        assert word in o
    assert formats.decrypt("ADDRESS", [o], key) == [v]


JUNK = ["", None, "€", "⑱", "n/a", "未知", "13800138000 ", "x" * 2000, "12", "0", "abc@", "----",
        "110105194912310021", "99999919491231002X", "2026-13-45", "300.1.1.1", "张", "买买提·吐尔逊"]


@pytest.mark.parametrize("entity", ENTITIES + [None])
def test_junk_round_trips(entity, key):
    out = formats.encrypt(entity, JUNK, key)
    assert out[0] == "" and out[1] is None
    assert formats.decrypt(entity, out, key) == JUNK


@pytest.mark.parametrize("entity,lane", [("CN_RESIDENT_ID", "ResidentIdLane"), ("PHONE_MOBILE", "MobileLane"),
                                         ("BANK_CARD", "CardLane")])
def test_vectorised_path_matches_per_value_path(entity, lane, key, monkeypatch):
    mod, vals = generated(entity, 400)
    vals = vals + ["110105194912310021", "6222600032649363654", "12345678901"]
    fast = formats.encrypt(entity, vals, key)
    formats.get_format.cache_clear()
    monkeypatch.delattr(getattr(formats, lane), "fast")
    slow = formats.Format(entity).run(vals, key)
    assert fast == slow
    assert formats.Format(entity).run(fast, key, decrypt=True) == vals
    formats.get_format.cache_clear()


def test_dates_keep_their_layout(key):
    vals = ["1992年1月7日", "1992-01-07", "1992/1/17", "19920107", "2023.12.25"]
    out = formats.encrypt("BIRTH_DATE", vals, key)
    import re
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", out[0]) and re.search(r"年\d月|月\d日", out[0])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", out[1]) and re.fullmatch(r"\d{8}", out[3])
    assert formats.decrypt("BIRTH_DATE", out, key) == vals
