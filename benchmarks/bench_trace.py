"""Attack fingerprinted shares the way leakers do, and trace them back.

    python benchmarks/bench_trace.py [--trials 20] [--null-trials 10000] [--quick]
        [--attacks TEXT ...] [--skip-null] [--skip-timing]

Prints, per attack, the share of trials whose verdict was right (the leaker,
or one of the colluders, named at p <= alpha; for null attacks: nobody
named) and the number of trials in which an innocent recipient was named;
then the empirical false-accusation rate of the statistics over many null
trials next to the analytic bound, and the time `trace` takes on a 2,000-row
leak against 1,000 recorded shares of 50,000 rows.

All data is synthetic (piguard.synth). Everything runs in a temporary
PIGUARD_HOME.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

ALPHA = 1e-6


def _setup_env(tmp: Path) -> None:
    os.environ["PIGUARD_HOME"] = str(tmp)
    os.environ["PIGUARD_KEY"] = "benchmark master key 0123456789abcdef"
    os.environ.pop("PIGUARD_DB", None)
    from piguard import store

    store.reset_engines()


def customers_table(n: int, seed: int) -> pa.Table:
    from piguard.synth import customers

    rs = customers(n, seed=seed)
    rng = random.Random(seed)
    return pa.table({
        "客户姓名": [r["name"] for r in rs],
        "手机号码": [r["mobile"] for r in rs],
        "身份证号": [r["resident_id"] for r in rs],
        "家庭住址": [r["address"] for r in rs],
        "险种": [rng.choice(["车险", "意外险", "健康险", "寿险"]) for _ in rs],
        "保费": [f"{rng.uniform(300, 20000):.2f}" for _ in rs],
    })


COLUMNS = [("客户姓名", "PERSON_NAME"), ("手机号码", "PHONE_MOBILE"), ("身份证号", "CN_RESIDENT_ID"),
           ("家庭住址", "ADDRESS"), ("险种", None), ("保费", None)]


# -- leaker behaviour --------------------------------------------------------

def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def reformat_phone(d: str, rng) -> str:
    return rng.choice(["+86 " + d, f"{d[:3]}-{d[3:7]}-{d[7:]}", f"{d[:3]} {d[3:7]} {d[7:]}", "+86-" + d])


def full_width(s: str) -> str:
    return s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})


def alter(rows, share: float, rng):
    """Alter ``share`` of the carrier cells: addresses get random renderings,
    phones get one digit changed (a row may lose its phone match)."""
    from piguard.trace import marks

    out = []
    for r in rows:
        r = dict(r)
        if rng.random() < share:
            chans = set(marks.read(r["家庭住址"])) | set(marks.channels(r["家庭住址"]))
            r["家庭住址"] = marks.render(r["家庭住址"], {c: rng.randrange(2) for c in chans})
        if rng.random() < share:
            p = r["手机号码"]
            i = rng.randrange(3, 11)
            r["手机号码"] = p[:i] + str((int(p[i]) + 1 + rng.randrange(9)) % 10) + p[i + 1:]
        out.append(r)
    return out


class World:
    """Recipients with fingerprinted copies of overlapping customer subsets."""

    def __init__(self, n_customers: int, n_recipients: int, share_rows: int, seed: int = 1):
        from piguard.trace.share import share_table

        self.rng = random.Random(seed)
        base = customers_table(n_customers, seed)
        self.base_rows = base.to_pylist()
        from piguard.trace.marks import canonical

        self.copies = {}
        self.canary_phones = set()
        self.changed_identifiers = 0  # real customers' cells other than address renderings
        real = {r["手机号码"] for r in self.base_rows}
        for i in range(n_recipients):
            name = f"agent-{i:02d}"
            idx = sorted(self.rng.sample(range(n_customers), share_rows))
            out, receipt = share_table(base.take(idx), name, purpose="benchmark", columns=COLUMNS, seed=seed * 1000 + i)
            rows = out.to_pylist()
            self.copies[name] = rows
            self.canary_phones |= {r["手机号码"] for r in rows if r["手机号码"] not in real}
            kept = [r for r in rows if r["手机号码"] in real]
            for got, src in zip(kept, (self.base_rows[j] for j in idx)):
                self.changed_identifiers += sum(got[c] != src[c] for c in src if c != "家庭住址")
                self.changed_identifiers += canonical(got["家庭住址"]) != canonical(src["家庭住址"])
        self.recipients = list(self.copies)
        self.other = customers_table(3000, seed + 99).to_pylist()  # never shared

    def unique_phones(self, name: str) -> set:
        """Phones of the unique canaries in ``name``'s copy (cached)."""
        cache = self.__dict__.setdefault("_unique_phones", {})
        if name not in cache:
            cache[name] = {r["手机号码"] for r in self.unique_canaries(name)}
        return cache[name]

    def unique_canaries(self, name: str) -> list[dict]:
        import json as _json

        from sqlalchemy import select

        from piguard.store import session
        from piguard.trace import ledger

        with session() as s:
            recs = [_json.loads(r) for r in s.scalars(select(ledger.Canary.record).where(ledger.Canary.kind == "unique"))]
        phones = {r["phone"] for r in recs}
        return [r for r in self.copies[name] if r["手机号码"] in phones]


