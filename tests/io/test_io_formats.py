"""XLSX, Parquet, JSON Lines, text documents, folders and atomic writes."""
from __future__ import annotations

import datetime as dt
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from piguard.io import (atomic_write, iter_batches, iter_tables, read_table, read_texts, table_writer,
                        write_table)

VALUES = {
    "编号": ["007", "0001", None],
    "手机": ["+86 13800138000", "013800138000", "１３８００１３８０００"],
    "卡号": ["6222021234567890123456", "=HYPERLINK(\"x\")", " spaced "],
}


def test_xlsx_round_trip_keeps_text(tmp_path):
    table = pa.table(VALUES)
    p = tmp_path / "t.xlsx"
    write_table(table, p)
    back, source = read_table(p)
    assert back.to_pylist() == table.to_pylist()
    assert source.format == "xlsx" and source.sheet == "Sheet1" and source.headers == list(VALUES)
    write_table(back, tmp_path / "u.xlsx", like=source)
    assert read_table(tmp_path / "u.xlsx").table.equals(back)


def test_xlsx_typed_cells_read_as_excel_shows_them(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["手机", "邮编", "金额", "日期", "布尔", None])
    ws.append([13800138000, 100, 0.1, dt.datetime(2024, 5, 1), True, None])
    ws["B2"].number_format = "000000"
    ws.append([None, None, None, None, None, None])
    ws.append(["x", None, 12.5, dt.datetime(2024, 5, 1, 8, 30), False, None])
    wb.create_sheet("其他").append(["a"])
    p = tmp_path / "typed.xlsx"
    wb.save(p)
    table, source = read_table(p)
    assert source.sheet == "客户" and any("其他" in w for w in source.warnings)
    assert table.column_names == ["手机", "邮编", "金额", "日期", "布尔"]
    assert table.to_pylist() == [
        {"手机": "13800138000", "邮编": "000100", "金额": "0.1", "日期": "2024-05-01", "布尔": "TRUE"},
        {"手机": None, "邮编": None, "金额": None, "日期": None, "布尔": None},
        {"手机": "x", "邮编": None, "金额": "12.5", "日期": "2024-05-01 08:30:00", "布尔": "FALSE"},
    ]
    sheets = list(iter_tables(p))
    assert [s.sheet for _, s in sheets] == ["客户", "其他"]


def test_parquet_round_trip_and_types_restored(tmp_path):
    p = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": pa.array([1, 2, None], pa.int64()), "amt": [0.1, 2.5, None],
                             **{k: v for k, v in VALUES.items()}}), p)
    table, source = read_table(p)
    assert table.column("id").to_pylist() == ["1", "2", None]
    assert table.column("amt").to_pylist() == ["0.1", "2.5", None]
    assert table.column("手机").to_pylist() == VALUES["手机"]
    write_table(table, tmp_path / "o.parquet", like=source)
    out = pq.read_table(tmp_path / "o.parquet")
    assert out.schema.field("id").type == pa.int64() and out.column("amt").to_pylist() == [0.1, 2.5, None]
    masked = table.set_column(0, "id", pa.array(["1**", "2**", None]))
    write_table(masked, tmp_path / "m.parquet", like=source)
    assert pq.read_table(tmp_path / "m.parquet").column("id").to_pylist() == ["1**", "2**", None]


def test_jsonl_round_trip_byte_identical(tmp_path):
    text = ('{"id": 1, "手机": "+86 138", "amt": 0.10, "big": 12345678901234567890123, "ok": true, '
            '"tags": [1, "a"], "none": null}\n'
            '{"id": 2, "手机": "013800138000", "amt": 1e3, "ok": false, "none": null}\n')
    p = tmp_path / "t.jsonl"
    p.write_text(text, encoding="utf-8")
    table, source = read_table(p)
    assert table.to_pylist()[0] == {"id": "1", "手机": "+86 138", "amt": "0.10",
                                    "big": "12345678901234567890123", "ok": "true", "tags": '[1,"a"]',
                                    "none": None}
    assert table.to_pylist()[1]["big"] is None
    write_table(table, tmp_path / "o.jsonl", like=source)
    expected = text.replace('[1, "a"]', '[1, "a"]')
    assert (tmp_path / "o.jsonl").read_text(encoding="utf-8") == expected


