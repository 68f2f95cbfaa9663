"""Protection throughput: values per second on one core, per operator.

Generates a table of ``--rows`` synthetic rows (default one million: mobile,
resident ID, bank card, name, e-mail) and times each operator on a whole
column of distinct values (no de-duplication helps). Everything runs in
this one process, single-threaded: the rates are per core.

    python benchmarks/bench_protect.py              # 1,000,000 rows
    python benchmarks/bench_protect.py --rows 100000 --json
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")


def _columns(rows: int, seed: int = 7) -> dict:
    from piguard.entities import bank_card, cn_resident_id, person_name, phone_mobile
    from piguard.entities.base import luhn_digit

    rng = np.random.default_rng(seed)
    prefixes = np.array(sorted(p for p in phone_mobile._prefixes() if len(p) == 4))
    mob = np.char.add(prefixes[rng.integers(0, len(prefixes), rows)],
                      np.char.zfill(rng.integers(0, 10 ** 7, rows).astype(str), 7))
    regions = np.array(sorted(c for c in cn_resident_id._regions() if not c.endswith("00")))
    days = rng.integers(0, 365 * 80, rows)
    dates = (np.datetime64("1940-01-01") + days.astype("timedelta64[D]")).astype(str)
    bodies = np.char.add(np.char.add(regions[rng.integers(0, len(regions), rows)],
                                     np.char.replace(dates, "-", "")),
                         np.char.zfill(rng.integers(0, 1000, rows).astype(str), 3))
    w = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
    digits = bodies.astype("S17").view(np.uint8).reshape(rows, 17) - 48
    check = (12 - (digits @ w) % 11) % 11
    ids = np.char.add(bodies, np.array(list("0123456789X"))[check])
    cards = [b + luhn_digit(b) for b in np.char.add("622848", np.char.zfill(
        rng.integers(0, 10 ** 12, rows).astype(str), 12)).tolist()]
    prng = random.Random(seed)
    names = [person_name.generate(prng) for _ in range(min(rows, 200_000))]
    names = (names * (rows // len(names) + 1))[:rows]
    emails = [f"user{i}_{prng.randrange(10**6)}@example.com" for i in range(rows)]
    assert cn_resident_id.is_valid(ids[0]) and phone_mobile.is_valid(mob[0]) and bank_card.is_valid(cards[0])
    return {"PHONE_MOBILE": mob.tolist(), "CN_RESIDENT_ID": ids.tolist(), "BANK_CARD": cards,
            "PERSON_NAME": names, "EMAIL": emails}


def _rate(fn, n: int) -> tuple[float, float]:
    t = time.perf_counter()
    fn()
    dt = time.perf_counter() - t
    return n / dt, dt


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--only", default="", help="comma-separated subset of benchmark names")
    args = ap.parse_args(argv)
    os.environ.setdefault("PIGUARD_HOME", tempfile.mkdtemp(prefix="piguard-bench-"))
    os.environ.setdefault("PIGUARD_KEY", "benchmark master key (not a secret)")

    from piguard.protect import operators
    from piguard.protect.fpe import FF1
    from piguard.protect.operators import Context, Keyring

    n = args.rows
    only = set(filter(None, args.only.split(",")))
    results = []

    def record(name, fn, count, note=""):
        if only and name not in only:
            return
        rate, dt = _rate(fn, count)
        results.append({"name": name, "values": count, "seconds": round(dt, 3),
                        "values_per_s": round(rate), "note": note})
        if not args.json:
            print(f"{name:34s} {count:>9,d} values {dt:8.2f} s {rate:>12,.0f} /s  {note}", file=sys.stderr)

    ff1 = FF1(bytes(range(32)), 10)
    x16 = np.random.default_rng(1).integers(0, 10 ** 16, n, dtype=np.uint64)
    x11 = np.random.default_rng(2).integers(0, 10 ** 11, n, dtype=np.uint64)
    record("ff1.encrypt 16 digits (AES-256)", lambda: ff1.encrypt_numbers(x16, 16, b"bench"), n,
           "raw FF1, radix 10")
    record("ff1.encrypt 11 digits (AES-256)", lambda: ff1.encrypt_numbers(x11, 11, b"bench"), n)
    y = ff1.encrypt_numbers(x16, 16, b"bench")
    record("ff1.decrypt 16 digits (AES-256)", lambda: ff1.decrypt_numbers(y, 16, b"bench"), n)

    t = time.perf_counter()
    cols = _columns(n)
    if not args.json:
        print(f"generated {n:,d} rows in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    ring = Keyring("bench")
    ring.active()

    def op(name, entity, params=None):
        o = operators.get(name)
        ctx = Context(entity=entity, column=entity, params=o.check(params or {}), keyring=ring)
        return lambda: o.apply(cols[entity], ctx)

    for ent in ("PHONE_MOBILE", "CN_RESIDENT_ID", "BANK_CARD", "PERSON_NAME", "EMAIL"):
        record(f"fpe {ent}", op("fpe", ent), n, "validate, rank, FF1, rebuild")
    record("mask PHONE_MOBILE (3+4)", op("mask", "PHONE_MOBILE", {"keep_first": 3, "keep_last": 4}), n)
    record("pseudonym PHONE_MOBILE sha256", op("pseudonym", "PHONE_MOBILE"), n)
    record("pseudonym PHONE_MOBILE sm3", op("pseudonym", "PHONE_MOBILE", {"algorithm": "sm3"}), n)
    record("encrypt PHONE_MOBILE aes-256-gcm", op("encrypt", "PHONE_MOBILE"), n)
    record("encrypt PHONE_MOBILE sm4-gcm", op("encrypt", "PHONE_MOBILE", {"algorithm": "sm4-gcm"}), n)
    record("replace CN_RESIDENT_ID (tag)", op("replace", "CN_RESIDENT_ID", {"mode": "tag"}), n)
    if args.json:
        print(json.dumps({"rows": n, "single_process": True, "results": results}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