def _pick(rng, population, n):
    return rng.sample(population, min(n, len(population)))


def _trace(rows, columns=None):
    from piguard.trace import match
    from piguard.trace.accuse import trace_rows

    cols = list(rows[0]) if rows else []
    t = pa.table({c: pa.array([r.get(c) for r in rows], type=pa.string()) for c in cols})
    columns = columns or [(c, dict(COLUMNS).get(c)) for c in cols]
    return trace_rows(match.rows_of_table(t, columns), alpha=ALPHA)


def attacks(w: World):
    """name -> (function(rng) -> (rows or Path, columns, guilty set)), null?"""
    real_cols = [c for c, _ in COLUMNS]

    def sample(n):
        def f(rng):
            g = rng.choice(w.recipients)
            return _pick(rng, w.copies[g], n), None, {g}
        return f

    def with_canary(n):
        def f(rng):
            g = rng.choice(w.recipients)
            can = rng.choice(w.unique_canaries(g))
            real = [r for r in w.copies[g] if r["手机号码"] not in w.canary_phones]
            rows = [{k: r[k] for k in ("客户姓名", "手机号码")} for r in rng.sample(real, n - 1) + [can]]
            return rows, None, {g}
        return f

    def name_phone(n):
        def f(rng):
            g = rng.choice(w.recipients)
            return [{"客户姓名": r["客户姓名"], "手机号码": r["手机号码"]} for r in _pick(rng, w.copies[g], n)], None, {g}
        return f

    def reformatted(n):
        conv = _s2t()

        def f(rng):
            g = rng.choice(w.recipients)
            rows = [{"电话": full_width(reformat_phone(r["手机号码"], rng)), "住址": conv.convert(r["家庭住址"]),
                     "姓名": conv.convert(r["客户姓名"])} for r in _pick(rng, w.copies[g], n)]
            return rows, [("电话", "PHONE_MOBILE"), ("住址", "ADDRESS"), ("姓名", "PERSON_NAME")], {g}
        return f

    def altered(n, share):
        def f(rng):
            g = rng.choice(w.recipients)
            return alter(_pick(rng, w.copies[g], n), share, rng), None, {g}
        return f

    def broker(n, extra):
        def f(rng):
            g = rng.choice(w.recipients)
            rows = _pick(rng, w.copies[g], n) + _pick(rng, w.other, extra)
            rng.shuffle(rows)
            return rows, None, {g}
        return f

    def union(k, n):
        def f(rng):
            gs = rng.sample(w.recipients, k)
            rows = [r for g in gs for r in _pick(rng, w.copies[g], n)]
            rng.shuffle(rows)
            return rows, None, set(gs)
        return f

    def intersection(k):
        def f(rng):
            gs = rng.sample(w.recipients, k)
            by = [{r["手机号码"]: r for r in w.copies[g]} for g in gs]
            common = sorted(set.intersection(*(set(b) for b in by)))
            return [by[rng.randrange(k)][p] for p in common], None, set(gs)
        return f

    def never_shared(n):
        def f(rng):
            return _pick(rng, w.other, n), None, set()
        return f

    def random_pairs(n_never, n_random):
        from piguard.entities import get

        gen_name, gen_phone = get("PERSON_NAME").generate, get("PHONE_MOBILE").generate

        def f(rng):
            rows = [{"客户姓名": r["客户姓名"], "手机号码": r["手机号码"]} for r in _pick(rng, w.other, n_never)]
            rows += [{"客户姓名": gen_name(rng), "手机号码": gen_phone(rng)} for _ in range(n_random)]
            rng.shuffle(rows)
            return rows, None, set()
        return f

    def source(n):
        def f(rng):
            return [{c: r[c] for c in real_cols} for r in _pick(rng, w.base_rows, n)], None, set()
        return f

    return {
        "sample 20 rows": sample(20),
        "sample 50 rows": sample(50),
        "sample 200 rows": sample(200),
        "sample 2,000 rows": sample(2000),
        "50 rows name+phone, one unique canary among them": with_canary(50),
        "50 rows name+phone only": name_phone(50),
        "200 rows name+phone only": name_phone(200),
        "2,000 rows name+phone only": name_phone(2000),
        "200 rows +86/dashes, traditional, full-width, renamed": reformatted(200),
        "200 rows, 10% carrier cells altered": altered(200, 0.1),
        "200 rows, 50% carrier cells altered": altered(200, 0.5),
        "2,000 rows, 50% carrier cells altered": altered(2000, 0.5),
        "broker mix: 200 leaked + 1,800 other rows": broker(200, 1800),
        "2 colluders, union (2 x 300 rows)": union(2, 300),
        "3 colluders, union (3 x 300 rows)": union(3, 300),
        "2 colluders, intersection": intersection(2),
        "3 colluders, intersection": intersection(3),
        "null: 2,000 never-shared customers": never_shared(2000),
        "null: 2,000 rows of the unmarked source": source(2000),
        "null: name+phone of 2,000 never-shared + 2,000 random pairs": random_pairs(2000, 2000),
    }


