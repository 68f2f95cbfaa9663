"""Trace a leaked file back to the share it came from.

For every share in the ledger the question is the same: could this leak have
been made without that share's copy? Under that hypothesis the share's
secret choices (its code bits, which pool canaries it got, its unique
canaries' values) are independent of the leak, which gives exact null
distributions:

* **marks and group canaries** - a Tardos score over the mark positions of
  leaked rows whose customer the share contained, plus the pool canaries
  found in the leak that the share was eligible for; p-value by a Chernoff
  bound with the exact two-point law of every term (``tardos.accuse``);
* **unique canaries** - leaked rows that match one of the share's own
  canaries on identity fields rare enough together (``HIT_BOUND``); under
  the null a row does so only by chance collision with a randomly generated
  value, bounded per row from the canary generator's own probability of the
  row's name and phone (``rarity``); the number of canaries found (binomial
  tail) and the rarest hit (``unique_tail``);
* the two are combined (three-way Bonferroni over marks, canaries and their
  Fisher combination), then corrected for the number of shares (Bonferroni).

Row-set provenance (which of the leaked customers the share contained) is
reported as evidence and restricts the mark positions scored, but never
enters a p-value: several shares and any unrecorded copy can hold the same
customers.

A verdict names a share only when its corrected p-value is below ``alpha``.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from sqlalchemy import select

from piguard.errors import BadInput
from piguard.store import session
from piguard.trace import ledger, marks, match, rarity, stats
from piguard.trace.tardos import Code, accuse, share_key

MAX_CANDIDATES = 10
# A channel whose every reading in the leak is the same rendering was
# normalised by whoever made the file: it says nothing, so it is dropped.
UNIFORM_MIN = 20
# A leaked row matches a canary only on identity fields that a random
# canary shares with an unrelated record with at most this probability.
HIT_BOUND = 1e-10
# p-values below this print as this (floating point ends near here).
P_FLOOR = 1e-300


@dataclass
class Evidence:
    share_id: str
    recipient: str
    p_value: float = 1.0
    matched_rows: int = 0
    marks_read: int = 0
    marks_score: float = 0.0
    marks_p: float = 1.0
    group_canaries: int = 0
    group_held: int = 0
    unique_canaries: int = 0
    unique_p: float = 1.0
    canary_rows: list = field(default_factory=list)
    created_at: str = ""
    n_rows: int = 0
    purpose: str | None = None

    def lines(self, n_leak: int) -> list[str]:
        out = [f"rows covered: {self.matched_rows} of {n_leak} leaked rows are customers this share "
               f"contained (not proof on its own: other shares and copies can hold them too)"]
        if self.unique_canaries:
            rows = ", ".join(str(r + 1) for r in self.canary_rows[:10])
            out.append(f"canaries hit: {self.unique_canaries} synthetic record(s) that exist only in this "
                       f"share appear in the leak (rows {rows}); chance of that without this share "
                       f"<= {self.unique_p:.3g}")
        if self.group_canaries:
            out.append(f"group canaries: {self.group_held} of {self.group_canaries} pool canaries found "
                       f"in the leak were in this share")
        if self.marks_read:
            out.append(f"marks matched: {self.marks_read} marked positions read, score {self.marks_score:.1f} "
                       f"(an unrelated share scores 0 on average, spread ~{math.sqrt(self.marks_read):.1f}); "
                       f"chance without this share <= {self.marks_p:.3g}")
        return out


def trace_rows(rows: match.Rows, *, alpha: float = 1e-6, db: str | None = None,
               shares=None) -> dict:
    """Score every share against leaked rows; the contract's JSON object."""
    if not (0 < alpha < 1):
        raise BadInput("--alpha must be between 0 and 1")
    secret, active_kid = ledger.secret(db)
    tok = ledger.Tokenizer(secret)
    with session(db) as s:
        row_tokens = [match.tokens(tok, f) for f in rows.fields]
        known = ledger.lookup(s, [t for ts in row_tokens for t in ts])
        custs, cand = _resolve(row_tokens, known)
        hits = _canary_hits(s, rows, cand)
        share_rows = list(s.execute(select(
            ledger.Share.id, ledger.Share.recipient, ledger.Share.n_rows, ledger.Share.group_p,
            ledger.Share.rows, ledger.Share.canaries, ledger.Share.eligible, ledger.Share.created_at,
            ledger.Share.purpose, ledger.Share.key_id)))
    if shares is not None:
        share_rows = [r for r in share_rows if r[0] in shares]
    m = max(1, len(share_rows))

    # Codes are keyed by the key version each share recorded.
    by_kid: dict[str, tuple] = {}

    def code_of(kid: str):
        if kid not in by_kid:
            sec = secret if kid == active_kid else ledger.secret(db, kid)[0]
            code = Code(sec)
            pos, pos_cust, y = _mark_readings(rows, custs, code)
            by_kid[kid] = (sec, code, pos, pos_cust, y, code.bias(pos) if pos.size else np.zeros(0))
        return by_kid[kid]

    row_cust = np.array([c if c is not None else 0 for c in custs], dtype=np.int64)
    q_rows = np.array([_row_collision(f) for f in rows.fields]) if rows.n else np.zeros(0)
    group_hits = {c for c, (kind, _) in hits.items() if kind == "group"}
    unique_hits = {c: rws for c, (kind, rws) in hits.items() if kind == "unique"}

    results = []
    for sid, recipient, n_rows, group_p, rblob, cblob, eblob, created, purpose, kid in share_rows:
        sec, code, pos, pos_cust, y, p_all = code_of(kid)
        ev = Evidence(sid, recipient, created_at=created.isoformat() if created else "", n_rows=n_rows,
                      purpose=purpose)
        srows = ledger.IdSet(rblob)
        held = ledger.unpack_ids(cblob) if (group_hits or unique_hits) else np.zeros(0, np.uint32)
        ev.matched_rows = int(srows.contains(row_cust).sum()) if rows.n else 0
        # Marks: only positions of customers this share contained.
        x_terms, y_terms, p_terms = [], [], []
        if pos.size and ev.matched_rows:
            sel = srows.contains(pos_cust)
            if sel.any():
                x_terms.append(code.bits(share_key(sec, sid), pos[sel], p_all[sel]))
                y_terms.append(y[sel])
                p_terms.append(p_all[sel])
                ev.marks_read = int(sel.sum())
        # Pool canaries found in the leak that this share was eligible for.
        if group_hits and group_p > 0:
            elig = ledger.unpack_ids(eblob)
            present = np.array(sorted(group_hits), dtype=np.uint32)
            e_sel = present[_member(elig, present)]
            if e_sel.size:
                hold = _member(held, e_sel)
                x_terms.append(hold)
                y_terms.append(np.ones(e_sel.size, dtype=np.int8))
                p_terms.append(np.full(e_sel.size, group_p))
                ev.group_canaries, ev.group_held = int(e_sel.size), int(hold.sum())
        if x_terms:
            # Only a p-value below 1 / (3 m) can matter after the corrections.
            score, p_m = accuse(np.concatenate(x_terms), np.concatenate(y_terms), np.concatenate(p_terms),
                                need=1.0 / (3 * m))
            ev.marks_score, ev.marks_p = score, p_m
        # Unique canaries of this share.
        mine = [c for c in held.tolist() if c in unique_hits] if unique_hits else []
        if mine:
            hit_rows = sorted({r for c in mine for r in unique_hits[c]})
            n_unique = _unique_count(held, eblob)
            ev.unique_canaries = len(hit_rows)
            ev.canary_rows = hit_rows
            ev.unique_p = unique_tail(hit_rows, q_rows, n_unique, len(mine))
        p_share = min(ev.marks_p, ev.unique_p, stats.combine([ev.marks_p, ev.unique_p]))
        ev.p_value = max(P_FLOOR, stats.bonferroni(min(1.0, 3 * p_share), m)) if p_share < 1 else 1.0
        results.append(ev)

    results.sort(key=lambda e: (e.p_value, -e.matched_rows, e.recipient))
    shown = [e for e in results if e.p_value < 1 or e.matched_rows > 0][:MAX_CANDIDATES]
    best = results[0] if results else None
    verdict = None
    if best is not None and best.p_value < alpha:
        verdict = {"recipient": best.recipient, "share_id": best.share_id, "p_value": best.p_value}
    return {
        "rows": rows.n,
        "verdict": verdict,
        "candidates": [{"recipient": e.recipient, "share_id": e.share_id, "p_value": e.p_value,
                        "matched_rows": e.matched_rows, "evidence": e.lines(rows.n)} for e in shown],
        "_evidence": shown,
    }


