"""Detection speed: text MB/s per core and table scan rows/s per core.

    python benchmarks/bench_detect.py [--mb 5] [--rows 1000000]

Generates its own data (piguard.synth), runs in one process on one core,
and prints one line per measurement. Figures are per core: the process is
pinned to a single CPU where the OS allows it.
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import time


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def make_text(mb: float, seed: int = 1) -> list[str]:
    from piguard import synth

    rng = random.Random(seed)
    docs, size = [], 0
    while size < mb * 1e6:
        doc = "".join(synth.sentence(rng) for _ in range(rng.randint(3, 12)))
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


# Real prose for the sparse profile (shared/data, see its README); without
# it the sparse line is skipped.
PROSE = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "cluener_train_names.jsonl")


def make_sparse_text(mb: float, seed: int = 5, path: str = PROSE) -> list[str] | None:
    """Documents of about 1,000 characters of news prose (CLUENER) with a
    synthetic sentence mixed in now and then: about one rule-based entity
    per 500 characters, and the prose's own numbers, years and Latin words
    as decoys. ``None`` when the prose file is not there."""
    import json

    from piguard import synth

    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        prose = [json.loads(line)["text"] for line in f if line.strip()]
    rng = random.Random(seed)
    docs, size = [], 0
    while size < mb * 1e6:
        parts, n = [], 0
        while n < 1000:
            s = synth.sentence(rng) if rng.random() < 0.08 else rng.choice(prose)
            parts.append(s)
            n += len(s)
        doc = "".join(parts)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def bench_text(docs: list[str], recognizers=None) -> tuple[float, int, float]:
    """MB/s of ``detect_many`` over ``docs`` (the batched path the CLI and
    bulk callers use), with all recognisers or only the named ones."""
    from piguard.detect import engine, recognizer

    saved = engine.default_recognizers
    if recognizers is not None:
        recs = tuple(recognizer.load(n) for n in recognizers)
        engine.default_recognizers = lambda: recs
    try:
        list(engine.detect_many(docs[:50]))  # warm caches and models
        size = sum(len(d.encode("utf-8")) for d in docs)
        t0 = time.process_time()
        n = sum(len(spans) for spans in engine.detect_many(docs))
        dt = time.process_time() - t0
    finally:
        engine.default_recognizers = saved
    return size / dt / 1e6, n, dt


def make_table(rows: int, path: str, seed: int = 2) -> float:
    """A 12-column customer CSV of ``rows`` rows; returns its size in MB."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from piguard import synth

    rng = random.Random(seed)
    base = [synth.customer(rng) for _ in range(min(rows, 20000))]
    cols = {k: [r[k] for r in base] for k in base[0]}
    cols["policy_no"] = [f"PDZA2024{rng.randrange(10**14):014d}" for _ in base]
    cols["amount"] = [f"{rng.uniform(100, 20000):.2f}" for _ in base]
    small = pa.table(cols)
    reps = -(-rows // small.num_rows)
    table = pa.concat_tables([small] * reps).slice(0, rows)
    pacsv.write_csv(table, path)
    return os.path.getsize(path) / 1e6


def bench_scan(rows: int) -> tuple[float, float, float]:
    import piguard

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "customers.csv")
        mb = make_table(rows, path)
        t0 = time.perf_counter()
        piguard.scan(path)
        dt = time.perf_counter() - t0
    return rows / dt, mb / dt, dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="MB of generated text")
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the scanned table")
    ap.add_argument("--skip-scan", action="store_true")
    args = ap.parse_args()
    pin_one_core()
    profiles = [("dense (synthetic business sentences, ~1 entity per 40 chars)", make_text(args.mb))]
    sparse = make_sparse_text(args.mb)
    if sparse is not None:
        profiles.append(("sparse (news prose, ~1 rule-based entity per 500 chars)", sparse))
    for label, docs in profiles:
        for what, recs in (("full pipeline", None), ("rule-based entities only", ("patterns",)),
                           ("names only", ("names",)), ("addresses only", ("addresses",))):
            rate, n, dt = bench_text(docs, recognizers=recs)
            print(f"text {what}, {label}: {rate:.2f} MB/s per core ({n} spans, {dt:.2f} s)")
    if not args.skip_scan:
        rps, mbps, dt = bench_scan(args.rows)
        print(f"table scan {args.rows} rows x 12 cols: {dt:.2f} s, {rps:,.0f} rows/s per core, {mbps:.1f} MB/s")


if __name__ == "__main__":
    main()