def run_attacks(w: World, trials: int, seed: int, only=None) -> list[dict]:
    out = []
    for name, make in attacks(w).items():
        if only and not any(o in name for o in only):
            continue
        rng = random.Random(hash(name) % 10 ** 6 + seed)
        right = innocent = with_canary = right_with_canary = 0
        pvals, took = [], []
        for _ in range(trials):
            rows, cols, guilty = make(rng)
            t0 = time.perf_counter()
            res = _trace(rows, cols)
            took.append(time.perf_counter() - t0)
            v = res["verdict"]
            if guilty:
                ok = bool(v and v["recipient"] in guilty)
                right += ok
                if v:
                    pvals.append(v["p_value"])
                uniq = set().union(*(w.unique_phones(g) for g in guilty))
                if any(r.get("手机号码") in uniq for r in rows if isinstance(r, dict)):
                    with_canary += 1
                    right_with_canary += ok
            else:
                right += v is None
            innocent += any(c["p_value"] < ALPHA and c["recipient"] not in guilty for c in res["candidates"])
        out.append({"attack": name, "trials": trials, "right": right / trials, "innocent_named": innocent,
                    "with_unique_canary": with_canary, "right_with_unique_canary": right_with_canary,
                    "median_p": float(np.median(pvals)) if pvals else None,
                    "median_s": float(np.median(took))})
        r = out[-1]
        mp = f"{r['median_p']:.2g}" if r["median_p"] is not None else "-"
        wc = f"  unique canary in {with_canary}/{trials}, right {right_with_canary}" if with_canary else ""
        print(f"  {name:<56} right {r['right']:6.1%}  innocent {innocent}  median p {mp:<9} "
              f"{r['median_s']:.2f}s{wc}", flush=True)
    return out


