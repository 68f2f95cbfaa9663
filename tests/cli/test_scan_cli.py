"""``piguard scan`` as a user runs it: contract JSON on stdout, exit 2 and one
line on stderr for bad input, --out written atomically."""
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from piguard import entities

SRC = str(Path(__file__).resolve().parents[2] / "src")


def piguard(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "piguard.cli.main", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def gen(entity, n, seed=1):
    rng = random.Random(seed)
    return [entities.get(entity).generate(rng) for _ in range(n)]


@pytest.fixture
def csv_file(tmp_path):
    n = 50
    p = tmp_path / "customers.csv"
    rows = zip(gen("PERSON_NAME", n), gen("PHONE_MOBILE", n), [f"{i * 3.5:.2f}" for i in range(n)])
    p.write_text("姓名,联系电话,amount\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return p


def test_json_contract(csv_file):
    r = piguard("scan", csv_file, "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["path"].endswith("customers.csv") and out["rows"] == 50
    cols = out["columns"]
    assert [c["name"] for c in cols] == ["姓名", "联系电话", "amount"]
    assert [c["entity"] for c in cols] == ["PERSON_NAME", "PHONE_MOBILE", None]
    for c in cols:
        assert {"name", "entity", "score", "level", "matched", "sampled"} <= set(c)
    assert cols[1]["matched"] == 50 and cols[1]["level"]
    assert r.stderr == ""  # no progress bar when stderr is not a terminal


def test_several_paths_give_an_array(csv_file, tmp_path):
    other = tmp_path / "b.csv"
    other.write_text("sjh\n" + "\n".join(gen("PHONE_MOBILE", 20)) + "\n", encoding="utf-8")
    r = piguard("scan", csv_file, other)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert isinstance(out, list) and len(out) == 2


def test_folder_gives_an_array(csv_file):
    r = piguard("scan", csv_file.parent)
    assert r.returncode == 0, r.stderr
    assert isinstance(json.loads(r.stdout), list)


def test_jsonl_and_table(csv_file):
    r = piguard("scan", csv_file, "--format", "jsonl")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["rows"] == 50
    t = piguard("scan", csv_file, "--format", "table")
    assert t.returncode == 0 and "PHONE_MOBILE" in t.stdout


def test_out_is_written_atomically(csv_file, tmp_path):
    out = tmp_path / "report.json"
    out.write_text("old")
    r = piguard("scan", csv_file, "--out", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["rows"] == 50
    assert sorted(os.listdir(tmp_path)) == ["customers.csv", "report.json"]


def test_out_into_missing_folder_leaves_nothing(csv_file, tmp_path):
    r = piguard("scan", csv_file, "--out", tmp_path / "nope" / "r.json")
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1


def _one_line_error(r):
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    return lines[0]


def test_missing_file(tmp_path):
    assert "missing.csv" in _one_line_error(piguard("scan", tmp_path / "missing.csv"))


def test_empty_file(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    _one_line_error(piguard("scan", p))


def test_binary_file(tmp_path):
    p = tmp_path / "image.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    _one_line_error(piguard("scan", p))


def test_bad_format_and_no_path(csv_file):
    _one_line_error(piguard("scan", csv_file, "--format", "xml"))
    _one_line_error(piguard("scan"))


def test_html_out(csv_file, tmp_path):
    out = tmp_path / "r.html"
    r = piguard("scan", csv_file, "--format", "html", "--out", out)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_db_url(tmp_path):
    import sqlite3

    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("create table t (tel text)")
    con.executemany("insert into t values (?)", [(v,) for v in gen("PHONE_MOBILE", 40)])
    con.commit()
    con.close()
    r = piguard("scan", "--db-url", f"sqlite:///{db}", "--table", "t")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert isinstance(out, list) and out[0]["columns"][0]["entity"] == "PHONE_MOBILE"
    bad = piguard("scan", "--db-url", f"sqlite:///{db}", "--table", "missing")
    _one_line_error(bad)


def test_ragged_rows_are_scanned_with_a_warning_on_stderr(tmp_path):
    p = tmp_path / "ragged.csv"
    p.write_text("姓名,手机\n张伟,13800138000,多余\n李娜\n王芳,13900139000\n", encoding="utf-8")
    r = piguard("scan", p, "--format", "json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["rows"] == 2
    assert "record" in r.stderr and "skipped" in r.stderr