def trace(path, *, alpha: float = 1e-6, db: str | None = None) -> dict:
    """Trace the leaked file at ``path``; returns the contract's JSON object
    (``rows``, ``verdict``, ``candidates``)."""
    return trace_full(path, alpha=alpha, db=db)[0]


def trace_full(path, *, alpha: float = 1e-6, db: str | None = None) -> tuple[dict, dict]:
    """``trace`` and the details an evidence report needs (per-candidate
    statistics, the leak's record counts by entity)."""
    rows = match.read_leak(path)
    out = trace_rows(rows, alpha=alpha, db=db)
    ev = out.pop("_evidence", [])
    counts = {f: sum(1 for r in rows.fields if r.get(f)) for f in match.FIELDS}
    return out, {"evidence": ev, "field_counts": counts, "columns": rows.columns}


def _member(sorted_ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` in ``sorted_ids`` (both uint32), vectorised."""
    if sorted_ids.size == 0:
        return np.zeros(values.size, dtype=bool)
    i = np.searchsorted(sorted_ids, values)
    i[i >= sorted_ids.size] = sorted_ids.size - 1
    return sorted_ids[i] == values


def _unique_count(held: np.ndarray, eblob: bytes) -> int:
    elig = ledger.unpack_ids(eblob)
    return int(held.size - _member(elig, held).sum()) if held.size else 0


def _resolve(row_tokens, known):
    """Per row: the customer most of its tokens name, and canary candidates."""
    custs, cand = [], []
    for ts in row_tokens:
        votes: dict[int, int] = {}
        cs: set = set()
        for t in ts:
            for c in known.get(t, ()):
                if c > 0:
                    votes[c] = votes.get(c, 0) + 1
                else:
                    cs.add(-c)
        custs.append(max(votes, key=lambda c: (votes[c], -c)) if votes else None)
        cand.append(cs)
    return custs, cand


def _qualifies(agree) -> bool:
    """A canary match counts when the chance that a random canary agrees with
    an unrelated record on all of ``agree`` is at most ``HIT_BOUND``."""
    return math.prod(match.COLLISION[f] for f in agree) <= HIT_BOUND if agree else False


def _row_collision(fields: dict) -> float:
    """Bound on the chance that this row qualifies as a hit on one given
    random canary: the sum, over the minimal field sets that qualify, of the
    chance of agreeing on all of them. The name term is the canary name
    generator's own probability of this row's name (``rarity.name_bound``),
    the phone term the generator's (``rarity.phone_bound``);
    a field with several values counts each of them."""
    have = [f for f in match.FIELDS if fields.get(f)]
    coll = {f: min(1.0, match.COLLISION[f] * len(fields[f])) for f in have}
    if "name" in coll:
        coll["name"] = min(1.0, sum(rarity.name_bound(v) for v in fields["name"]))
    if "phone" in coll:
        coll["phone"] = min(1.0, rarity.phone_bound() * len(fields["phone"]))
    minimal: list[tuple] = []
    for r in range(1, len(have) + 1):
        for sub in combinations(have, r):
            if _qualifies(sub) and not any(set(m) <= set(sub) for m in minimal):
                minimal.append(sub)
    return float(min(1.0, sum(math.prod(coll[f] for f in m) for m in minimal)))


def unique_tail(hit_rows, q_rows, n_unique: int, n_hit: int | None = None) -> float:
    """p-value for ``n_hit`` of a share's ``n_unique`` unique canaries found
    in the leak, at leaked rows ``hit_rows``.

    Under the null each canary was drawn independently of the leak and of the
    other canaries, and matches leaked row ``r`` with probability at most
    ``q_r``, so it matches some row with probability at most ``Q = sum q_r``
    (duplicated rows only make ``Q`` larger). Two statistics, Bonferroni
    over both: the number of canaries hit (binomial tail with ``Q``), and the
    rarest hit: the chance that some canary matches some row at most as
    likely as the rarest hit row, ``n_unique * sum of q_r over rows with
    q_r <= min q_hit`` (a valid p-value: that bound is non-decreasing in the
    threshold).

    >>> q = np.full(200, 1e-13); q[7] = 1e-16
    >>> unique_tail([7], q, 30) < unique_tail([8], q, 30)
    True
    >>> unique_tail([], q, 30)
    1.0
    """
    if not len(hit_rows) or n_unique <= 0:
        return 1.0
    q = np.asarray(q_rows, dtype=float)
    k = min(n_unique, len(hit_rows) if n_hit is None else n_hit)
    p_count = stats.binom_sf(k, n_unique, min(1.0, float(q.sum())))
    t = float(q[list(hit_rows)].min())
    p_rare = min(1.0, n_unique * float(q[q <= t].sum()))
    return float(min(1.0, 2 * min(p_count, p_rare)))


def _canary_hits(s, rows: match.Rows, cand) -> dict[int, tuple[str, list[int]]]:
    """Canaries the leak contains: ``id -> (kind, leaked row indexes)``. A row
    counts when the identity fields it shares with the canary are rare enough
    together (``_qualifies``): a name and a phone, a phone and an ID number...
    A row whose other fields were altered still counts on the ones left."""
    ids = sorted({c for cs in cand for c in cs})
    if not ids:
        return {}
    recs = {}
    for i in range(0, len(ids), 900):
        for cid, kind, rec in s.execute(select(ledger.Canary.id, ledger.Canary.kind, ledger.Canary.record)
                                        .where(ledger.Canary.id.in_(ids[i:i + 900]))):
            r = json.loads(rec)
            recs[cid] = (kind, {f: match.normal(f, r.get(f)) for f in match.FIELDS})
    out: dict[int, tuple[str, list[int]]] = {}
    for i, cs in enumerate(cand):
        for cid in cs:
            if cid not in recs:
                continue
            kind, cf = recs[cid]
            f = rows.fields[i]
            agree = [k for k in match.FIELDS if f.get(k) and cf.get(k) and cf[k] in f[k]]
            if _qualifies(agree):
                out.setdefault(cid, (kind, []))[1].append(i)
    return out


def _mark_readings(rows: match.Rows, custs, code: Code):
    """Mark positions read from the leak's addresses, one symbol per position
    (majority of its readings), channels a normaliser flattened dropped."""
    readings: dict[str, list[tuple[int, int, int]]] = {c: [] for c in marks.CHANNELS}
    for cust, addrs in zip(custs, rows.addresses):
        if cust is None:
            continue
        for a in addrs:
            for ch, r in marks.read(a).items():
                readings[ch].append((cust * 8 + marks.CHANNEL_INDEX[ch], cust, r))
    votes: dict[int, list] = {}
    for ch, rs in readings.items():
        if len(rs) >= UNIFORM_MIN and len({r for _, _, r in rs}) == 1:
            continue
        for p, c, r in rs:
            v = votes.setdefault(p, [c, 0, 0])
            v[1 + r] += 1
    pos, cust, rend = [], [], []
    for p, (c, n0, n1) in votes.items():
        if n0 != n1:
            pos.append(p)
            cust.append(c)
            rend.append(int(n1 > n0))
    if not pos:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int8)
    pos_a = np.array(pos, dtype=np.uint64)
    y = np.array(rend, dtype=np.int8) ^ code.mask(pos_a)
    return pos_a, np.array(cust, dtype=np.int64), y
