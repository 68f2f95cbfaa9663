"""Share a table to several recipients, attack the copies like leakers do,
and trace them back: the right recipient named, nobody innocent named."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from piguard.trace import ledger, match
from piguard.trace.accuse import trace_rows
from piguard.trace.share import share_table

import trace_helpers as h
from trace_helpers import COLUMNS, customer_table

RECIPIENTS = ["agent-01", "agent-02", "agent-03", "agent-04"]


@pytest.fixture(scope="module")
def world(tmp_path_factory, base_table):
    """Four shares of the same 1,500 customers, in a private database."""
    from piguard import store

    mp = pytest.MonkeyPatch()
    mp.setenv("PIGUARD_HOME", str(tmp_path_factory.mktemp("home")))
    mp.setenv("PIGUARD_KEY", "trace tests master key 0123456789")
    mp.delenv("PIGUARD_DB", raising=False)
    store.reset_engines()
    copies = {}
    for i, r in enumerate(RECIPIENTS):
        out, receipt = share_table(base_table, r, purpose="test", columns=COLUMNS, seed=100 + i)
        copies[r] = (out, receipt)
    yield base_table, copies
    store.reset_engines()
    mp.undo()


def _trace(rows_, columns=None):
    t = h.table(rows_)
    cols = columns or [(c, dict(COLUMNS).get(c)) for c in t.column_names]
    return trace_rows(match.rows_of_table(t, cols))


def _innocent_named(res, guilty):
    return [c for c in res["candidates"] if c["p_value"] < 1e-6 and c["recipient"] not in guilty]


def test_real_customers_are_unchanged_and_canaries_bounded(world):
    from piguard.entities import get

    base, copies = world
    src = h.rows(base)
    phones = {r["手机号码"]: r for r in src}
    for r, (out, receipt) in copies.items():
        got = h.rows(out)
        real = [g for g in got if g["手机号码"] in phones]
        assert len(real) == base.num_rows
        for g, s in zip(real, src):
            # Order kept; identifiers and names byte for byte.
            for col in ("姓名", "手机号码", "身份证号", "产品"):
                assert g[col] == s[col]
            from piguard.trace.marks import canonical
            assert canonical(g["家庭住址"]) == canonical(s["家庭住址"])
        fakes = [g for g in got if g["手机号码"] not in phones]
        assert len(fakes) == receipt.canaries
        assert 0 < len(fakes) <= 0.02 * len(got)
        for f in fakes:
            assert get("CN_RESIDENT_ID").is_valid(f["身份证号"])
            assert get("PHONE_MOBILE").is_valid(f["手机号码"])
            assert get("PERSON_NAME").is_valid(f["姓名"])
            assert f["产品"] in {"车险", "意外险", "健康险", "寿险"}
        assert receipt.marked > base.num_rows // 2


def test_ledger_records_each_share(world):
    from piguard.store import session

    _, copies = world
    with session() as s:
        got = {row.recipient: row for row in s.scalars(select(ledger.Share))}
    assert set(got) == set(RECIPIENTS)
    for r, (_, receipt) in copies.items():
        row = got[r]
        assert row.id == receipt.share_id and row.n_rows == 1500 and row.purpose == "test"
        assert row.key_id == receipt.key_id and len(row.source_hash) == 64
        assert ledger.unpack_ids(row.rows).size == 1500


@pytest.mark.parametrize("n", [200, 1000])
def test_random_sample_names_the_recipient(world, n):
    _, copies = world
    rng = random.Random(n)
    for r in RECIPIENTS[:2]:
        res = _trace(h.sample(h.rows(copies[r][0]), n, rng))
        assert res["verdict"] and res["verdict"]["recipient"] == r
        assert res["verdict"]["p_value"] <= 1e-6
        assert not _innocent_named(res, {r})
        assert res["candidates"][0]["matched_rows"] >= n * 0.94  # the rest are canaries


def test_fifty_rows_with_a_canary_are_enough_for_name_and_phone(world):
    _, copies = world
    base, _ = world
    known = {x["手机号码"] for x in h.rows(base)}
    rng = random.Random(3)
    r = "agent-02"
    got = h.rows(copies[r][0])
    fakes = [g for g in got if g["手机号码"] not in known]
    real = [g for g in got if g["手机号码"] in known]
    found = 0
    for fake in fakes:
        leak = h.keep(rng.sample(real, 49) + [fake], ["姓名", "手机号码"])
        res = _trace(leak)
        assert not _innocent_named(res, {r})
        found += bool(res["verdict"] and res["verdict"]["recipient"] == r)
    # Every unique canary convicts on its own; pool canaries only add evidence.
    assert found >= len(fakes) - len(fakes) // 3


def test_reformatted_renamed_traditional_full_width(world):
    _, copies = world
    rng = random.Random(9)
    r = "agent-03"
    leak = []
    for row in h.sample(h.rows(copies[r][0]), 300, rng):
        leak.append({
            "电话": h.full_width(h.reformat_phone(row["手机号码"], rng)),
            "地址": h.traditional(row["家庭住址"]),
            "客户": h.traditional(row["姓名"]),
        })
    cols = [("电话", "PHONE_MOBILE"), ("地址", "ADDRESS"), ("客户", "PERSON_NAME")]
    res = _trace(leak, cols)
    assert res["verdict"]["recipient"] == r
    assert not _innocent_named(res, {r})


@pytest.mark.parametrize("share", [0.1, 0.5])
def test_altered_marks(world, share):
    _, copies = world
    rng = random.Random(int(share * 100))
    r = "agent-04"
    leak = h.alter_addresses(h.sample(h.rows(copies[r][0]), 400, rng), "家庭住址", share, rng)
    res = _trace(leak)
    assert res["verdict"]["recipient"] == r
    assert not _innocent_named(res, {r})


def test_broker_mix_where_leaked_rows_are_a_minority(world):
    _, copies = world
    rng = random.Random(21)
    r = "agent-01"
    other = h.rows(customer_table(1200, seed=777))
    leak = h.sample(h.rows(copies[r][0]), 300, rng) + other
    rng.shuffle(leak)
    res = _trace(leak)
    assert res["verdict"]["recipient"] == r
    assert res["candidates"][0]["matched_rows"] < len(leak) / 2
    assert not _innocent_named(res, {r})


@pytest.mark.parametrize("k,mode", [(2, "union"), (3, "union"), (2, "intersection"), (3, "intersection")])
def test_colluders(world, k, mode):
    _, copies = world
    rng = random.Random(k * 10 + len(mode))
    guilty = RECIPIENTS[:k]
    if mode == "union":
        leak = []
        for g in guilty:
            leak += h.sample(h.rows(copies[g][0]), 300, rng)
    else:
        # Keep only the customers every colluder has; each row from a random colluder.
        by_phone = [{x["手机号码"]: x for x in h.rows(copies[g][0])} for g in guilty]
        common = set.intersection(*(set(b) for b in by_phone))
        leak = [by_phone[rng.randrange(k)][p] for p in rng.sample(sorted(common), 600)]
    res = _trace(leak)
    assert res["verdict"] and res["verdict"]["recipient"] in guilty
    assert not _innocent_named(res, set(guilty))


def test_never_shared_data_names_nobody(world):
    res = _trace(h.rows(customer_table(800, seed=4242)))
    assert res["verdict"] is None
    assert all(c["p_value"] == 1.0 for c in res["candidates"])


def test_the_unmarked_source_names_nobody(world):
    base, _ = world
    res = _trace(h.sample(h.rows(base), 1000, random.Random(1)))
    assert res["verdict"] is None
    assert min((c["p_value"] for c in res["candidates"]), default=1.0) > 1e-6
    assert res["candidates"][0]["matched_rows"] == 1000


def test_random_realistic_name_phone_pairs_never_convict(world):
    """Null: name + phone of never-shared customers, random realistic pairs,
    and near misses (a canary's phone with another name, a canary's name with
    another phone) never give evidence against anyone."""
    from piguard.entities import get

    base, copies = world
    known = {x["手机号码"] for x in h.rows(base)}
    rng = random.Random(77)
    gen_name, gen_phone = get("PERSON_NAME").generate, get("PHONE_MOBILE").generate
    leak = h.keep(h.rows(customer_table(600, seed=4243)), ["姓名", "手机号码"])
    leak += [{"姓名": gen_name(rng), "手机号码": gen_phone(rng)} for _ in range(600)]
    fakes = [g for r in RECIPIENTS for g in h.rows(copies[r][0]) if g["手机号码"] not in known]
    for f in fakes:
        leak.append({"姓名": gen_name(rng), "手机号码": f["手机号码"]})
        leak.append({"姓名": f["姓名"], "手机号码": gen_phone(rng)})
    rng.shuffle(leak)
    res = _trace(leak)
    assert res["verdict"] is None
    assert all(c["p_value"] == 1.0 for c in res["candidates"])


def test_one_canary_in_two_hundred_name_phone_rows(world):
    """Every unique canary convicts alone among 199 real name + phone rows;
    the same rows with the canary's phone changed convict nobody."""
    base, copies = world
    known = {x["手机号码"] for x in h.rows(base)}
    r = "agent-01"
    got = h.rows(copies[r][0])
    with_ids = {c["phone"] for c in _canary_records("unique")}
    uniques = [g for g in got if g["手机号码"] in with_ids]
    real = [g for g in got if g["手机号码"] in known]
    rng = random.Random(5)
    assert uniques
    for fake in uniques:
        leak = h.keep(rng.sample(real, 199) + [fake], ["姓名", "手机号码"])
        res = _trace(leak)
        assert res["verdict"] and res["verdict"]["recipient"] == r, fake["姓名"]
        assert not _innocent_named(res, {r})
        miss = [dict(x) for x in leak]
        miss[-1]["手机号码"] = fake["手机号码"][:-1] + str((int(fake["手机号码"][-1]) + 1) % 10)
        assert _trace(miss)["verdict"] is None


def _canary_records(kind):
    import json

    from piguard.store import session

    with session() as s:
        return [json.loads(x) for x in s.scalars(select(ledger.Canary.record).where(ledger.Canary.kind == kind))]
