"""Every kind of bad input gives one clear BadInput naming the file."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from piguard.errors import BadInput
from piguard.io import iter_batches, iter_tables, limits, read_table, read_texts

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256))
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def bad(call, *parts):
    with pytest.raises(BadInput) as info:
        call()
    message = str(info.value)
    assert "\n" not in message
    for part in parts:
        assert part in message, message
    return message


def test_missing_file(tmp_path):
    bad(lambda: read_table(tmp_path / "nope.csv"), "nope.csv", "no such file")


def test_folder_without_tables(tmp_path):
    (tmp_path / "readme.pdf").write_bytes(b"%PDF-1.4")
    bad(lambda: list(iter_tables(tmp_path)), str(tmp_path), "holds no tables")
    bad(lambda: read_table(tmp_path), "is a folder")


@pytest.mark.parametrize("content,what", [(PNG, "PNG image"), (ELF, "ELF executable"),
                                          (b"abc\x00def\x00" * 10, "binary")])
def test_binary_renamed_csv(tmp_path, content, what):
    p = tmp_path / "data.csv"
    p.write_bytes(content)
    bad(lambda: read_table(p), "data.csv", what)
    bad(lambda: list(iter_batches(p)), "data.csv", what)


def test_empty_and_blank_files(tmp_path):
    for name in ("e.csv", "e.jsonl", "e.xlsx", "e.parquet", "e.txt"):
        (tmp_path / name).write_bytes(b"")
        call = (lambda n=name: list(read_texts(tmp_path / n))) if name.endswith(".txt") else (
            lambda n=name: read_table(tmp_path / n))
        bad(call, name, "is empty")
    (tmp_path / "blank.csv").write_bytes(b"\n \r\n")
    bad(lambda: read_table(tmp_path / "blank.csv"), "blank.csv", "no header")


def test_undecodable_bytes_name_the_line(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "SAMPLE_BYTES", 64)
    p = tmp_path / "u.csv"
    # Valid UTF-8 Chinese first, then bytes no encoding reads together with it.
    p.write_bytes("姓名,电话\n张三,1\n".encode() + b"x,1\n" * 30 + b"\xff\xfe\xfa,2\n")
    bad(lambda: read_table(p), "u.csv", "line 33", "cannot be decoded")
    bad(lambda: list(iter_batches(p)), "u.csv", "line 33")


def test_undecodable_gbk_later_in_file(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "SAMPLE_BYTES", 64)
    p = tmp_path / "g.csv"
    p.write_bytes("姓名,电话\n张三,1\n".encode("gbk") * 10 + b"\x81\x20,2\n")
    bad(lambda: list(iter_batches(p)), "g.csv", "line 21", "gbk")
    bad(lambda: read_table(p), "g.csv", "gbk")


def test_huge_single_line_is_bounded(tmp_path, monkeypatch):
    # The same code path as a 100 MB line with the default 16 MiB limit, at
    # a size a test can afford: the limit is lowered to 1 MiB and the line
    # is 20 MiB; the reader must fail fast and never hold the line.
    monkeypatch.setattr(limits, "MAX_RECORD_BYTES", 1 << 20)
    p = tmp_path / "long.csv"
    with open(p, "wb") as f:
        f.write(b"a,b\n1,2\n")
        f.write(b"x" * (20 << 20))
        f.write(b",y\n")
    start = time.monotonic()
    bad(lambda: read_table(p), "long.csv", "line 3", "longer than 1048576 bytes")
    bad(lambda: list(iter_batches(p)), "long.csv", "longer than")
    assert time.monotonic() - start < 30
    # Peak memory, measured in a fresh process so earlier tests do not hide it.
    probe = (
        "import resource, sys\n"
        "from piguard.io import limits, read_table, iter_batches\n"
        "from piguard.errors import BadInput\n"
        "limits.MAX_RECORD_BYTES = 1 << 20\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "for read in (read_table, lambda p: list(iter_batches(p))):\n"
        "    try:\n"
        "        read(sys.argv[1])\n"
        "    except BadInput:\n"
        "        pass\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", probe, str(p)], capture_output=True, text=True, env=env,
                         timeout=120, check=True)
    assert int(out.stdout.strip()) < 12, out.stdout  # MiB; the line alone is 20 MiB
    one = tmp_path / "one.csv"
    one.write_bytes(b"x" * (3 << 20))
    bad(lambda: read_table(one), "one.csv", "line 1 is longer")
    txt = tmp_path / "long.txt"
    txt.write_bytes(b"x" * (3 << 20))
    bad(lambda: list(read_texts(txt)), "long.txt", "line 1 is longer")
    js = tmp_path / "long.jsonl"
    js.write_bytes(b'{"a": "' + b"x" * (3 << 20) + b'"}\n')
    bad(lambda: read_table(js), "long.jsonl", "line 1 is longer")


def test_unclosed_quote_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_RECORD_BYTES", 1 << 16)
    p = tmp_path / "q.csv"
    p.write_bytes(b'a,b\n1,"never closed\n' + b"2,3\n" * 40000)
    bad(lambda: read_table(p), "q.csv")


def test_unsupported_extension(tmp_path):
    for name, hint in (("a.xls", "save it as .xlsx"), ("a.json", "JSON Lines"), ("a.docx", "supported:")):
        (tmp_path / name).write_bytes(b"x")
        bad(lambda n=name: read_table(tmp_path / n), name, hint)


def test_corrupt_xlsx(tmp_path):
    p = tmp_path / "c.xlsx"
    p.write_bytes(b"PK\x03\x04" + b"garbage" * 100)
    bad(lambda: read_table(p), "c.xlsx", "not a readable XLSX")
    q = tmp_path / "text.xlsx"
    q.write_text("a,b\n1,2\n")
    bad(lambda: read_table(q), "text.xlsx", "not an XLSX")


def test_corrupt_parquet_and_jsonl(tmp_path):
    p = tmp_path / "c.parquet"
    p.write_bytes(b"PAR1garbagegarbage")
    bad(lambda: read_table(p), "c.parquet", "not a readable Parquet")
    j = tmp_path / "c.jsonl"
    j.write_text("[1, 2]\nnot json\n")
    bad(lambda: read_table(j), "c.jsonl", "no JSON objects")


def test_folder_skips_bad_files_with_warning(tmp_path):
    (tmp_path / "good.csv").write_text("a\n1\n")
    (tmp_path / "bad.csv").write_bytes(PNG)
    (tmp_path / "pic.png").write_bytes(PNG)
    notes = []
    tables = list(iter_tables(tmp_path, on_warning=notes.append))
    assert [s.path for _, s in tables] == [str(tmp_path / "good.csv")]
    assert any("pic.png" in n for n in notes) and any("bad.csv" in n and "PNG" in n for n in notes)


def test_bad_db_urls_hide_the_password():
    from piguard.io import list_db_tables

    bad(lambda: list_db_tables("not a url"), "not a database URL")
    msg = bad(lambda: list_db_tables("nosuchdb+x://u:hunter2@h/db"), "bad database URL")
    assert "hunter2" not in msg
    msg = bad(lambda: list_db_tables("postgresql://app:hunter2@127.0.0.1:1/crm"), "cannot connect", "***")
    assert "hunter2" not in msg
    bad(lambda: list_db_tables("sqlite:////nonexistent/dir/x.db"), "no such SQLite database file")
