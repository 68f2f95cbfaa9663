"""YAML policies: resolution order and errors that name the line."""
import pytest

from piguard.errors import BadInput
from piguard.protect import policy, presets

GOOD = """\
preset: display
key: crm
columns:
  手机号码: {operator: fpe}
  备注: keep
  出生日期: {operator: generalize, level: age_band, band: 5}
entities:
  EMAIL: redact
default: keep
k: 3
quasi_identifiers: [出生日期]
"""


def test_resolution_order():
    p = policy.loads(GOOD)
    assert p.key == "crm" and p.k == 3 and p.quasi_identifiers == ["出生日期"]
    assert p.rule_for("手机号码", "PHONE_MOBILE") == ("fpe", {})
    assert p.rule_for("x", "EMAIL") == ("redact", {})
    assert p.rule_for("x", "PHONE_MOBILE") == ("mask", {"keep_first": 3, "keep_last": 4})
    assert p.rule_for("出生日期", "BIRTH_DATE") == ("generalize", {"level": "age_band", "band": 5})
    assert p.rule_for("x", None) == ("keep", {})


@pytest.mark.parametrize("text,line,match", [
    ("preset: dispaly\n", 1, "Did you mean 'display'"),
    ("columns:\n  a: mask\n  b: {operator: fppe}\n", 3, "Did you mean 'fpe'"),
    ("columns:\n  b: {keep_first: 2}\n", 2, "missing 'operator'"),
    ("columns:\n  b: {operator: mask, keep_frist: 2}\n", 2, "keep_first"),
    ("columns:\n  b: {operator: mask, keep_first: two}\n", 2, "must be int"),
    ("entities:\n  PHONE_MOBIL: mask\n", 2, "Did you mean 'PHONE_MOBILE'"),
    ("\n\npresets: display\n", 3, "Did you mean 'preset'"),
    ("k: 1\n", 1, "at least 2"),
    ("columns: [a, b]\n", 1, "must map"),
    ("columns:\n  a: [1\n", 3, "not valid YAML"),
    ("- a\n", 1, "a policy is a mapping"),
])
def test_errors_name_the_line(text, line, match):
    with pytest.raises(BadInput, match=match) as e:
        policy.loads(text, name="p.yaml")
    assert str(e.value).startswith(f"p.yaml:{line}:")


def test_load_file(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text(GOOD, encoding="utf-8")
    assert policy.load(f).preset is presets.get("display")
    with pytest.raises(BadInput, match="not found"):
        policy.load(tmp_path / "missing.yaml")
    with pytest.raises(BadInput, match="empty"):
        policy.loads("")


def test_every_preset_names_known_operators_and_sources():
    from piguard.protect import operators

    for p in presets.PRESETS.values():
        for ent, (op, params, source) in p.rules.items():
            assert ent == "*" or ent in presets.ENTITIES
            operators.get(op).check(dict(params))
            assert source
    assert "display" in presets.table_markdown()


def test_docs_list_the_preset_rules():
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "protect.md"
    assert presets.table_markdown() in doc.read_text(encoding="utf-8")
