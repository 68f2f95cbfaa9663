"""The ledger's compact sets and schema, the pool canaries, the report."""
from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import inspect, select

from piguard.trace import canary, ledger
from piguard.trace.evidence import render_leak
from piguard.trace.share import share_table

from trace_helpers import COLUMNS, customer_table


@pytest.mark.parametrize("n,universe", [(0, 10), (1, 5), (50_000, 200_000), (300, 10 ** 9)])
def test_id_sets_round_trip_and_answer_membership(n, universe):
    rng = np.random.default_rng(n)
    ids = rng.choice(universe, size=n, replace=False) if n else np.array([], dtype=np.int64)
    s = ledger.IdSet(ledger.pack_ids(ids))
    q = rng.integers(0, universe, size=4000)
    assert (s.contains(q) == np.isin(q, ids)).all()
    assert (s.ids() == np.unique(ids)).all() and s.size == n


def test_dense_sets_are_small():
    ids = np.random.default_rng(1).choice(200_000, size=50_000, replace=False)
    assert len(ledger.pack_ids(ids)) < 30_000


def test_canary_count_never_exceeds_two_percent():
    for n in range(0, 5000, 7):
        c = canary.count(n)
        assert c == 0 or c / (n + c) <= 0.02
        assert canary.count(n + 100) >= c


def test_schema_is_migrated(home):
    from piguard.store import engine

    names = set(inspect(engine()).get_table_names())
    assert {"trace_shares", "trace_tokens", "trace_canaries", "keys"} <= names


def test_pool_canaries_are_shared_by_random_groups(home):
    from piguard.store import session

    t = customer_table(800, seed=8)
    ids = []
    for i in range(6):
        _, r = share_table(t, f"r{i}", columns=COLUMNS, seed=i)
        ids.append(r.share_id)
    with session() as s:
        shares = {x.id: x for x in s.scalars(select(ledger.Share))}
        kinds = dict(s.execute(select(ledger.Canary.id, ledger.Canary.kind)).all())
    held = [set(ledger.unpack_ids(shares[i].canaries).tolist()) for i in ids]
    group = [{c for c in h if kinds[c] == "group"} for h in held]
    unique = [{c for c in h if kinds[c] == "unique"} for h in held]
    # Unique canaries belong to one share; pool canaries recur across shares.
    for a in range(6):
        for b in range(a + 1, 6):
            assert not unique[a] & unique[b]
    assert sum(len(g) for g in group) > len(set().union(*group))
    for i in ids:
        assert 0 < shares[i].group_p <= 0.25


def test_report_is_self_contained_and_names_the_thresholds():
    class E:
        share_id, created_at, purpose = "s1", "2026-01-01T00:00:00", "续保 <营销>"

    result = {"rows": 600, "verdict": {"recipient": "agent-<7>", "share_id": "s1", "p_value": 1e-40},
              "candidates": [{"recipient": "agent-<7>", "share_id": "s1", "p_value": 1e-40, "matched_rows": 590,
                              "evidence": ["canaries hit: 3"]}]}
    html = render_leak(result, {"evidence": [E()], "field_counts": {"phone": 600, "card": 60}, "columns": []})
    assert "agent-&lt;7&gt;" in html and "<营销>" not in html
    assert "<script" not in html and "http" not in html.split("</style>")[1]
    assert "50" in html and "5,000" in html and "reached" in html