def test_jsonl_bad_lines_skipped_with_warning(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text('{"a": "1"}\nnot json\n[1]\n\n{"a": "2"}\n', encoding="utf-8")
    table, source = read_table(p)
    assert table.column("a").to_pylist() == ["1", "2"]
    assert source.warnings == ["lines 2, 3 are not JSON objects and were skipped"]


def test_streaming_writer_is_atomic(tmp_path):
    p = tmp_path / "s.csv"
    with table_writer(p, ["a", "b"]) as w:
        w.write(pa.record_batch({"a": ["1", None], "b": ["x,y", "z"]}))
        w.write(pa.record_batch({"a": ["2"], "b": ["w"]}))
    assert p.read_text() == 'a,b\n1,"x,y"\n,z\n2,w\n'
    with pytest.raises(RuntimeError):
        with table_writer(p, ["a"]) as w:
            w.write(pa.record_batch({"a": ["new"]}))
            raise RuntimeError("boom")
    assert p.read_text() == 'a,b\n1,"x,y"\n,z\n2,w\n'
    assert os.listdir(tmp_path) == ["s.csv"]


def test_atomic_write_keeps_old_file_on_error(tmp_path):
    p = tmp_path / "x.bin"
    p.write_bytes(b"old")
    with pytest.raises(ValueError):
        with atomic_write(p) as f:
            f.write(b"new half")
            raise ValueError
    assert p.read_bytes() == b"old" and os.listdir(tmp_path) == ["x.bin"]


@pytest.mark.parametrize("name", ["o.csv", "o.xlsx", "o.parquet", "o.jsonl"])
def test_failed_write_leaves_nothing(tmp_path, name):
    class Exploding:
        column_names = ["a"]

        def to_batches(self, **_):
            yield pa.record_batch({"a": ["1"]})
            raise OSError("disk full")

    from piguard.io import tables

    with pytest.raises(OSError):
        tables.write_table(Exploding(), tmp_path / name) if not name.endswith("parquet") else \
            _stream_then_fail(tmp_path / name)
    assert os.listdir(tmp_path) == []


def _stream_then_fail(path):
    with table_writer(path, ["a"]) as w:
        w.write(pa.record_batch({"a": ["1"]}))
        raise OSError("disk full")


def test_iter_batches_formats_agree(tmp_path):
    table = pa.table(VALUES)
    for name in ("a.csv", "a.xlsx", "a.parquet", "a.jsonl"):
        write_table(table, tmp_path / name)
        reader = iter_batches(tmp_path / name)
        assert reader.read_all().to_pylist() == table.to_pylist(), name
        assert reader.source.rows == 3
        first, source = read_table(tmp_path / name, limit=2)
        assert first.num_rows == 2 and source.truncated, name


def test_read_texts_lines_jsonl_html_folder(tmp_path):
    (tmp_path / "a.txt").write_bytes("出售车险资料\r\n\r\nQQ 12345\r\n".encode("gbk"))
    (tmp_path / "b.jsonl").write_text('{"id": "p1", "text": "收购快递单号"}\n{"x": 1}\n', encoding="utf-8")
    (tmp_path / "c.html").write_text("<html><script>var a=1</script><body><p>手机 13800138000</p></body></html>",
                                     encoding="utf-8")
    (tmp_path / "d.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    notes = []
    docs = list(read_texts(tmp_path, on_warning=notes.append))
    assert [(d.id, d.text) for d in docs] == [("a.txt:1", "出售车险资料"), ("a.txt:3", "QQ 12345"),
                                             ("p1", "收购快递单号"), ("c.html", "手机 13800138000")]
    assert any("d.png" in n for n in notes) and any("lines 2" in n for n in notes)
