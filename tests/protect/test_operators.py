"""Operators on column values, one behaviour per test."""
import pytest

from piguard.errors import BadInput, UnknownName
from piguard.protect import operators
from piguard.protect.operators import Context, Keyring


def run(name, values, entity=None, keyring=None, **params):
    op = operators.get(name)
    return op.apply(values, Context(entity=entity, params=op.check(params), keyring=keyring, column="c"))


@pytest.mark.parametrize("value,first,last,want", [
    ("13800138000", 3, 4, "138****8000"),
    ("张三丰", 1, 0, "张**"),
    ("张三", 1, 0, "张*"),
    ("51343620000320711X", 1, 2, "5***************1X"),
    ("ab", 1, 1, "a*"),
    ("x", 1, 1, "*"),
])
def test_mask_ends(value, first, last, want):
    assert run("mask", [value], keep_first=first, keep_last=last) == [want]


def test_mask_styles():
    addr = "安徽省宿州市埇桥区建设路29号和谐家园17栋1单元1902室"
    assert run("mask", [addr], style="address") == ["安徽省宿州市埇桥区****"]
    assert run("mask", [addr], style="digits") == ["安徽省宿州市埇桥区建设路**号和谐家园**栋*单元****室"]
    assert run("mask", ["13800138000", None, ""], entity="PHONE_MOBILE") == ["138****8000", None, ""]


def test_redact_and_replace():
    assert run("redact", ["a", "", None]) == ["", "", None]
    assert run("redact", ["a"], text="[已删除]") == ["[已删除]"]
    assert run("replace", ["13800138000"], entity="PHONE_MOBILE", mode="tag") == ["<手机号>"]
    shared = {}
    op = operators.get("replace")
    ctx = Context(entity="PERSON_NAME", params=op.check({}), shared=shared)
    assert op.apply(["王小明", "李四", "王小明"], ctx) == ["客户_0001", "客户_0002", "客户_0001"]
    assert op.apply(["李四", "赵六"], ctx) == ["客户_0002", "客户_0003"]   # same run: same surrogate


@pytest.mark.parametrize("alg", ["sha256", "sm3"])
def test_pseudonym_is_keyed_consistent_and_normalised(alg):
    ring = Keyring("p")
    a = run("pseudonym", ["13800138000", "138-0013-8000", "13900139000"], entity="PHONE_MOBILE",
            keyring=ring, algorithm=alg)
    assert a[0] == a[1] != a[2]
    assert ring.active().kid in a[0]
    other = run("pseudonym", ["13800138000"], entity="PHONE_MOBILE", keyring=Keyring("q"), algorithm=alg)
    assert other[0].split("_")[-1] != a[0].split("_")[-1]
    assert "13800138000" not in a[0]


def test_sha256_and_sm3_differ():
    ring = Keyring("p")
    assert run("pseudonym", ["x"], keyring=ring)[0] != run("pseudonym", ["x"], keyring=ring, algorithm="sm3")[0]


def test_fpe_and_encrypt_invert():
    ring = Keyring()
    for name, params in (("fpe", {}), ("encrypt", {}), ("encrypt", {"algorithm": "sm4-gcm"})):
        op = operators.get(name)
        ctx = Context(entity="PHONE_MOBILE", column="tel", params=op.check(params), keyring=ring)
        vals = ["13800138000", "", None, "+86 139 0013 9000"]
        out = op.apply(vals, ctx)
        assert out != vals and op.invert(out, ctx) == vals


def test_generalize():
    assert run("generalize", ["1967-08-01", "1990/1/5", "bad", ""], level="year") == ["1967", "1990", "*", ""]
    assert run("generalize", ["1967-08-01"], level="age_band", as_of="2025-01-01") == ["50-59"]
    assert run("generalize", ["1967-08-01"], level="age_band", band=5, as_of="2025-01-01") == ["55-59"]
    assert run("generalize", ["7587.81", "12,000"], level="bucket", width=5000) == ["5000-9999", "10000-14999"]
    assert run("generalize", ["广东省深圳市南山区科技园南路103号"], level="city") == ["广东省深圳市"]
    assert run("generalize", ["1967-08-01"], entity="BIRTH_DATE") == ["1967"]


def test_date_shift_per_subject():
    op = operators.get("date_shift")
    ring = Keyring()
    ctx = Context(params=op.check({"subject": "id", "max_days": 30}), keyring=ring,
                  subject=["A", "A", "B", "A"])
    dates = ["2024-01-10", "2024-02-10", "2024-01-10", "20240301"]
    out = op.apply(dates, ctx)
    assert out != dates and len(out[3]) == 8
    import datetime as dt
    d = [dt.date.fromisoformat(x) for x in out[:3]]
    assert (d[1] - d[0]).days == 31                       # a subject's intervals survive
    assert op.invert(out, ctx) == dates
    with pytest.raises(BadInput, match="subject"):
        op.apply(dates, Context(params={"subject": None}, keyring=ring))


def test_unknown_operator_and_bad_params():
    with pytest.raises(UnknownName, match="Did you mean 'redact'"):
        operators.get("redacted")
    with pytest.raises(BadInput, match="keep_first"):
        operators.get("mask").check({"keep_frist": 3})
    with pytest.raises(BadInput, match="must be int"):
        operators.get("mask").check({"keep_first": "3"})
    with pytest.raises(BadInput, match="one of"):
        operators.get("encrypt").check({"algorithm": "des"})
    with pytest.raises(BadInput, match="irreversible"):
        operators.get("mask").invert(["x"], Context())
