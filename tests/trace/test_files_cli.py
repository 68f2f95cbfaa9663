"""The file-level path and the CLI: formats leakers use, the JSON contract,
bad input, the evidence report."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import trace_helpers as h
from trace_helpers import customer_table

SRC = str(Path(__file__).resolve().parents[2] / "src")


def piguard(*args):
    """The console command as a user runs it (env from the ``home`` fixture)."""
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "piguard.cli.main", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture()
def shared(home, tmp_path):
    """A source CSV shared to two recipients through the CLI."""
    src = tmp_path / "customers.csv"
    t = customer_table(600, seed=5)
    src.write_text("姓名,手机号码,身份证号,家庭住址,产品\n" + "".join(
        ",".join(r.values()) + "\n" for r in h.rows(t)), encoding="utf-8")
    out = {}
    for r in ("agent-a", "agent-b"):
        dst = tmp_path / f"{r}.csv"
        res = piguard("share", src, "--recipient", r, "--purpose", "collections", "--out", dst)
        assert res.returncode == 0, res.stderr
        receipt = json.loads(res.stdout)
        assert receipt["recipient"] == r and receipt["canaries"] == 12
        out[r] = (dst, receipt)
    return src, out


def _read(path):
    from piguard.io import read_table

    return h.rows(read_table(path)[0])


def test_gbk_csv_renamed_reordered_columns(shared, tmp_path):
    _src, out = shared
    rows = random.Random(1).sample(_read(out["agent-b"][0]), 250)
    leak = tmp_path / "leak.csv"
    lines = ["地址,客户名称,联系方式"] + [f"{r['家庭住址']},{r['姓名']},{h.reformat_phone(r['手机号码'], random.Random(2))}"
                                   for r in rows]
    leak.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    report = tmp_path / "evidence.html"
    res = piguard("trace", leak, "--format", "json", "--report", report)
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert set(got) == {"rows", "verdict", "candidates"}
    assert got["rows"] == 250
    assert got["verdict"]["recipient"] == "agent-b"
    assert got["verdict"]["share_id"] == out["agent-b"][1]["share_id"]
    c = got["candidates"][0]
    assert set(c) == {"recipient", "share_id", "p_value", "matched_rows", "evidence"}
    html = report.read_text(encoding="utf-8")
    assert "agent-b" in html and "5,000" in html and "<script" not in html


def test_xlsx_and_text_list(shared, tmp_path):
    import pyarrow as pa

    from piguard import trace
    from piguard.io import write_table

    _src, out = shared
    rows = random.Random(4).sample(_read(out["agent-a"][0]), 300)
    xl = tmp_path / "leak.xlsx"
    write_table(pa.table({"name": [r["姓名"] for r in rows], "addr": [r["家庭住址"] for r in rows],
                          "tel": [r["手机号码"] for r in rows]}), xl)
    assert trace(xl)["verdict"]["recipient"] == "agent-a"
    txt = tmp_path / "leak.txt"
    txt.write_text("\n".join(f"{r['姓名']} 电话{r['手机号码']} 住址{r['家庭住址']}" for r in rows), encoding="utf-8")
    got = trace(txt)
    assert got["rows"] == 300
    assert got["verdict"]["recipient"] == "agent-a"


def test_share_keeps_the_input_format(shared):
    src, out = shared
    original = {r["手机号码"]: r for r in _read(src)}
    copy = _read(out["agent-a"][0])
    assert sum(r["手机号码"] in original for r in copy) == len(original)
    for r in copy:
        if r["手机号码"] in original:
            assert r["身份证号"] == original[r["手机号码"]]["身份证号"]


def test_bad_input_exits_2_with_one_line(home, tmp_path):
    for args in (("trace", tmp_path / "missing.csv"),
                 ("trace", "--complaints", tmp_path / "c.csv"),
                 ("trace", tmp_path / "missing.csv", "--alpha", "2")):
        res = piguard(*args)
        assert res.returncode == 2 and res.stdout == ""
        assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    empty = tmp_path / "nothing.csv"
    empty.write_text("备注\n加急\n", encoding="utf-8")
    res = piguard("share", empty, "--recipient", "x", "--out", tmp_path / "o.csv")
    assert res.returncode == 2 and "identifier" in res.stderr
    assert not (tmp_path / "o.csv").exists()
