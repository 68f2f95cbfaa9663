"""k-anonymity by generalisation and suppression (irreversible).

Quasi-identifiers (birth date, address, and any column a policy names) are
generalised one step at a time along a ladder, the column with the most
distinct values first (Sweeney's Datafly heuristic), until the rows left in
groups smaller than ``k`` are few enough to suppress (``*`` in every
quasi-identifier) and numerous enough to form a group of ``k`` themselves.
The achieved ``k`` (the smallest group) is reported.

>>> rows = ["1980-01-0%d" % (i % 9 + 1) for i in range(20)]
>>> cols, rep = k_anonymize({"born": rows}, {"born": "BIRTH_DATE"}, k=5)
>>> sorted(set(cols["born"])), rep["k"], rep["levels"]["born"]
(['1980'], 20, 'year')
"""
from __future__ import annotations

from collections import Counter

from piguard.protect.operators import generalize_value

LADDERS = {
    "BIRTH_DATE": ("year", "band5", "decade", "*"),
    "ADDRESS": ("district", "city", "province", "*"),
    None: ("value", "*"),
}


def _step(value, level: str, kind):
    if level == "*":
        return "*"
    if level == "value" or value is None or value == "":
        return value
    if level == "band5":
        y = generalize_value(value, "year")
        if not y.isdigit():
            return "*"
        lo = int(y) // 5 * 5
        return f"{lo}-{lo + 4}"
    if level == "decade":
        y = generalize_value(value, "year")
        if not y.isdigit():
            return "*"
        lo = int(y) // 10 * 10
        return f"{lo}-{lo + 9}"
    return generalize_value(value, level, kind)


def k_anonymize(columns: dict, kinds: dict, k: int = 5, max_suppress: float = 0.05, rows: int | None = None):
    """Generalise ``columns`` (name -> original values, all the same length)
    until every combination of them is shared by at least ``k`` rows.

    ``kinds`` maps a column to its entity (a ladder in ``LADDERS``; other
    columns are kept or suppressed). Returns the new columns and a report
    ``{"k", "k_target", "levels", "suppressed_rows", "rows"}``.
    """
    names = list(columns)
    n = len(next(iter(columns.values()))) if columns else (rows or 0)
    report = {"k_target": k, "rows": n, "quasi_identifiers": names, "levels": {}, "suppressed_rows": 0}
    if not names or n == 0:
        report["k"] = n
        return dict(columns), report
    ladders = {c: LADDERS.get(kinds.get(c), LADDERS[None]) for c in names}
    level = {c: 0 for c in names}
    cache: dict = {}

    def values(c):
        key = (c, level[c])
        got = cache.get(key)
        if got is None:
            lv = ladders[c][level[c]]
            memo: dict = {}
            got = []
            for v in columns[c]:
                r = memo.get(v)
                if r is None:
                    r = memo[v] = _step(v, lv, kinds.get(c))
                got.append(r)
            cache[key] = got
        return got

    budget = int(max_suppress * n)
    while True:
        cur = {c: values(c) for c in names}
        keys = list(zip(*(cur[c] for c in names)))
        counts = Counter(keys)
        small = [i for i, t in enumerate(keys) if counts[t] < k]
        if not small or (len(small) <= budget and len(small) >= k):
            break
        raisable = [c for c in names if level[c] < len(ladders[c]) - 1]
        if not raisable:
            break
        c = max(raisable, key=lambda c: len(set(cur[c])))
        level[c] += 1
    out = {c: list(cur[c]) for c in names}
    for i in small:       # suppression: the row keeps no quasi-identifier at all
        for c in names:
            out[c][i] = "*"
    report["suppressed_rows"] = len(small)
    report["levels"] = {c: ladders[c][level[c]] for c in names}
    final = Counter(zip(*(out[c] for c in names)))
    report["k"] = min(final.values()) if final else n
    return out, report