def run_gbk_files(w: World, trials: int, seed: int) -> dict:
    """Full file path: GBK CSV, renamed and reordered columns, +86 phones."""
    from piguard import trace

    rng = random.Random(seed)
    right = innocent = 0
    tmp = Path(tempfile.mkdtemp())
    for i in range(trials):
        g = rng.choice(w.recipients)
        rows = rng.sample(w.copies[g], 200)
        p = tmp / f"leak{i}.csv"
        lines = ["联系方式,地址,名字"] + [f"{reformat_phone(r['手机号码'], rng)},{r['家庭住址']},{r['客户姓名']}" for r in rows]
        p.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
        res = trace(p)
        right += bool(res["verdict"] and res["verdict"]["recipient"] == g)
        innocent += any(c["p_value"] < ALPHA and c["recipient"] != g for c in res["candidates"])
    print(f"  {'200 rows GBK CSV, renamed/reordered, +86 (file I/O)':<56} right {right / trials:6.1%}  "
          f"innocent {innocent}", flush=True)
    return {"attack": "200 rows GBK CSV, renamed/reordered columns, +86 phones (file I/O)", "trials": trials,
            "right": right / trials, "innocent_named": innocent}


def null_trials(w: World, n_trials: int, seed: int) -> dict:
    """False accusations at the statistics level: leaks made from one share's
    code, scored against shares whose codewords are independent of it (the
    situation of every innocent recipient), with the same corrections as
    ``trace`` (3 tests, times the number of shares)."""
    from piguard.trace import ledger, marks
    from piguard.trace.tardos import Code, accuse, share_key

    secret, _ = ledger.secret()
    code = Code(secret)
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)
    # Mark positions of every customer in the worlds' source (channels from the addresses).
    pos_all = []
    for cust, r in enumerate(w.base_rows, start=1):
        for ch in marks.channels(r["家庭住址"]):
            pos_all.append(cust * 8 + marks.CHANNEL_INDEX[ch])
    pos_all = np.array(pos_all, dtype=np.uint64)
    m = len(w.recipients)
    alphas = [1e-6, 1e-4, 1e-3, 1e-2, 5e-2]
    hits = {a: 0 for a in alphas}
    for trial in range(n_trials):
        n_rows = int(pyrng.choice([20, 50, 200, 1000]))
        pos = rng.choice(pos_all, size=min(pos_all.size, n_rows * 3), replace=False)
        p = code.bias(pos)
        src = code.bits(share_key(secret, f"source-{trial}"), pos, p)
        y = src.astype(np.int8)
        best = 1.0
        for k in range(m - 1):
            _, pv = accuse(code.bits(share_key(secret, f"innocent-{trial}-{k}"), pos, p), y, p)
            best = min(best, pv)
        corrected = min(1.0, 3 * best * m)
        for a in alphas:
            hits[a] += corrected < a
    rates = {f"{a:g}": hits[a] / n_trials for a in alphas}
    print(f"  {n_trials:,} null trials ({m - 1} innocent shares each, corrected for {m} shares):")
    for a in alphas:
        print(f"    alpha {a:<8g} false accusations {hits[a]:>5} / {n_trials:,} = {hits[a] / n_trials:.2e}  "
              f"(analytic bound {a:g})")
    return {"trials": n_trials, "innocent_per_trial": m - 1, "false_accusation_rate": rates,
            "bound": {f"{a:g}": a for a in alphas}}


