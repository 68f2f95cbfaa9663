"""Protect the personal information detection finds in free text.

Each span gets its entity's operator from the policy; spans are replaced
from the end so offsets stay valid. The manifest lists every protected span
as it sits in the *output* text (offsets, entity, operator, key id), which
is what ``unmask_text`` needs: no secret, no original value.

>>> from piguard.protect.operators import Context
>>> masked, m = mask_text("客户王小明，手机13800138000", preset="display")   # doctest: +SKIP
"""
from __future__ import annotations

from piguard.errors import BadInput
from piguard.protect import operators
from piguard.protect.operators import Context, Keyring


def mask_text(text: str, *, preset: str | None = None, policy=None, key: str | None = None,
              db: str | None = None, spans=None):
    """``(masked_text, manifest)``; ``spans`` (from ``piguard.detect``) are
    found when not given."""
    from piguard.protect.api import MANIFEST_FORMAT, _policy, _utc

    pol = _policy(preset, policy, key)
    if spans is None:
        from piguard import detect

        spans = detect(text)
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    kept, last = [], -1
    for s in spans:                       # overlapping spans: the first wins
        if s.start >= last:
            kept.append(s)
            last = s.end
    keyring = Keyring(pol.key, db)
    shared: dict = {}
    by_rule: dict = {}
    for s in kept:
        op_name, params = pol.rule_for(None, s.entity)
        by_rule.setdefault((s.entity, op_name, tuple(sorted(params.items()))), []).append(s)
    replaced = {}
    meta = {}
    for (ent, op_name, params), group in by_rule.items():
        op = operators.get(op_name)
        if op.rowwise:
            raise BadInput(f"operator '{op_name}' needs a table (a subject column), not text")
        params = op.check(dict(params), pol.name)
        ctx = Context(entity=ent, column=None, params=params, keyring=keyring, shared=shared)
        vals = [text[s.start:s.end] for s in group]
        new = op.apply(vals, ctx) if op.name != "keep" else vals
        for s, v in zip(group, new):
            replaced[(s.start, s.end)] = v if v is not None else ""
            meta[(s.start, s.end)] = {"entity": ent, "operator": op.name,
                                      "params": {k: v for k, v in params.items() if v is not None},
                                      "reversible": op.reversible,
                                      **({"kid": keyring.active().kid} if op.needs_key else {})}
    parts, pos, out_spans, shift = [], 0, [], 0
    for s in kept:
        new = replaced[(s.start, s.end)]
        parts.append(text[pos:s.start])
        start = s.start + shift
        parts.append(new)
        out_spans.append({"start": start, "end": start + len(new), **meta[(s.start, s.end)]})
        shift += len(new) - (s.end - s.start)
        pos = s.end
    parts.append(text[pos:])
    manifest = {"format": MANIFEST_FORMAT, "created": _utc(), "policy": pol.name, "key_name": pol.key,
                "kind": "text", "spans": [sp for sp in out_spans if sp["operator"] != "keep"]}
    return "".join(parts), manifest


def unmask_text(text: str, manifest: dict, *, purpose: str, db: str | None = None,
                partial: bool = False) -> str:
    """Reverse the reversible spans a ``mask_text`` manifest lists."""
    from piguard.protect import keys

    if not purpose or not purpose.strip():
        raise BadInput("unmask needs a purpose (--purpose): it is recorded with the key use")
    spans = manifest.get("spans", [])
    bad = sorted({sp["operator"] for sp in spans if not sp.get("reversible")})
    if bad and not partial:
        raise BadInput(f"cannot unmask: {sum(not sp.get('reversible') for sp in spans)} spans were protected "
                       f"irreversibly ({', '.join(bad)}); use --partial to restore only the reversible ones")
    keyring = Keyring(manifest.get("key_name") or "default", db)
    out = text
    kids = set()
    for sp in sorted(spans, key=lambda s: s["start"], reverse=True):
        if not sp.get("reversible"):
            continue
        if not 0 <= sp["start"] <= sp["end"] <= len(out):
            raise BadInput("the text does not match its manifest (was it edited after masking?)")
        op = operators.get(sp["operator"])
        ctx = Context(entity=sp.get("entity"), params=dict(sp.get("params", {})), keyring=keyring,
                      kid=sp.get("kid"))
        orig = op.invert([out[sp["start"]:sp["end"]]], ctx)[0]
        out = out[:sp["start"]] + orig + out[sp["end"]:]
        if sp.get("kid"):
            kids.add(sp["kid"])
    for kid in sorted(kids):
        keys.record_event(kid, "unmask", purpose=purpose.strip(), detail="text", db=db)
    return out
