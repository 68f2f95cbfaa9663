"""Release a fingerprinted copy of a table to one recipient.

What changes in the recipient's copy, and what never does:

* every real customer's identifiers, names, phones, cards and every other
  value stay exactly as they were, except that address cells may switch
  between equivalent renderings (``栋``/``幢``, ``号``/``號``, with or without
  the district, with or without ``室``): the marks, chosen per customer so
  they survive sampling, reordering and dropped columns;
* canary records (synthetic customers, at most 2% of the rows) are inserted
  at random places: some unique to this share, some drawn from a pool that
  random groups of shares hold in common, so that colluders who keep only
  the rows they all have still keep canaries;
* the ledger records the share: recipient, purpose, time, source hash, the
  customers it contained, the columns, the canaries and the key id.

>>> import pyarrow as pa, tempfile, os
>>> os.environ["PIGUARD_HOME"] = tempfile.mkdtemp(); os.environ["PIGUARD_KEY"] = "doctest secret 0123456789"
>>> from piguard import store; store.reset_engines()
>>> from piguard.synth import customers
>>> rows = customers(100, seed=3)
>>> t = pa.table({"姓名": [r["name"] for r in rows], "手机": [r["mobile"] for r in rows],
...               "地址": [r["address"] for r in rows]})
>>> out, receipt = share_table(t, "agent-07", purpose="doctest")
>>> out.num_rows - t.num_rows == receipt.canaries == 2
True
>>> real = [p for p in out.column("手机").to_pylist() if p in set(t.column("手机").to_pylist())]
>>> real == t.column("手机").to_pylist()
True
"""
from __future__ import annotations

import hashlib
import random
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
from sqlalchemy import select

from piguard.errors import BadInput
from piguard.store import session
from piguard.trace import canary as canaries
from piguard.trace import ledger, marks, match
from piguard.trace.tardos import Code, share_key

# A pool canary is held by a share with probability at most this: groups stay
# random, and a canary held by everyone would say nothing.
GROUP_P = 0.25


@dataclass
class Receipt:
    """What a share wrote and recorded."""

    share_id: str
    recipient: str
    purpose: str | None
    rows: int          # real rows
    canaries: int      # canary rows inserted
    marked: int        # address cells whose rendering carries a mark
    customers: int     # distinct customers recorded
    key_id: str
    out: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def share(path, recipient: str, out, *, purpose: str | None = None, db: str | None = None,
          seed: int | None = None) -> Receipt:
    """Write ``recipient``'s fingerprinted copy of the table at ``path`` to
    ``out`` (same format and encoding) and record it in the ledger."""
    from piguard import io

    src = Path(path)
    if not src.is_file():
        raise BadInput(f"no such file: {src}")
    outp = Path(out)
    if outp.resolve() == src.resolve():
        raise BadInput("--out must differ from the input file")
    table, source = io.read_table(src)
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    result, receipt = share_table(table, recipient, purpose=purpose, db=db, source_name=src.name,
                                  source_hash=digest, seed=seed)
    io.write_table(result, outp, like=source)
    receipt.out = str(outp)
    return receipt


def share_table(table: pa.Table, recipient: str, *, purpose: str | None = None, db: str | None = None,
                source_name: str | None = None, source_hash: str | None = None, columns=None,
                seed: int | None = None) -> tuple[pa.Table, Receipt]:
    """The fingerprinted copy of ``table`` (all columns strings) and its receipt."""
    recipient = (recipient or "").strip()
    if not recipient:
        raise BadInput("a share needs a recipient")
    if table.num_rows == 0:
        raise BadInput("the table has no rows to share")
    table = table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
    columns = list(columns or match.classify(table))
    if not any(e in match.FIELDS.values() and e != "ADDRESS" for _, e in columns):
        raise BadInput("no identifier column (name, phone, ID number, card, e-mail) found to trace rows by")
    rng = random.Random(seed) if seed is not None else random.SystemRandom()
    secret, kid = ledger.secret(db)
    tok = ledger.Tokenizer(secret)
    code = Code(secret)
    share_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
    rows = match.rows_of_table(table, columns)
    if source_hash is None:
        source_hash = _table_hash(table)

    with session(db) as s, s.begin():
        custs = _customers(s, tok, rows)
        data = {name: col.to_pylist() for (name, _), col in zip(columns, table.columns)}
        marked = _mark(data, columns, custs, code, share_key(secret, share_id))
        n_real = table.num_rows
        n_can = canaries.count(n_real)
        prof = canaries.profile(rows)
        real_rows = [dict(zip(data, vals)) for vals in zip(*data.values())]
        included, eligible, group_p, new_can = _pick_canaries(s, rng, prof, n_can, share_id)
        can_rows = [canaries.row(rng, rec, real_rows, columns) for _, rec in new_can]
        for cid, rec in new_can:
            fields = {k: [v] for k in match.FIELDS if (v := match.normal(k, rec.get(k)))}
            ledger.add_tokens(s, [(t, -cid) for t in match.tokens(tok, fields)])
        ids = np.array([c for c in custs if c is not None], dtype=np.int64)
        s.add(ledger.Share(
            id=share_id, recipient=recipient, purpose=purpose, created_at=ledger.now(),
            source_name=source_name, source_hash=source_hash, columns=ledger.columns_json(columns),
            key_id=kid, n_rows=n_real, n_canaries=len(can_rows), group_p=group_p,
            rows=ledger.pack_ids(ids), canaries=ledger.pack_ids(included),
            eligible=ledger.pack_ids(eligible)))

    out = _insert(data, can_rows, rng)
    result = pa.table({name: pa.array(vals, type=pa.string()) for name, vals in out.items()})
    receipt = Receipt(share_id, recipient, purpose, n_real, len(can_rows), marked,
                      int(np.unique(ids).size), kid)
    return result, receipt