def timing(n_shares: int, share_rows: int, universe: int, leak_rows: int, seed: int) -> dict:
    """``trace`` on a ``leak_rows`` leak against ``n_shares`` recorded shares
    of ``share_rows`` rows over ``universe`` customers."""
    from piguard.store import session
    from piguard.trace import ledger
    from piguard.trace.share import share_table

    _setup_env(Path(tempfile.mkdtemp()))
    rng = np.random.default_rng(seed)
    base = customers_table(leak_rows + 500, seed + 7)
    out, receipt = share_table(base, "agent-leaker", columns=COLUMNS, seed=seed)
    t0 = time.perf_counter()
    with session() as s, s.begin():
        # The customer-key index at scale: 5 tokens per customer.
        toks = rng.integers(-2 ** 63, 2 ** 63 - 1, size=universe * 5, dtype=np.int64)
        custs = np.repeat(np.arange(leak_rows + 1000, leak_rows + 1000 + universe, dtype=np.int64), 5)
        tab = ledger.Token.__table__
        for i in range(0, toks.size, 50_000):
            s.execute(tab.insert(), [{"token": int(a), "customer": int(b)}
                                     for a, b in zip(toks[i:i + 50_000], custs[i:i + 50_000])])
        for k in range(n_shares - 1):
            ids = rng.choice(universe, size=share_rows, replace=False) + 1
            s.add(ledger.Share(
                id=f"bulk{k:06d}", recipient=f"partner-{k:04d}", purpose="bulk", created_at=ledger.now(),
                source_name="bulk", source_hash="0" * 64, columns="[]", key_id=receipt.key_id,
                n_rows=share_rows, n_canaries=share_rows // 50, group_p=0.25, rows=ledger.pack_ids(ids),
                canaries=ledger.pack_ids(rng.choice(10 ** 6, size=share_rows // 50, replace=False) + 10 ** 6),
                eligible=ledger.pack_ids(rng.choice(10 ** 6, size=share_rows // 25, replace=False) + 10 ** 6)))
    build = time.perf_counter() - t0
    leak = out.take(sorted(random.Random(seed).sample(range(out.num_rows), leak_rows)))
    tmp = Path(tempfile.mkdtemp()) / "leak.csv"
    cols = leak.column_names
    tmp.write_text(",".join(cols) + "\n" + "".join(",".join(r[c] or "" for c in cols) + "\n" for r in leak.to_pylist()),
                   encoding="utf-8")
    from piguard import trace

    trace(tmp)  # warm: imports, key store, name model
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        res = trace(tmp)
        times.append(time.perf_counter() - t0)
    ok = bool(res["verdict"] and res["verdict"]["recipient"] == "agent-leaker")
    print(f"  trace of a {leak_rows:,}-row CSV against {n_shares:,} shares x {share_rows:,} rows "
          f"({universe:,} customers in the index): {min(times):.2f}s best, {np.median(times):.2f}s median; "
          f"verdict right: {ok} (ledger built in {build:.0f}s)", flush=True)
    single = single_canary_at_scale(out, n_shares, 200, seed)
    return {"shares": n_shares, "share_rows": share_rows, "universe": universe, "leak_rows": leak_rows,
            "seconds_best": min(times), "seconds_median": float(np.median(times)), "verdict_right": ok,
            "leak": str(tmp), "single_canary": single}


def single_canary_at_scale(out: pa.Table, n_shares: int, n_rows: int, seed: int) -> dict:
    """Every unique canary of the leaker's copy, alone among ``n_rows - 1``
    real rows, name and phone only, traced against the whole ledger."""
    from sqlalchemy import select

    from piguard.store import session
    from piguard.trace import ledger, match
    from piguard.trace.accuse import trace_rows

    with session() as s:
        kinds = {json.loads(rec)["phone"]: kind for kind, rec in s.execute(
            select(ledger.Canary.kind, ledger.Canary.record))}
    rows = [{"客户姓名": r["客户姓名"], "手机号码": r["手机号码"]} for r in out.to_pylist()]
    real = [r for r in rows if match.normal("phone", r["手机号码"]) not in kinds]
    uniq = [r for r in rows if kinds.get(match.normal("phone", r["手机号码"])) == "unique"]
    rng = random.Random(seed)
    cols = [("客户姓名", "PERSON_NAME"), ("手机号码", "PHONE_MOBILE")]
    right = innocent = 0
    pvals = []
    for can in uniq:
        leak = rng.sample(real, n_rows - 1) + [can]
        t = pa.table({c: pa.array([r[c] for r in leak], type=pa.string()) for c, _ in cols})
        res = trace_rows(match.rows_of_table(t, cols), alpha=ALPHA)
        v = res["verdict"]
        right += bool(v and v["recipient"] == "agent-leaker")
        innocent += any(c["p_value"] < ALPHA and c["recipient"] != "agent-leaker" for c in res["candidates"])
        pvals.append(min([c["p_value"] for c in res["candidates"] if c["recipient"] == "agent-leaker"] or [1.0]))
    print(f"  one unique canary among {n_rows} name+phone rows, {n_shares:,} shares: right {right}/{len(uniq)}, "
          f"innocent {innocent}, median p {np.median(pvals):.2g}", flush=True)
    return {"rows": n_rows, "canaries": len(uniq), "right": right, "innocent_named": innocent,
            "median_p": float(np.median(pvals)) if pvals else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--null-trials", type=int, default=10_000)
    ap.add_argument("--customers", type=int, default=5000)
    ap.add_argument("--recipients", type=int, default=8)
    ap.add_argument("--share-rows", type=int, default=2500)
    ap.add_argument("--timing-shares", type=int, default=1000)
    ap.add_argument("--timing-rows", type=int, default=50_000)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--skip-timing", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--attacks", action="append", metavar="TEXT",
                    help="run only the attacks whose name contains TEXT (repeatable); skips the GBK file runs")
    ap.add_argument("--skip-null", action="store_true", help="skip the statistics-level null trials")
    a = ap.parse_args(argv)
    if a.quick:
        a.trials, a.null_trials, a.customers, a.recipients, a.share_rows = 3, 500, 1500, 4, 1000
        a.timing_shares, a.timing_rows = 50, 5000
    results = {}
    _setup_env(Path(tempfile.mkdtemp()))
    t0 = time.perf_counter()
    w = World(a.customers, a.recipients, a.share_rows, a.seed)
    shares = sum(len(r) for r in w.copies.values())
    print(f"{a.recipients} shares of {a.share_rows:,} customers (of {a.customers:,}) written in "
          f"{time.perf_counter() - t0:.0f}s; canary rows {len(w.canary_phones)} distinct, "
          f"at most {max(sum(r['手机号码'] in w.canary_phones for r in rows) / len(rows) for rows in w.copies.values()):.2%} of a share",
          flush=True)
    print(f"real customers' cells changed (other than equivalent address renderings): {w.changed_identifiers}")
    results["shares_rows_total"] = shares
    results["changed_identifiers"] = w.changed_identifiers
    print(f"\nAttacks ({a.trials} trials each, alpha {ALPHA:g}):")
    results["attacks"] = run_attacks(w, a.trials, a.seed, a.attacks)
    if not a.attacks:
        results["attacks"].append(run_gbk_files(w, max(3, a.trials // 4), a.seed))
    if not a.skip_null:
        print("\nNull trials at the statistics level:")
        results["null"] = null_trials(w, a.null_trials, a.seed)
    if not a.skip_timing:
        print("\nTiming:")
        results["timing"] = timing(a.timing_shares, a.timing_rows, max(4 * a.timing_rows, 20_000), 2000, a.seed)
        results["timing"].pop("leak")
    if a.json:
        a.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
