"""``piguard detect``: one JSON line per document, bad input exits 2."""
import json
import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def piguard(*args):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "piguard.cli.main", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


TEXT = "请联系王小明，手机13800138000，邮箱 wxm@example.com"


def test_text_argument():
    r = piguard("detect", TEXT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["id"] == "0"
    ents = {e["entity"]: e for e in doc["entities"]}
    phone = ents["PHONE_MOBILE"]
    assert TEXT[phone["start"]:phone["end"]] == phone["text"] == "13800138000"
    assert set(phone) == {"start", "end", "entity", "score", "text"}


def test_jsonl_input_keeps_ids(tmp_path):
    p = tmp_path / "docs.jsonl"
    p.write_text(json.dumps({"id": "d1", "text": TEXT}, ensure_ascii=False) + "\n\n"
                 + json.dumps({"id": 7, "text": "没有个人信息"}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = piguard("detect", "--in", p)
    assert r.returncode == 0, r.stderr
    docs = [json.loads(x) for x in r.stdout.splitlines()]
    assert [d["id"] for d in docs] == ["d1", "7"]
    assert docs[1]["entities"] == []


def test_text_file_one_document_per_line(tmp_path):
    p = tmp_path / "docs.txt"
    p.write_text("手机13800138000\n\n身份证11010519491231002X\n", encoding="utf-8")
    docs = [json.loads(x) for x in piguard("detect", "--in", p).stdout.splitlines()]
    assert [d["id"] for d in docs] == ["docs.txt:1", "docs.txt:3"]
    assert [e["entity"] for d in docs for e in d["entities"]] == ["PHONE_MOBILE", "CN_RESIDENT_ID"]


def test_malformed_jsonl_lines_are_skipped_with_a_warning(tmp_path):
    p = tmp_path / "docs.jsonl"
    p.write_text('{"id": 1, "text": "手机13800138000"}\nnot json\n', encoding="utf-8")
    r = piguard("detect", "--in", p)
    assert r.returncode == 0
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["1"]
    assert "warning" in r.stderr


def test_entities_filter_and_explain():
    r = piguard("detect", TEXT, "--entities", "phone_mobile", "--explain")
    doc = json.loads(r.stdout)
    assert [e["entity"] for e in doc["entities"]] == ["PHONE_MOBILE"]
    assert "explanation" in doc["entities"][0]


def test_json_format_is_an_array():
    out = json.loads(piguard("detect", TEXT, "--format", "json").stdout)
    assert isinstance(out, list) and out[0]["id"] == "0"


def _one_line_error(r):
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_bad_input(tmp_path):
    _one_line_error(piguard("detect"))
    _one_line_error(piguard("detect", "x", "--in", tmp_path / "a.jsonl"))
    _one_line_error(piguard("detect", "--in", tmp_path / "missing.jsonl"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _one_line_error(piguard("detect", "--in", empty))
    _one_line_error(piguard("detect", TEXT, "--entities", "PHONE_MOBIL"))
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    _one_line_error(piguard("detect", "--in", binary))
