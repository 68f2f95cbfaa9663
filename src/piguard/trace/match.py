"""Rows to customers: identity fields, their normal forms, and tokens.

A row is known by its unchangeable identifiers. Each column the classifier
recognises as one of the identity entities becomes a *field*; every value is
brought to one normal form by its entity module's ``compact`` (phones lose
``+86``, dashes and spaces; digits become half-width; names become
simplified), and addresses by ``marks.canonical`` (which also undoes every
mark rendering). Tokens are keyed hashes of single identifiers or of a name
with an identifier, looked up in the ledger's customer-key index.

>>> normal("phone", "+86 138-0013-8000"), normal("name", "張 偉")
('13800138000', '张伟')
>>> normal("phone", "12345")
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from piguard.errors import BadInput
from piguard.trace import marks

# Identity field -> entity type.
FIELDS = {
    "name": "PERSON_NAME",
    "phone": "PHONE_MOBILE",
    "id": "CN_RESIDENT_ID",
    "card": "BANK_CARD",
    "email": "EMAIL",
    "address": "ADDRESS",
}
ENTITY_FIELD = {e: f for f, e in FIELDS.items()}

# Tokens that name one customer: a single strong identifier, or a name with one.
TOKEN_KINDS = (("phone",), ("id",), ("card",), ("email",),
               ("name", "phone"), ("name", "id"), ("name", "address"))

# Upper bounds on the chance that a canary's value equals a given unrelated
# record's value, over the canary's random generation (see docs/trace.md):
# phones are drawn uniformly from >= 10^9 numbers in service (533 four-digit
# prefixes x 10^7), ID numbers from >= 1,000 sequence numbers x 365 days,
# cards from >= 10^8 account numbers, and no generated name, address or
# e-mail is more frequent than these. These fixed bounds decide which
# agreements count as a hit (accuse.HIT_BOUND); the chance of a hit is then
# bounded per row from the generator's own name and phone probabilities
# (piguard.trace.rarity).
COLLISION = {"phone": 1e-9, "id": 1 / (1000 * 365), "card": 1e-8,
             "email": 1e-4, "address": 1e-3, "name": 1e-2}


def _entity(name: str):
    from piguard.entities import get

    return get(name)


def normal(fld: str, value) -> str | None:
    """The normal form of an identity value, or None when it is not one."""
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    if fld == "address":
        c = marks.canonical(s)
        return c if len(c) >= 6 else None
    mod = _entity(FIELDS[fld])
    try:
        c = mod.compact(s)
    except Exception:
        return None
    if not c:
        return None
    if fld == "name":
        return c if mod.is_valid(c) or (2 <= len(c) <= 8 and not any(ch.isdigit() for ch in c)) else None
    if fld == "email":
        c = c.lower()
    return c if mod.is_valid(c) else None


def tokens(tok, fields: dict[str, list[str]]) -> list[int]:
    """Every token of a row whose fields hold these normal values."""
    out = []
    for kinds in TOKEN_KINDS:
        vals = [fields.get(k) or [] for k in kinds]
        if not all(vals):
            continue
        key = "+".join(kinds)
        if len(kinds) == 1:
            out.extend(tok(key, v) for v in vals[0])
        else:
            out.extend(tok(key, a + "\x1f" + b) for a in vals[0] for b in vals[1])
    return out


@dataclass
class Rows:
    """A table's rows as identity fields (normal values, possibly several per
    field when several columns hold that entity) and raw addresses."""

    n: int
    fields: list[dict[str, list[str]]]
    addresses: list[list[str]]
    columns: list[tuple[str, str | None]] = field(default_factory=list)


def classify(table: pa.Table) -> list[tuple[str, str | None]]:
    """``(column name, entity or None)`` per column, by the project's scanner."""
    from piguard.scan import scan

    report = scan(table)
    return [(c.name, c.entity) for c in report.columns]


def rows_of_table(table: pa.Table, columns=None) -> Rows:
    """Identity fields of every row of a table of strings."""
    columns = columns or classify(table)
    per_field: dict[str, list[list]] = {}
    addr_cols = []
    for (name, ent), col in zip(columns, table.columns):
        fld = ENTITY_FIELD.get(ent or "")
        if fld is None:
            continue
        values = col.to_pylist()
        per_field.setdefault(fld, []).append(values)
        if fld == "address":
            addr_cols.append(values)
    n = table.num_rows
    fields = [dict() for _ in range(n)]
    for fld, cols in per_field.items():
        cache: dict = {}
        for values in cols:
            for i, v in enumerate(values):
                if v is None:
                    continue
                c = cache.get(v, 0)
                if c == 0:
                    c = cache[v] = normal(fld, v)
                if c and c not in fields[i].setdefault(fld, []):
                    fields[i][fld].append(c)
    addresses = [[v for v in vals if v] for vals in zip(*addr_cols)] if addr_cols else [[] for _ in range(n)]
    return Rows(n, fields, addresses, list(columns))


def rows_of_texts(lines: list[str]) -> Rows:
    """Identity fields of free-text lines (one record a line), by detection."""
    from piguard.detect.engine import detect

    fields, addresses = [], []
    for line in lines:
        f: dict[str, list[str]] = {}
        a: list[str] = []
        for sp in detect(line, entities=list(FIELDS.values())):
            fld = ENTITY_FIELD.get(sp.entity)
            if fld is None:
                continue
            c = normal(fld, sp.text)
            if c and c not in f.setdefault(fld, []):
                f[fld].append(c)
            if fld == "address":
                a.append(sp.text)
        fields.append({k: v for k, v in f.items() if v})
        addresses.append(a)
    return Rows(len(lines), fields, addresses, [])


def read_leak(path) -> Rows:
    """Read a leaked file: any table format the project reads (CSV in GBK or
    UTF-8, XLSX, ...), or a plain text list with one record per line."""
    from piguard import io

    p = Path(path)
    if not p.exists():
        raise BadInput(f"no such file: {p}")
    if p.suffix.lower() in (".txt", ".text", ".log", ".md"):
        return rows_of_texts([d.text for d in io.read_texts(p)])
    table, _source = io.read_table(p)
    rows = rows_of_table(table)
    if not any(e in FIELDS.values() for _, e in rows.columns):
        # A one-column "table" of free text: read it as lines.
        lines = [" ".join(str(v) for v in r.values() if v) for r in table.to_pylist()]
        return rows_of_texts(lines)
    return rows