def _table_hash(table: pa.Table) -> str:
    h = hashlib.sha256()
    for col in table.columns:
        for v in col.to_pylist():
            h.update(b"\x00" if v is None else v.encode("utf-8") + b"\x1f")
        h.update(b"\x1e")
    return h.hexdigest()


def _customers(s, tok, rows: match.Rows) -> list[int | None]:
    """Customer number of every row: an existing one when any of its tokens
    is known, else a new one; new tokens are added to the index."""
    row_tokens = [match.tokens(tok, f) for f in rows.fields]
    known = ledger.lookup(s, [t for ts in row_tokens for t in ts])
    local: dict[int, int] = {}
    nxt = ledger.next_customer(s)
    out: list[int | None] = []
    pairs = []
    for ts in row_tokens:
        if not ts:
            out.append(None)
            continue
        votes: dict[int, int] = {}
        for t in ts:
            for c in known.get(t, ()):
                if c > 0:
                    votes[c] = votes.get(c, 0) + 1
            if t in local:
                votes[local[t]] = votes.get(local[t], 0) + 1
        if votes:
            cust = max(votes, key=lambda c: (votes[c], -c))
        else:
            cust, nxt = nxt, nxt + 1
        for t in ts:
            local.setdefault(t, cust)
            pairs.append((t, cust))
        out.append(cust)
    ledger.add_tokens(s, pairs)
    return out


def _mark(data: dict, columns, custs, code: Code, key: bytes) -> int:
    """Render every address cell of a known customer with its share's bits."""
    addr_cols = [name for name, ent in columns if ent == "ADDRESS"]
    jobs = []  # (column, row, channel list, first position index)
    positions = []
    for name in addr_cols:
        for i, (v, c) in enumerate(zip(data[name], custs)):
            if c is None or not v:
                continue
            chans = marks.channels(v)
            if chans:
                jobs.append((name, i, chans, len(positions)))
                positions.extend(c * 8 + marks.CHANNEL_INDEX[ch] for ch in chans)
    if not positions:
        return 0
    pos = np.array(positions, dtype=np.uint64)
    p = code.bias(pos)
    bits = code.bits(key, pos, p).astype(np.int8) ^ code.mask(pos)
    for name, i, chans, at in jobs:
        data[name][i] = marks.render(data[name][i], {ch: int(bits[at + k]) for k, ch in enumerate(chans)})
    return len(jobs)


def _pick_canaries(s, rng, prof, n_can: int, share_id: str):
    """Choose this share's canaries: ``n_can // 3`` from the group pool (each
    eligible pool canary equally likely, so membership is random with a
    known probability) and the rest new and unique. Returns the included
    ids, the eligible pool ids, the inclusion probability and the
    ``(id, record)`` pairs to write."""
    g = n_can // 3
    u = n_can - g
    pool = []
    if g:
        for cid, prov, by, rec in s.execute(
                select(ledger.Canary.id, ledger.Canary.province, ledger.Canary.birth_year, ledger.Canary.record)
                .where(ledger.Canary.kind == "group")):
            if prof.fits(prov, by):
                pool.append((cid, rec))
        need = int(np.ceil(g / GROUP_P)) - len(pool)
        for _ in range(max(0, need)):
            pool.append(_new_canary(s, rng, prof, "group", share_id))
    chosen = rng.sample(pool, g) if g else []
    unique = [_new_canary(s, rng, prof, "unique", share_id) for _ in range(u)]
    import json

    new = [(cid, json.loads(rec)) for cid, rec in chosen + unique]
    group_p = g / len(pool) if g else 0.0
    return [c for c, _ in new], [c for c, _ in pool], group_p, new


def _new_canary(s, rng, prof, kind: str, share_id: str):
    rec = canaries.identity(rng, prof)
    text = canaries.dumps(rec)
    row = ledger.Canary(kind=kind, share_id=share_id, province=canaries.province_of(rec),
                        birth_year=canaries.birth_year(rec), record=text, created_at=ledger.now())
    s.add(row)
    s.flush()
    return row.id, text


def _insert(data: dict, can_rows: list[dict], rng) -> dict:
    """Real rows in their order, canaries at random places among them."""
    n = len(next(iter(data.values()))) if data else 0
    slots = sorted(rng.randrange(n + 1) for _ in can_rows)
    out = {name: [] for name in data}
    k = 0
    for i in range(n + 1):
        while k < len(slots) and slots[k] == i:
            for name in data:
                out[name].append(can_rows[k].get(name))
            k += 1
        if i < n:
            for name in data:
                out[name].append(data[name][i])
    return out
