"""CSV/TSV: detection, exact values, byte-identical round trips, ragged rows."""
from __future__ import annotations

import codecs
from pathlib import Path

import pyarrow as pa
import pytest

from piguard.io import iter_batches, limits, read_table, write_table

HEADER = ["姓名", "手机", "证件号", "备注", " 空格 ", "编号"]
ROWS = [
    ["张三", "+86 13800138000", "11010519491231002X", "全角１２３", " lead", "007"],
    ["李四", "013800138000", "622202123456789012345", 'say "hi", ok', "", "0001"],
    ["王五", "", "12345678901234567890123", "多行\n备注", "trail ", "00"],
]


def render(rows, delimiter=",", eol="\n", header=HEADER):
    def cell(v):
        if any(c in v for c in (delimiter, '"', "\n", "\r")):
            return '"' + v.replace('"', '""') + '"'
        return v

    return "".join(delimiter.join(cell(v) for v in r) + eol for r in [header] + rows)


CASES = [
    ("utf-8", b"", ",", "\n"),
    ("utf-8", codecs.BOM_UTF8, ",", "\r\n"),
    ("gbk", b"", ",", "\r\n"),
    ("gb18030", b"", ";", "\n"),
    ("utf-8", b"", "\t", "\n"),
    ("gbk", b"", "|", "\n"),
]


@pytest.mark.parametrize("encoding,bom,delimiter,eol", CASES)
def test_round_trip_is_byte_identical(tmp_path, encoding, bom, delimiter, eol):
    rows = ROWS + ([["赵六", "1", "2", "€ gb18030 ㈱", "x", "9"]] if encoding == "gb18030" else [])
    data = bom + render(rows, delimiter, eol).encode(encoding)
    src = tmp_path / ("in.tsv" if delimiter == "\t" else "in.csv")
    src.write_bytes(data)
    table, source = read_table(src)
    assert source.delimiter == delimiter
    assert source.lineterminator == eol
    assert source.bom == bool(bom)
    assert source.encoding in ({"gbk", "gb18030"} if encoding.startswith("gb") else {encoding})
    assert source.headers == HEADER
    assert all(f.type == pa.string() for f in table.schema)
    expected = [[v if v != "" else None for v in r] for r in rows]
    assert [list(r.values()) for r in table.to_pylist()] == expected
    out = tmp_path / ("out" + src.suffix)
    written = write_table(table, out, like=source)
    assert out.read_bytes() == data
    assert written.rows == len(rows)


EVAL_TABLES = Path(__file__).resolve().parents[3] / "shared" / "eval" / "tables"


@pytest.mark.skipif(not EVAL_TABLES.is_dir(), reason="shared/eval is not beside the checkout")
def test_eval_tables_round_trip(tmp_path):
    for path in sorted(EVAL_TABLES.glob("*.csv"))[:4]:
        table, source = read_table(path)
        out = tmp_path / "x.csv"
        write_table(table, out, like=source)
        assert out.read_bytes() == open(path, "rb").read(), path


def test_gbk_not_mistaken_for_another_codepage(tmp_path):
    # Short Chinese GBK text is where generic detectors guess Big5/Shift-JIS.
    for text in ["姓名,电话\n张伟,13800138000\n", "收件人地址\n广东省深圳市南山区科技园\n", "备注\n已签收\n"]:
        p = tmp_path / "g.csv"
        p.write_bytes(text.encode("gbk"))
        table, source = read_table(p)
        assert source.encoding == "gbk", text
        assert table.column(0).to_pylist()[0] == text.split("\n")[1].split(",")[0]


def test_ascii_head_then_gbk_is_found(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "SAMPLE_BYTES", 64)
    p = tmp_path / "late.csv"
    p.write_bytes(b"a,b\n" + b"1,2\n" * 50 + "张三,北京\n".encode("gbk"))
    table, source = read_table(p)
    assert source.encoding == "gbk"
    assert table.slice(table.num_rows - 1).to_pylist() == [{"a": "张三", "b": "北京"}]


