"""``mask`` and ``unmask``: protect a table (or a text) and reverse it.

``mask`` reads a table with ``piguard.io``, classifies its columns with
``piguard.scan``, applies the policy's operator to each column, and writes
the same format back (a GBK CSV stays GBK unless ``encoding`` says
otherwise). Next to the output it writes a manifest, ``OUT.piguard.json``:
which column got which operator, with which parameters and key id. It holds
no secret and no personal information; ``unmask`` needs it.

``unmask`` reverses the reversible operators (fpe, encrypt, date_shift) for a
caller who has the key and declares a purpose, which is recorded in the key
store. Irreversible operators (mask, redact, replace, pseudonym, generalize)
are refused with a message naming the columns, unless ``partial``.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from piguard.errors import BadInput
from piguard.protect import operators, policy as policies, presets
from piguard.protect.operators import Context, Keyring

MANIFEST_SUFFIX = ".piguard.json"
MANIFEST_FORMAT = "piguard-mask/1"
TEXT_SUFFIXES = (".txt", ".text", ".md", ".log")


@dataclass
class MaskResult:
    """What ``mask`` did: the output, the manifest (also written next to
    the output), and the achieved k when the policy asked for k-anonymity."""

    path: str
    out: str | None
    manifest: dict
    table: pa.Table | None = None
    text: str | None = None
    k: int | None = None
    columns: list = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {"path": self.path, "out": self.out, "manifest": self.manifest_path,
             "columns": self.manifest.get("columns", [])}
        if "anonymity" in self.manifest:
            d["anonymity"] = self.manifest["anonymity"]
        if "spans" in self.manifest:
            d["spans"] = len(self.manifest["spans"])
        return d

    @property
    def manifest_path(self) -> str | None:
        return self.out + MANIFEST_SUFFIX if self.out else None


def _policy(preset, policy, key):
    if policy is not None and preset is not None:
        raise BadInput("give either a policy or a preset, not both (a policy can name a preset)")
    if policy is None and preset is None:
        raise BadInput("say how to protect: --preset NAME or --policy FILE")
    if isinstance(policy, policies.Policy):
        pol = policy
    elif policy is not None:
        pol = policies.load(policy)
    else:
        pol = policies.from_preset(preset)
    if key:
        pol.key = key
    return pol


def _utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _strings(col) -> pa.Array:
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if not pa.types.is_string(arr.type):
        arr = pc.cast(arr, pa.string())
    return arr


def apply_column(col, fn, rowwise: bool = False) -> pa.Array:
    """Apply ``fn(list_of_values) -> list`` to a column, once per distinct
    value unless ``rowwise``; nulls stay null."""
    arr = _strings(col)
    if rowwise:
        return pa.array(fn(arr.to_pylist()), type=pa.string())
    enc = pc.dictionary_encode(arr)
    if isinstance(enc, pa.ChunkedArray):
        enc = enc.combine_chunks()
    new = pa.array(fn(enc.dictionary.to_pylist()), type=pa.string())
    return pc.take(new, enc.indices)


def _entities_of(table: pa.Table, source, entities: dict | None) -> list:
    if entities is not None:
        names = list(getattr(source, "headers", None) or table.column_names)
        return [entities.get(h, entities.get(c)) for h, c in zip(names, table.column_names)]
    from piguard.scan import scan, scan_loaded

    report = scan_loaded(table, source) if source is not None else scan(table)
    return [c.entity for c in report.columns]


# -- tables ------------------------------------------------------------------------------

def mask_table(table: pa.Table, *, preset: str | None = None, policy=None, key: str | None = None,
               db: str | None = None, source=None, entities: dict | None = None):
    """Protect an Arrow table of strings. Returns ``(table, manifest)``."""
    pol = _policy(preset, policy, key)
    headers = list(getattr(source, "headers", None) or table.column_names)
    if len(headers) != table.num_columns:
        headers = list(table.column_names)
    ents = _entities_of(table, source, entities)
    keyring = Keyring(pol.key, db)
    shared: dict = {}
    known = set(headers) | set(table.column_names)
    for col in pol.columns:
        if col not in known:
            raise BadInput(f"the policy names column '{col}', which the table does not have "
                           f"(columns: {', '.join(headers)})", where=pol.name)

    plan = []
    for i, (h, name, ent) in enumerate(zip(headers, table.column_names, ents)):
        rule = pol.columns.get(h) or pol.columns.get(name)
        op_name, params = rule if rule else pol.rule_for(h, ent)
        op = operators.get(op_name)
        params = op.check(params, pol.name)
        plan.append((i, h, name, ent, op, params))

    target_k = pol.target_k
    quasi = _quasi(pol, headers, table.column_names, ents) if target_k else []
    originals = {}
    cols = {name: table.column(i) for i, _, name, _, _, _ in plan}
    out_cols = dict(cols)
    manifest_cols = []
    # Row-wise operators (date_shift) run last: their subject is read from
    # the protected table, which is what unmask will see.
    for i, h, name, ent, op, params in sorted(plan, key=lambda p: p[4].rowwise):
        if name in quasi:
            originals[name] = _strings(cols[name]).to_pylist()
            continue
        ctx = Context(entity=ent, column=h, params=params, keyring=keyring, shared=shared)
        if op.rowwise:
            subj = params.get("subject")
            if subj not in headers and subj not in table.column_names:
                raise BadInput(f"date_shift on '{h}': subject column '{subj}' is not in the table",
                               where=pol.name)
            sname = table.column_names[headers.index(subj)] if subj in headers else subj
            ctx.subject = _strings(out_cols[sname]).to_pylist()
        if op.name != "keep":
            out_cols[name] = apply_column(cols[name], lambda v, op=op, ctx=ctx: op.apply(v, ctx), op.rowwise)
        entry = {"name": h, "entity": ent, "operator": op.name,
                 "params": {k: v for k, v in params.items() if v is not None},
                 "reversible": op.reversible}
        if op.needs_key:
            entry["kid"] = keyring.active().kid
        manifest_cols.append(entry)

    anonymity = None
    if target_k:
        from piguard.protect.anonymize import k_anonymize

        kinds = {name: ent for _, _, name, ent, _, _ in plan if name in quasi}
        new, anonymity = k_anonymize(originals, kinds, k=target_k, rows=table.num_rows)
        for name, vals in new.items():
            out_cols[name] = pa.array(vals, type=pa.string())
            h = headers[table.column_names.index(name)]
            manifest_cols.append({"name": h, "entity": kinds.get(name), "operator": "generalize",
                                  "params": {"level": anonymity["levels"][name], "k": target_k},
                                  "reversible": False})
        anonymity["quasi_identifiers"] = [headers[table.column_names.index(n)] for n in quasi]
    order = {h: j for j, h in enumerate(headers)}
    manifest_cols.sort(key=lambda e: order.get(e["name"], 0))
    result = pa.table([out_cols[n] for n in table.column_names], names=table.column_names)
    manifest = {"format": MANIFEST_FORMAT, "created": _utc(), "policy": pol.name,
                "key_name": pol.key, "kind": "table", "rows": table.num_rows, "columns": manifest_cols}
    if anonymity is not None:
        manifest["anonymity"] = anonymity
    return result, manifest


def _quasi(pol, headers, names, ents) -> list:
    if pol.quasi_identifiers:
        out = []
        for q in pol.quasi_identifiers:
            if q in headers:
                out.append(names[headers.index(q)])
            elif q in names:
                out.append(q)
            else:
                raise BadInput(f"quasi-identifier column '{q}' is not in the table", where=pol.name)
        return out
    return [n for n, e in zip(names, ents) if e in presets.QUASI and n not in pol.columns]


def mask(path, out=None, *, preset: str | None = None, policy=None, key: str | None = None,
         db: str | None = None, encoding: str | None = None, entities: dict | None = None) -> MaskResult:
    """Protect the table or text at ``path`` and write it to ``out`` with
    its manifest ``out + '.piguard.json'``."""
    path = str(path)
    if out is None:
        raise BadInput("say where to write the result (--out)")
    if os.path.abspath(out) == os.path.abspath(path):
        raise BadInput("--out must differ from the input (the input is never overwritten)")
    pol = _policy(preset, policy, key)      # a bad policy fails before any reading
    if Path(path).suffix.lower() in TEXT_SUFFIXES:
        return _mask_text_file(path, out, policy=pol, db=db, encoding=encoding)
    from piguard.io import read_table, write_table

    table, source = read_table(path)
    masked, manifest = mask_table(table, policy=pol, db=db, source=source, entities=entities)
    manifest["input"] = os.path.basename(path)
    manifest["output"] = os.path.basename(str(out))
    manifest["encoding"] = encoding or getattr(source, "encoding", None)
    _write_table(write_table, masked, out, source, encoding)
    _write_manifest(out, manifest)
    k = manifest.get("anonymity", {}).get("k")
    return MaskResult(path, str(out), manifest, table=masked, k=k, columns=manifest["columns"])


def _write_table(write_table, table, out, source, encoding):
    from piguard.io import format_of

    options = {}
    fmt = format_of(out) or getattr(source, "format", None)
    if encoding:
        if fmt in ("csv", "tsv"):
            options = {"encoding": encoding, "bom": encoding.lower().replace("_", "-") == "utf-8-sig"}
        elif fmt == "jsonl":
            options = {"encoding": encoding}
        else:
            raise BadInput(f"--encoding applies to CSV, TSV and JSON Lines, not {fmt}")
    write_table(table, out, like=source, **options)


def _write_manifest(out, manifest: dict) -> None:
    from piguard.io.atomic import atomic_write

    with atomic_write(str(out) + MANIFEST_SUFFIX, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")


def read_manifest(path, manifest=None) -> dict:
    mpath = Path(manifest) if manifest else Path(str(path) + MANIFEST_SUFFIX)
    try:
        data = json.loads(mpath.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"no mask manifest at {mpath} (mask writes it next to its output; "
                       "pass --manifest if it was moved)") from None
    except (ValueError, UnicodeDecodeError):
        raise BadInput(f"{mpath} is not a piguard mask manifest") from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise BadInput(f"{mpath} is not a piguard mask manifest")
    return data


# -- unmask ----------------------------------------------------------------------------------

def _refuse_irreversible(entries, partial: bool) -> None:
    bad = [e for e in entries if e["operator"] != "keep" and not e.get("reversible")]
    if bad and not partial:
        what = ", ".join(f"'{e['name']}' ({e['operator']})" for e in bad)
        raise BadInput(f"cannot unmask: {what} were protected irreversibly and cannot be restored; "
                       "use --partial to restore only the reversible columns")


def unmask_table(table: pa.Table, manifest: dict, *, purpose: str, db: str | None = None,
                 partial: bool = False, source=None) -> pa.Table:
    """Reverse a masked table with its manifest."""
    if not purpose or not purpose.strip():
        raise BadInput("unmask needs a purpose (--purpose): it is recorded with the key use")
    entries = manifest.get("columns", [])
    _refuse_irreversible(entries, partial)
    headers = list(getattr(source, "headers", None) or table.column_names)
    if len(headers) != table.num_columns:
        headers = list(table.column_names)
    keyring = Keyring(manifest.get("key_name") or "default", db)
    cols = {n: table.column(i) for i, n in enumerate(table.column_names)}
    masked = dict(cols)

    def name_of(h):
        if h in headers:
            return table.column_names[headers.index(h)]
        if h in cols:
            return h
        raise BadInput(f"the manifest names column '{h}', which this table does not have")

    todo = [e for e in entries if e.get("reversible") and e["operator"] != "keep"]
    for e in todo:
        keyring.by_kid(e["kid"]) if e.get("kid") else None   # fail early on a missing key
    # Row-wise operators first: their subjects are read as they were written.
    todo.sort(key=lambda e: not operators.get(e["operator"]).rowwise)
    kids = set()
    for e in todo:
        op = operators.get(e["operator"])
        name = name_of(e["name"])
        ctx = Context(entity=e.get("entity"), column=e["name"], params=dict(e.get("params", {})),
                      keyring=keyring, kid=e.get("kid"))
        if op.rowwise:
            ctx.subject = _strings(masked[name_of(ctx.params["subject"])]).to_pylist()
        cols[name] = apply_column(masked[name], lambda v, op=op, ctx=ctx: op.invert(v, ctx), op.rowwise)
        if e.get("kid"):
            kids.add(e["kid"])
    from piguard.protect import keys

    detail = json.dumps({"input": manifest.get("output"), "columns": [e["name"] for e in todo]},
                        ensure_ascii=False)
    for kid in sorted(kids):
        keys.record_event(kid, "unmask", purpose=purpose.strip(), detail=detail, db=db)
    return pa.table([cols[n] for n in table.column_names], names=table.column_names)


def unmask(path, out=None, *, purpose: str, db: str | None = None, manifest=None,
           partial: bool = False, encoding: str | None = None) -> str:
    """Restore what is reversible in the masked file ``path`` into ``out``."""
    path = str(path)
    if out is None:
        raise BadInput("say where to write the result (--out)")
    if not purpose or not purpose.strip():
        raise BadInput("unmask needs a purpose (--purpose): it is recorded with the key use")
    m = read_manifest(path, manifest)
    if m.get("kind") == "text":
        return _unmask_text_file(path, out, m, purpose=purpose, db=db, partial=partial, encoding=encoding)
    from piguard.io import read_table, write_table

    table, source = read_table(path)
    restored = unmask_table(table, m, purpose=purpose, db=db, partial=partial, source=source)
    _write_table(write_table, restored, out, source, encoding)
    return str(out)


# -- text --------------------------------------------------------------------------------------

def _mask_text_file(path, out, *, policy, db, encoding):
    from piguard.protect.text import mask_text

    raw = Path(path).read_bytes()
    enc = _text_encoding(raw)
    text = raw.decode(enc)
    masked, manifest = mask_text(text, policy=policy, db=db)
    manifest.update({"input": os.path.basename(path), "output": os.path.basename(str(out)),
                     "encoding": encoding or enc})
    _write_text(out, masked, encoding or enc)
    _write_manifest(out, manifest)
    return MaskResult(path, str(out), manifest, text=masked)


def _unmask_text_file(path, out, m, *, purpose, db, partial, encoding):
    from piguard.protect.text import unmask_text

    raw = Path(path).read_bytes()
    enc = m.get("encoding") or _text_encoding(raw)
    text = raw.decode(_text_encoding(raw) if enc.lower().replace("-", "") == "utf8sig" else enc)
    restored = unmask_text(text, m, purpose=purpose, db=db, partial=partial)
    _write_text(out, restored, encoding or enc)
    return str(out)


def _text_encoding(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise BadInput("cannot decode the text (neither UTF-8 nor GB18030)") from None


def _write_text(out, text: str, enc: str) -> None:
    from piguard.io.atomic import atomic_write

    try:
        data = text.encode(enc)
    except UnicodeEncodeError:
        raise BadInput(f"the result cannot be written in {enc}; choose --encoding utf-8") from None
    with atomic_write(str(out), "wb") as f:
        f.write(data)
