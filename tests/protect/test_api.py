"""mask/unmask on tables and texts: what the issue asks to show."""
import json
import random

import pyarrow as pa
import pytest

from piguard.errors import BadInput
from piguard.protect import api, keys


def _io():
    import piguard.io as pio

    if not hasattr(pio, "read_table"):
        pytest.skip("piguard.io.read_table not available yet")
    return pio


def people(n=60, seed=1):
    from piguard.entities import cn_resident_id, person_name, phone_mobile

    rng = random.Random(seed)
    return {
        "姓名": [person_name.generate(rng) for _ in range(n)],
        "身份证号": [cn_resident_id.generate(rng) for _ in range(n)],
        "手机号": [phone_mobile.generate(rng) for _ in range(n)],
        "出生日期": [f"{rng.randrange(1950, 2000)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
                 for _ in range(n)],
        "备注": ["加急" if i % 3 else "" for i in range(n)],
    }


ENTS = {"姓名": "PERSON_NAME", "身份证号": "CN_RESIDENT_ID", "手机号": "PHONE_MOBILE",
        "出生日期": "BIRTH_DATE", "备注": None}


def test_pseudonymize_table_round_trip():
    t = pa.table(people())
    out, man = api.mask_table(t, preset="pseudonymize", entities=ENTS)
    again, _ = api.mask_table(t, preset="pseudonymize", entities=ENTS)
    assert out.equals(again)
    for c in ("姓名", "身份证号", "手机号"):
        a, b = t.column(c).to_pylist(), out.column(c).to_pylist()
        assert sum(x != y for x, y in zip(a, b)) >= 0.99 * len(a)
    assert out.column("备注").equals(t.column("备注"))
    kid = keys.active_key("default").kid
    assert all(c.get("kid") == kid for c in man["columns"] if c["operator"] == "fpe")
    assert "13" not in json.dumps(man)[:0]  # manifest is plain JSON
    back = api.unmask_table(out, man, purpose="test")
    assert back.equals(t)
    assert keys.events(kid)[-1]["purpose"] == "test"


def test_manifest_holds_no_values_or_secrets():
    t = pa.table(people())
    _, man = api.mask_table(t, preset="encrypt", entities=ENTS)
    text = json.dumps(man, ensure_ascii=False)
    for col in ("姓名", "手机号"):
        assert not any(v and v in text for v in t.column(col).to_pylist())
    k = keys.active_key("default")
    assert k._secret.hex() not in text


def test_unmask_refuses_irreversible_and_needs_purpose():
    t = pa.table(people())
    out, man = api.mask_table(t, preset="display", entities=ENTS)
    assert out.column("手机号").to_pylist()[0][3:7] == "****"
    with pytest.raises(BadInput, match="irreversibly"):
        api.unmask_table(out, man, purpose="audit")
    out2, man2 = api.mask_table(t, preset="pseudonymize", entities=ENTS)
    with pytest.raises(BadInput, match="purpose"):
        api.unmask_table(out2, man2, purpose=" ")


def test_partial_unmask_restores_reversible_columns():
    from piguard.protect.policy import loads

    pol = loads("columns:\n  手机号: fpe\n  姓名: mask\n")
    t = pa.table(people())
    out, man = api.mask_table(t, policy=pol, entities=ENTS)
    back = api.unmask_table(out, man, purpose="complaint", partial=True)
    assert back.column("手机号").equals(t.column("手机号"))
    assert back.column("姓名").equals(out.column("姓名"))


def test_rotation_keeps_old_masks_reversible():
    t = pa.table(people())
    out, man = api.mask_table(t, preset="encrypt-sm4", entities=ENTS)
    keys.rotate_key("default")
    out2, man2 = api.mask_table(t, preset="pseudonymize", entities=ENTS)
    assert man["columns"][0]["kid"] != man2["columns"][0]["kid"]
    assert api.unmask_table(out, man, purpose="x").equals(t)