def test_duplicate_and_empty_headers_kept_for_writing(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes("手机,手机,,备注\n1,2,3,4\n".encode())
    table, source = read_table(p)
    assert source.headers == ["手机", "手机", "", "备注"]
    assert table.column_names == ["手机", "手机_2", "column_3", "备注"]
    write_table(table, tmp_path / "o.csv", like=source)
    assert (tmp_path / "o.csv").read_bytes() == p.read_bytes()


def test_no_final_newline_and_all_quoted(tmp_path):
    p = tmp_path / "q.csv"
    p.write_bytes(b'"a","b"\r\n"007","x y"\r\n"008","z"')
    table, source = read_table(p)
    assert source.quoting == "all" and not source.final_newline
    write_table(table, tmp_path / "o.csv", like=source)
    assert (tmp_path / "o.csv").read_bytes() == p.read_bytes()


def test_gbk_output_falls_back_to_gb18030_for_rare_chars(tmp_path):
    p = tmp_path / "g.csv"
    p.write_bytes("姓名\n张三\n".encode("gbk"))
    table, source = read_table(p)
    table = pa.table({"姓名": ["张三", "𠀀"]})
    written = write_table(table, tmp_path / "o.csv", like=source)
    assert written.warnings and "GB18030" in written.warnings[0]
    assert (tmp_path / "o.csv").read_bytes().decode("gb18030") == "姓名\n张三\n𠀀\n"


def test_ragged_rows_are_decided_per_row(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,\n13,14,15\n", encoding="utf-8")
    table, source = read_table(p)
    assert table.to_pylist() == [
        {"a": "1", "b": "2", "c": "3"},
        {"a": "4", "b": "5", "c": None},
        {"a": "10", "b": "11", "c": "12"},
        {"a": "13", "b": "14", "c": "15"},
    ]
    text = " | ".join(source.warnings)
    assert "records 2 had fewer" in text
    assert "records 3 had more than 3 fields and were skipped" in text
    assert "records 4 had extra empty fields" in text
    streamed = iter_batches(p)
    assert streamed.read_all().equals(table)


def test_ragged_after_first_batch_in_stream(tmp_path, monkeypatch):
    import piguard.io.delimited as d

    monkeypatch.setattr(d, "FIRST_BLOCK", 4096)
    p = tmp_path / "r.csv"
    p.write_text("a,b\n" + "".join(f"{i},x\n" for i in range(3000)) + "bad\n" + "1,2\n", encoding="utf-8")
    reader = iter_batches(p)
    table = reader.read_all()
    assert table.num_rows == 3002
    assert table.column("a").to_pylist()[:3] == ["0", "1", "2"]
    assert table.slice(3000, 1).to_pylist() == [{"a": "bad", "b": None}]
    assert any("records 3001" in w for w in reader.source.warnings)


def test_limit_and_batches(tmp_path):
    p = tmp_path / "n.csv"
    p.write_text("id\n" + "".join(f"{i:05d}\n" for i in range(1000)), encoding="utf-8")
    table, source = read_table(p, limit=10)
    assert table.num_rows == 10 and source.truncated
    assert table.column("id").to_pylist()[0] == "00000"
    table, source = read_table(p, limit=1000)
    assert table.num_rows == 1000 and not source.truncated
    gb = tmp_path / "g.csv"
    gb.write_bytes(("编号\n" + "".join(f"{i:05d}\n" for i in range(100))).encode("gbk"))
    table, source = read_table(gb, limit=5)
    assert table.column("编号").to_pylist() == ["00000", "00001", "00002", "00003", "00004"]
    assert source.truncated and source.encoding == "gbk"
    assert sum(b.num_rows for b in iter_batches(gb)) == 100


def test_header_only(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("姓名,手机\n", encoding="utf-8")
    table, source = read_table(p)
    assert table.num_rows == 0 and table.column_names == ["姓名", "手机"]


def test_record_longer_than_block_but_within_limit(tmp_path, monkeypatch):
    import piguard.io.delimited as d

    monkeypatch.setattr(d, "FIRST_BLOCK", 1 << 12)
    p = tmp_path / "l.csv"
    p.write_text("a,b\n1," + "y" * 100_000 + "\n2,3\n", encoding="utf-8")
    table, _ = read_table(p)
    assert table.num_rows == 2 and len(table.column("b")[0].as_py()) == 100_000
    assert iter_batches(p).read_all().num_rows == 2


def test_values_stay_text_even_if_header_parses_differently(tmp_path, monkeypatch):
    # If pyarrow and Python's csv module ever split a header differently, the
    # type map misses a column and pyarrow would infer 007 -> 7; the reader
    # must notice and re-read with pyarrow's own names.
    import dataclasses

    import piguard.io.delimited as d

    real = d._plan
    monkeypatch.setattr(d, "_plan", lambda *a, **k: dataclasses.replace(real(*a, **k), headers=("x", "y")))
    p = tmp_path / "h.csv"
    p.write_text("a,b\n007,0.10\n", encoding="utf-8")
    assert read_table(p).table.to_pylist() == [{"a": "007", "b": "0.10"}]
    assert iter_batches(p).read_all().to_pylist() == [{"a": "007", "b": "0.10"}]


def test_blank_lines_before_header(tmp_path):
    p = tmp_path / "b.csv"
    p.write_text("\n\na,b\n007,1\n3\n", encoding="utf-8")
    table, source = read_table(p)
    assert source.headers == ["a", "b"]
    assert table.to_pylist() == [{"a": "007", "b": "1"}, {"a": "3", "b": None}]


def test_utf16_with_bom_round_trip(tmp_path):
    data = "姓名\t手机\r\n张三\t+86 138\r\n".encode("utf-16")
    p = tmp_path / "u.tsv"
    p.write_bytes(data)
    table, source = read_table(p)
    assert source.encoding == "utf-16" and source.bom and source.delimiter == "\t"
    assert table.to_pylist() == [{"姓名": "张三", "手机": "+86 138"}]
    write_table(table, tmp_path / "o.tsv", like=source)
    assert (tmp_path / "o.tsv").read_bytes() == data


def test_big5_is_not_read_as_gbk(tmp_path):
    # Big5 bytes often decode as GBK too, into rare characters; the GB2312
    # share check sends them to charset-normalizer instead.
    text = "姓名,地址\n陳小明,臺北市信義區\n黃美麗,高雄市鼓山區\n"
    p = tmp_path / "b.csv"
    p.write_bytes(text.encode("big5"))
    table, source = read_table(p)
    assert source.encoding == "big5"
    assert table.column("地址").to_pylist() == ["臺北市信義區", "高雄市鼓山區"]


def test_encoding_detection_on_a_large_gbk_sample():
    from piguard.io import detect_encoding

    sample = ("张三,13800138000,北京市朝阳区建国路88号\n" * 30000).encode("gbk")[: 1 << 20]
    assert detect_encoding(sample) == ("gbk", False)