"""Leaker behaviour for tests: what people do to a file before selling it."""
from __future__ import annotations

import functools
import random

import pyarrow as pa

COLUMNS = [("姓名", "PERSON_NAME"), ("手机号码", "PHONE_MOBILE"), ("身份证号", "CN_RESIDENT_ID"),
           ("家庭住址", "ADDRESS"), ("产品", None)]


def customer_table(n: int, seed: int) -> pa.Table:
    """``n`` synthetic customers (piguard.synth) as a table of strings."""
    from piguard.synth import customers

    rows = customers(n, seed=seed)
    products = ["车险", "意外险", "健康险", "寿险"]
    return pa.table({
        "姓名": [r["name"] for r in rows],
        "手机号码": [r["mobile"] for r in rows],
        "身份证号": [r["resident_id"] for r in rows],
        "家庭住址": [r["address"] for r in rows],
        "产品": [products[i % 4] for i in range(n)],
    })


def rows(table: pa.Table) -> list[dict]:
    return table.to_pylist()


def table(rows_: list[dict]) -> pa.Table:
    cols = list(rows_[0]) if rows_ else []
    return pa.table({c: pa.array([r.get(c) for r in rows_], type=pa.string()) for c in cols})


def sample(rows_: list[dict], n: int, rng: random.Random) -> list[dict]:
    return rng.sample(rows_, n)


def keep(rows_: list[dict], cols: list[str]) -> list[dict]:
    return [{c: r[c] for c in cols} for r in rows_]


def reformat_phone(value: str, rng: random.Random) -> str:
    d = value
    style = rng.randrange(4)
    if style == 0:
        return "+86 " + d
    if style == 1:
        return f"{d[:3]}-{d[3:7]}-{d[7:]}"
    if style == 2:
        return f"{d[:3]} {d[3:7]} {d[7:]}"
    return "+86-" + d


def full_width(s: str) -> str:
    return s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})


@functools.lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(s: str) -> str:
    return _s2t().convert(s)


def alter_addresses(rows_: list[dict], col: str, share: float, rng: random.Random) -> list[dict]:
    """Re-render a share of the address cells with random renderings (the
    worst a leaker can do to a mark without knowing the code)."""
    from piguard.trace import marks

    out = []
    for r in rows_:
        r = dict(r)
        if r.get(col) and rng.random() < share:
            chans = marks.channels(r[col]) + [c for c in marks.read(r[col]) if c not in marks.channels(r[col])]
            r[col] = marks.render(r[col], {c: rng.randrange(2) for c in set(chans)})
        out.append(r)
    return out
