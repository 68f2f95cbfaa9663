"""The CLI: key create/list/rotate, mask and unmask, exit codes."""
import json
import os
import subprocess
import sys

import pytest


def cli(*args, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    src = os.path.join(os.path.dirname(__file__), "..", "..", "src")
    env["PYTHONPATH"] = os.path.abspath(src) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "piguard.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_key_commands():
    r = cli("key", "create", "crm")
    assert r.returncode == 0, r.stderr
    created = json.loads(r.stdout)
    assert created["name"] == "crm" and created["version"] == 1
    r = cli("key", "rotate", "crm")
    assert json.loads(r.stdout)["version"] == 2
    r = cli("key", "list")
    rows = json.loads(r.stdout)
    assert [x["state"] for x in rows] == ["retired", "active"]
    assert set(rows[0]) == {"kid", "name", "version", "state", "created_at"}
    r = cli("key", "create", "crm")
    assert r.returncode == 2 and "already exists" in r.stderr and "Traceback" not in r.stderr


def test_mask_errors_are_one_line(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("手机号\n13800138000\n", encoding="utf-8")
    r = cli("mask", str(f), "--preset", "dispaly", "--out", str(tmp_path / "b.csv"))
    assert r.returncode == 2 and "Did you mean 'display'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = cli("unmask", str(f), "--out", str(tmp_path / "c.csv"))
    assert r.returncode == 2 and "--purpose" in r.stderr


def test_mask_unmask_round_trip(tmp_path):
    import piguard.io as pio

    if not hasattr(pio, "read_table"):
        pytest.skip("piguard.io.read_table not available yet")
    f = tmp_path / "a.csv"
    f.write_text("姓名,手机号,备注\n王小明,13800138000,加急\n李四,+86 139-0013-9000,\n", encoding="utf-8")
    out = tmp_path / "m.csv"
    r = cli("mask", str(f), "--preset", "pseudonymize", "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert {c["name"]: c["operator"] for c in summary["columns"]}["手机号"] == "fpe"
    assert "13800138000" not in out.read_text(encoding="utf-8")
    back = tmp_path / "back.csv"
    r = cli("unmask", str(out), "--out", str(back), "--purpose", "customer request #12")
    assert r.returncode == 0, r.stderr
    assert back.read_bytes() == f.read_bytes()
    shown = tmp_path / "d.csv"
    assert cli("mask", str(f), "--preset", "display", "--out", str(shown)).returncode == 0
    r = cli("unmask", str(shown), "--out", str(tmp_path / "x.csv"), "--purpose", "p")
    assert r.returncode == 2 and "irreversibly" in r.stderr
