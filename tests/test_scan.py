"""The scan API: in-memory tables and files, the contract JSON, counting,
thresholds, masked examples."""
import json
import random

import polars as pl
import pyarrow as pa
import pytest

from piguard import BadInput, ColumnReport, TableReport, entities, scan

CONTRACT_COLUMN_KEYS = ["name", "entity", "score", "level", "matched", "sampled"]


def gen(entity, n, seed=1):
    rng = random.Random(seed)
    mod = entities.get(entity)
    return [mod.generate(rng) for _ in range(n)]


def table(n=120, seed=1):
    rng = random.Random(seed)
    return {
        "客户姓名": gen("PERSON_NAME", n, seed),
        "col_2": gen("CN_RESIDENT_ID", n, seed),
        "联系电话": gen("PHONE_MOBILE", n, seed),
        "订单号": ["2024" + "".join(rng.choice("0123456789") for _ in range(14)) for _ in range(n)],
        "金额": [f"{rng.uniform(1, 9999):.2f}" for _ in range(n)],
    }


def raw_values(d):
    return {v for vals in d.values() for v in vals if v}


def test_arrow_table_report_shape():
    d = table()
    r = scan(pa.table(d))
    assert isinstance(r, TableReport) and all(isinstance(c, ColumnReport) for c in r.columns)
    out = r.to_dict()
    assert list(out)[:3] == ["path", "rows", "columns"]
    assert out["rows"] == 120
    for c in out["columns"]:
        assert list(c)[:6] == CONTRACT_COLUMN_KEYS
        assert 0.0 <= c["score"] <= 1.0
    got = {c["name"]: c["entity"] for c in out["columns"]}
    assert got == {"客户姓名": "PERSON_NAME", "col_2": "CN_RESIDENT_ID", "联系电话": "PHONE_MOBILE",
                   "订单号": None, "金额": None}
    by = {c["name"]: c for c in out["columns"]}
    assert by["col_2"]["level"] == entities.get("CN_RESIDENT_ID").LEVEL
    assert by["col_2"]["label_zh"] == entities.get("CN_RESIDENT_ID").LABEL_ZH
    assert by["订单号"]["level"] is None and by["订单号"]["matched"] == 0
    json.dumps(out, ensure_ascii=False)  # serialisable as is


def test_examples_are_masked_never_raw():
    d = table()
    out = json.dumps(scan(pa.table(d)).to_dict(), ensure_ascii=False)
    for v in raw_values(d):
        assert v not in out
    r = scan(pa.table(d))
    phone = next(c for c in r.columns if c.entity == "PHONE_MOBILE")
    assert phone.examples and all("*" in e for e in phone.examples)


def test_counts_cover_every_row_not_just_the_sample():
    d = table(n=400)
    d["联系电话"] = d["联系电话"][:300] + [None] * 60 + ["138****0000"] * 40
    r = scan(pa.table(d), sample=50)
    phone = next(c for c in r.columns if c.name == "联系电话")
    assert phone.sampled == 50
    assert phone.matched == 300
    assert phone.non_empty == 340
    ids = next(c for c in r.columns if c.name == "col_2")
    assert ids.matched == 400


def test_polars_input_and_entity_filter():
    r = scan(pl.DataFrame(table()), entities=["PHONE_MOBILE"])
    assert [c.entity for c in r.columns] == [None, None, "PHONE_MOBILE", None, None]
    assert r.path == "<polars>"


def test_non_string_columns_are_read_as_text():
    r = scan(pa.table({"n": pa.array(range(50), pa.int64()), "tel": gen("PHONE_MOBILE", 50)}))
    assert [c.entity for c in r.columns] == [None, "PHONE_MOBILE"]


def test_thresholds_bank_cards_are_property_information():
    n = 60
    r = scan(pa.table({"卡号": gen("BANK_CARD", n), "手机": gen("PHONE_MOBILE", n)}))
    rec = r.records
    cats = {c["threshold"]: c for c in rec["categories"]}
    assert cats[50]["records"] == n and cats[50]["reached"]
    assert cats[5000]["records"] == 0  # each row counted once, in its strictest category
    assert rec["verdict"] == "情节严重" and rec["rows_with_pi"] == n


def test_thresholds_other_information():
    r = scan(pa.table({"手机": gen("PHONE_MOBILE", 100)}))
    assert r.records["categories"][-1]["records"] == 100
    assert r.records["verdict"] == "未达标准"
    assert r.records["ratio"] == pytest.approx(100 / 5000)


def test_csv_path_keeps_headers_exactly(tmp_path):
    d = table(n=80)
    p = tmp_path / "客户.csv"
    headers = [" 客户姓名 ", "col_2", "联系电话", "订单号", "金额"]
    lines = [",".join(headers)] + [",".join(row) for row in zip(*d.values())]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = scan(str(p))
    assert [c.name for c in r.columns] == headers
    assert r.rows == 80 and r.path.endswith("客户.csv")
    assert r.columns[0].entity == "PERSON_NAME"
    assert r.source.get("encoding")


def test_gbk_file(tmp_path):
    d = table(n=60)
    p = tmp_path / "gbk.csv"
    lines = [",".join(d)] + [",".join(row) for row in zip(*d.values())]
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    r = scan(p)
    assert [c.entity for c in r.columns] == ["PERSON_NAME", "CN_RESIDENT_ID", "PHONE_MOBILE", None, None]
    assert [c.name for c in r.columns] == list(d)


def test_folder_gives_one_report_per_table(tmp_path):
    for i in range(2):
        (tmp_path / f"t{i}.csv").write_text("手机\n" + "\n".join(gen("PHONE_MOBILE", 30, i)) + "\n", encoding="utf-8")
    reports = scan(tmp_path)
    assert isinstance(reports, list) and len(reports) == 2
    assert all(r.columns[0].entity == "PHONE_MOBILE" for r in reports)


@pytest.mark.parametrize("bad", [123, object(), "no/such/file.csv"])
def test_bad_sources(bad):
    with pytest.raises(BadInput):
        scan(bad)


def test_bad_sample_and_entity():
    with pytest.raises(BadInput):
        scan(pa.table({"a": ["1"]}), sample=0)
    with pytest.raises(BadInput):
        scan(pa.table({"a": ["1"]}), entities=["PHONE_MOBIL"])


def test_empty_table():
    r = scan(pa.table({"a": pa.array([], pa.string())}))
    assert r.rows == 0 and r.columns[0].entity is None and r.columns[0].sampled == 0


def test_scan_db_sqlite(tmp_path):
    import sqlite3

    from piguard import scan_db

    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("create table 客户 (姓名 text, sjh text, amount real)")
    rows = list(zip(gen("PERSON_NAME", 80), gen("PHONE_MOBILE", 80), [i * 1.5 for i in range(80)]))
    con.executemany("insert into 客户 values (?, ?, ?)", rows)
    con.commit()
    con.close()
    reports = scan_db(f"sqlite:///{db}", sample=30)
    assert len(reports) == 1
    r = reports[0]
    assert r.rows == 80 and "客户" in r.path
    assert [c.entity for c in r.columns] == ["PERSON_NAME", "PHONE_MOBILE", None]
    assert r.columns[1].matched == 80 and r.columns[1].sampled == 30


def test_float_columns_with_gaps_read_as_integers():
    phones = [float(v) for v in gen("PHONE_MOBILE", 40)] + [None]
    r = scan(pa.table({"x": pa.array(phones, pa.float64())}))
    assert r.columns[0].entity == "PHONE_MOBILE" and r.columns[0].matched == 40