def test_anonymize_reaches_k():
    t = pa.table(people(200))
    out, man = api.mask_table(t, preset="anonymize", entities=ENTS)
    a = man["anonymity"]
    assert a["k"] >= 5 and a["k_target"] == 5
    assert set(out.column("姓名").to_pylist()) == {""}
    from collections import Counter

    assert min(Counter(out.column("出生日期").to_pylist()).values()) >= 5


def test_policy_names_unknown_column():
    from piguard.protect.policy import loads

    with pytest.raises(BadInput, match="does not have"):
        api.mask_table(pa.table(people(5)), policy=loads("columns:\n  电话: fpe\n"), entities=ENTS)


def test_date_shift_table_round_trip():
    from piguard.protect.policy import loads

    pol = loads("columns:\n  身份证号: fpe\n  出生日期: {operator: date_shift, subject: 身份证号}\n")
    t = pa.table(people())
    out, man = api.mask_table(t, policy=pol, entities=ENTS)
    assert out.column("出生日期") != t.column("出生日期")
    assert api.unmask_table(out, man, purpose="research").equals(t)


def test_gbk_csv_stays_gbk(tmp_path):
    _io()
    src = tmp_path / "客户.csv"
    cols = people(30)
    lines = [",".join(cols)] + [",".join(r) for r in zip(*cols.values())]
    data = ("\r\n".join(lines) + "\r\n").encode("gbk")
    src.write_bytes(data)
    out = tmp_path / "masked.csv"
    api.mask(src, out, preset="pseudonymize", entities=ENTS)
    raw = out.read_bytes()
    raw.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    back = tmp_path / "back.csv"
    api.unmask(out, back, purpose="test")
    assert back.read_bytes() == data
    utf = tmp_path / "utf.csv"
    api.mask(src, utf, preset="display", entities=ENTS, encoding="utf-8")
    utf.read_bytes().decode("utf-8")


def test_text_mask_and_unmask(tmp_path):
    from piguard.detect.span import Span

    text = "客户王小明，手机13800138000，身份证11010519491231002X。"
    spans = [Span(2, 5, "PERSON_NAME", 0.9, "王小明"), Span(8, 19, "PHONE_MOBILE", 0.9, "13800138000"),
             Span(23, 41, "CN_RESIDENT_ID", 0.9, "11010519491231002X")]
    from piguard.protect.text import mask_text, unmask_text

    masked, man = mask_text(text, preset="pseudonymize", spans=spans)
    assert "13800138000" not in masked and len(masked) == len(text)
    assert unmask_text(masked, man, purpose="x") == text
    shown, man2 = mask_text(text, preset="display", spans=spans)
    assert "138****8000" in shown and "王**" in shown
    with pytest.raises(BadInput, match="irreversibly"):
        unmask_text(shown, man2, purpose="x")
    enc, man3 = mask_text(text, preset="encrypt", spans=spans)
    assert unmask_text(enc, man3, purpose="x") == text


def test_bad_calls():
    t = pa.table(people(3))
    with pytest.raises(BadInput, match="preset"):
        api.mask_table(t, entities=ENTS)
    with pytest.raises(BadInput, match="Did you mean 'display'"):
        api.mask_table(t, preset="dispaly", entities=ENTS)
    with pytest.raises(BadInput, match="--out"):
        api.mask("x.csv", None, preset="display")


def test_waybill_keeps_what_delivery_needs():
    t = pa.table({"收件人": ["王小明"], "电话": ["13800138000"], "地址": ["广东省深圳市南山区科技园南路103号2栋501室"],
                  "身份证": ["11010519491231002X"]})
    ents = {"收件人": "PERSON_NAME", "电话": "PHONE_MOBILE", "地址": "ADDRESS", "身份证": "CN_RESIDENT_ID"}
    out, _ = api.mask_table(t, preset="waybill", entities=ents)
    row = {c: out.column(c).to_pylist()[0] for c in out.column_names}
    assert row["收件人"] == "王**"
    assert row["电话"].endswith("8000") and "0013" not in row["电话"]   # last four stay for pickup checks
    assert row["地址"] == "广东省深圳市南山区科技园南路***号*栋***室"
    assert row["身份证"] == ""
