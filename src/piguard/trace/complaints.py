"""Complaints tracing: which actors' access explains the complaining customers?

Customers complain (fraud calls, spam) after their data leaked from inside.
For every actor in the access log we count the complaining customers the
actor accessed *before* that customer complained, and ask how surprising the
count is for that actor.

The null model respects role and branch. Each customer belongs to the branch
(``dept``) that accesses them most, leaving out the actor under test; under
the null, actor ``a`` reaches a complaining customer ``i`` with the same
chance as any customer of ``i``'s branch: the fraction of that branch's
customers ``a`` had accessed by the time ``i`` complained. A branch agent
who serves the complaining customers' branch therefore *expects* to have
seen many of them, and a quality inspector who samples customers at random
expects to have seen a random few; neither is flagged for doing their job.
The count is a sum of independent Bernoulli variables with those chances
(Poisson binomial, exact tail), corrected for the number of actors tested.

>>> import datetime as dt
>>> ev = [Event(dt.datetime(2024, 1, d), "u1", "agent", "b1", "view", ("c%d" % d,)) for d in range(1, 5)]
>>> res = trace_events(ev, [("c1", dt.datetime(2024, 2, 1))], alpha=1e-6)
>>> res["verdict"] is None, res["candidates"][0]["actor"]
(True, 'u1')
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from piguard.errors import BadInput
from piguard.trace import stats

MAX_CANDIDATES = 10


@dataclass(frozen=True)
class Event:
    ts: dt.datetime
    actor: str
    role: str
    dept: str
    action: str
    customers: tuple


def _time(value, where: str) -> dt.datetime:
    s = str(value or "").strip()
    if not s:
        raise BadInput("missing timestamp", where=where)
    try:
        t = dt.datetime.fromisoformat(s.replace("Z", "+00:00").replace("/", "-"))
    except ValueError:
        raise BadInput(f"bad timestamp '{s[:40]}' (ISO 8601 expected)", where=where) from None
    return t.replace(tzinfo=None) if t.tzinfo is None else t.astimezone(dt.timezone.utc).replace(tzinfo=None)


def read_log(path) -> list[Event]:
    """Access-log events (CSV or JSON Lines, the audit contract's columns)."""
    from piguard import io

    table, _ = io.read_table(Path(path))
    cols = set(table.column_names)
    need = {"ts", "actor", "customer_ids"}
    if not need <= cols:
        raise BadInput(f"access log lacks column(s) {', '.join(sorted(need - cols))}", where=str(path))
    out = []
    for n, r in enumerate(table.to_pylist(), start=2):
        ids = tuple(x.strip() for x in str(r.get("customer_ids") or "").split(";") if x.strip())
        if not ids:
            continue
        out.append(Event(_time(r["ts"], f"{path}:{n}"), str(r["actor"]), str(r.get("role") or ""),
                         str(r.get("dept") or ""), str(r.get("action") or ""), ids))
    return out


def read_complaints(path) -> list[tuple[str, dt.datetime | None]]:
    """``(customer id, complaint time or None)`` from a CSV of complaints."""
    from piguard import io

    table, _ = io.read_table(Path(path))
    names = table.column_names
    id_col = next((c for c in names if c.lower() in ("customer_id", "customer", "id", "客户号", "客户编号")), None)
    ts_col = next((c for c in names if c.lower() in ("complained_at", "ts", "time", "date", "投诉时间", "complaint_ts")), None)
    if id_col is None:
        raise BadInput("complaints file needs a customer_id column", where=str(path))
    out = []
    for n, r in enumerate(table.to_pylist(), start=2):
        cid = str(r.get(id_col) or "").strip()
        if cid:
            out.append((cid, _time(r[ts_col], f"{path}:{n}") if ts_col and r.get(ts_col) else None))
    if not out:
        raise BadInput("no complaining customers in the file", where=str(path))
    return out


def trace_complaints(complaints, access_log, *, alpha: float = 1e-6) -> dict:
    """Rank actors whose access explains the complaints (contract JSON)."""
    return trace_complaints_full(complaints, access_log, alpha=alpha)[0]


def trace_complaints_full(complaints, access_log, *, alpha: float = 1e-6) -> tuple[dict, dict]:
    result = trace_events(read_log(access_log), read_complaints(complaints), alpha=alpha)
    details = result.pop("_details")
    return result, details


def trace_events(events: list[Event], complaints, *, alpha: float = 1e-6) -> dict:
    if not (0 < alpha < 1):
        raise BadInput("--alpha must be between 0 and 1")
    # First access of each customer by each actor; accesses per (customer, dept, actor).
    first: dict[str, dict[str, dt.datetime]] = defaultdict(dict)
    by_dept: dict[str, Counter] = defaultdict(Counter)
    actor_dept: dict[str, Counter] = defaultdict(Counter)
    role_of: dict[str, Counter] = defaultdict(Counter)
    dept_of: dict[str, Counter] = defaultdict(Counter)
    actions: dict[str, Counter] = defaultdict(Counter)
    for e in events:
        role_of[e.actor][e.role] += 1
        dept_of[e.actor][e.dept] += 1
        actions[e.actor][e.action] += 1
        for c in e.customers:
            f = first[e.actor]
            if c not in f or e.ts < f[c]:
                f[c] = e.ts
            by_dept[c][e.dept] += 1
            actor_dept[(e.actor, c)][e.dept] += 1
    branch = {c: cnt.most_common(1)[0][0] for c, cnt in by_dept.items()}
    members: dict[str, int] = Counter(branch.values())
    # Per actor and branch: sorted first-access times to that branch's customers.
    reach: dict[str, dict[str, list]] = {}
    for a, f in first.items():
        per: dict[str, list] = defaultdict(list)
        for c, t in f.items():
            per[branch[c]].append(t)
        for v in per.values():
            v.sort()
        reach[a] = per
    end = max((e.ts for e in events), default=None)
    comp = [(c, t or end) for c, t in complaints]
    m = max(1, len(first))
    results = []
    for a in first:
        probs, hits, expected = [], 0, 0.0
        for c, t in comp:
            b = _branch_without(by_dept.get(c), actor_dept.get((a, c)))
            if b is None or not members.get(b):
                continue
            seen = bisect.bisect_left(reach[a].get(b, []), t)
            p = min(1.0, seen / members[b])
            probs.append(p)
            expected += p
            if c in first[a] and first[a][c] < t:
                hits += 1
        pv = stats.poisson_binomial_sf(hits, probs) if hits else 1.0
        results.append({"actor": a, "p_value": max(1e-300, stats.bonferroni(pv, m)) if hits else 1.0,
                        "matched_rows": hits, "expected": expected,
                        "role": role_of[a].most_common(1)[0][0], "dept": dept_of[a].most_common(1)[0][0],
                        "actions": dict(actions[a]), "accessed": len(first[a])})
    results.sort(key=lambda r: (r["p_value"], -r["matched_rows"], r["actor"]))
    shown = [r for r in results if r["matched_rows"] > 0][:MAX_CANDIDATES]
    verdict = None
    if shown and shown[0]["p_value"] < alpha:
        verdict = {"actor": shown[0]["actor"], "p_value": shown[0]["p_value"]}
    cands = []
    for r in shown:
        cands.append({"actor": r["actor"], "p_value": r["p_value"], "matched_rows": r["matched_rows"],
                      "evidence": [
                          f"accessed {r['matched_rows']} of {len(comp)} complaining customers before they complained",
                          f"expected {r['expected']:.1f} for this actor's own access pattern over those customers' "
                          f"branches (role {r['role'] or '?'}, dept {r['dept'] or '?'}, {r['accessed']} customers accessed)",
                          "actions: " + ", ".join(f"{k} x{v}" for k, v in sorted(r["actions"].items())),
                      ]})
    return {"rows": len(comp), "verdict": verdict, "candidates": cands,
            "_details": {"actors": shown, "complaints": len(comp), "actors_tested": m}}


def _branch_without(counts: Counter | None, own: Counter | None) -> str | None:
    """The branch of a customer, leaving out the actor under test's access."""
    if not counts:
        return None
    rest = Counter(counts)
    if own:
        rest.subtract(own)
    rest = +rest
    if not rest:
        return counts.most_common(1)[0][0]
    return rest.most_common(1)[0][0]
