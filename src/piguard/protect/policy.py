"""Protection policies in YAML, validated with errors that name the line.

```yaml
preset: display            # optional base: every entity gets the preset's rule
key: default               # data key name (piguard key list)
columns:                   # by header, exactly as in the file
  手机号码: {operator: mask, keep_first: 3, keep_last: 4}
  身份证号码: fpe          # shorthand: operator without parameters
  出生日期: {operator: generalize, level: age_band, band: 10}
entities:                  # by detected entity type
  PHONE_MOBILE: pseudonym
default: keep              # columns that hold no personal information
k: 5                       # anonymize: k-anonymity target
quasi_identifiers: [出生日期, 地址]
```

A column rule beats an entity rule, which beats the preset.

>>> p = loads("preset: display\\ncolumns:\\n  tel: {operator: mask, keep_last: 4}\\n")
>>> p.rule_for("tel", "PHONE_MOBILE"), p.rule_for("x", "PERSON_NAME")[0]
(('mask', {'keep_last': 4}), 'mask')
>>> loads("columns:\\n  tel: {operator: mask_it}\\n")
Traceback (most recent call last):
...
piguard.errors.BadInput: policy:2: unknown operator 'mask_it'. Did you mean 'mask'?
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from piguard.errors import BadInput, UnknownName
from piguard.protect import operators, presets

TOP_KEYS = ("version", "preset", "key", "columns", "entities", "default", "k", "quasi_identifiers")


@dataclass
class Policy:
    preset: presets.Preset | None = None
    key: str = "default"
    columns: dict = field(default_factory=dict)     # header -> (operator, params)
    entities: dict = field(default_factory=dict)    # entity -> (operator, params)
    default: tuple | None = None
    k: int | None = None
    quasi_identifiers: list | None = None
    name: str = "policy"

    def rule_for(self, column: str | None, entity: str | None) -> tuple[str, dict]:
        if column is not None and column in self.columns:
            op, params = self.columns[column]
            return op, dict(params)
        if entity is not None and entity in self.entities:
            op, params = self.entities[entity]
            return op, dict(params)
        if entity is None and self.default is not None:
            return self.default[0], dict(self.default[1])
        if self.preset is not None:
            return self.preset.rule(entity)
        return "keep", {}

    @property
    def target_k(self) -> int | None:
        return self.k if self.k is not None else (self.preset.k if self.preset else None)


def from_preset(name: str, key: str = "default") -> Policy:
    return Policy(preset=presets.get(name), key=key, name=f"preset {name}")


def load(path) -> Policy:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"policy file not found: {p}") from None
    except UnicodeDecodeError:
        raise BadInput(f"policy file is not UTF-8: {p}") from None
    return loads(text, name=str(p))


def _where(name: str, node) -> str:
    return f"{name}:{node.start_mark.line + 1}"


def _scalar(node, name, what):
    if not isinstance(node, yaml.ScalarNode):
        raise BadInput(f"{what} must be a single value", where=_where(name, node))
    return yaml.safe_load(yaml.serialize(node)) if node.tag != "tag:yaml.org,2002:str" else node.value


def _rule(node, name, what) -> tuple[str, dict]:
    """``op`` or ``{operator: op, param: value...}``."""
    where = _where(name, node)
    if isinstance(node, yaml.ScalarNode):
        op_name, params = node.value, {}
    elif isinstance(node, yaml.MappingNode):
        raw = {}
        for k, v in node.value:
            raw[k.value] = (v, _where(name, k))
        if "operator" not in raw:
            raise BadInput(f"{what}: missing 'operator'", where=where)
        op_name = _scalar(raw.pop("operator")[0], name, "operator")
        params = {k: (_scalar(v, name, k) if isinstance(v, yaml.ScalarNode) else
                      yaml.safe_load(yaml.serialize(v))) for k, (v, _) in raw.items()}
    else:
        raise BadInput(f"{what}: expected an operator name or a mapping", where=where)
    try:
        op = operators.get(str(op_name))
    except UnknownName as e:
        raise BadInput(str(e), where=where) from None
    try:
        params = op.check(params, where)
    except UnknownName as e:
        raise BadInput(str(e), where=where) from None
    params = {k: v for k, v in params.items() if v is not None and v != op.params[k].default}
    return op.name, params


def loads(text: str, name: str = "policy") -> Policy:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else "?"
        raise BadInput(f"not valid YAML: {e.problem}", where=f"{name}:{line}") from None
    except yaml.YAMLError as e:
        raise BadInput(f"not valid YAML: {e}", where=name) from None
    if root is None:
        raise BadInput("the policy is empty", where=name)
    if not isinstance(root, yaml.MappingNode):
        raise BadInput("a policy is a mapping (preset/columns/entities...)", where=_where(name, root))
    pol = Policy(name=name)
    seen = set()
    for knode, vnode in root.value:
        key = knode.value
        where = _where(name, knode)
        if key in seen:
            raise BadInput(f"'{key}' appears twice", where=where)
        seen.add(key)
        if key not in TOP_KEYS:
            raise BadInput(str(UnknownName("policy key", key, TOP_KEYS)), where=where)
        if key == "version":
            if _scalar(vnode, name, "version") not in (1, "1"):
                raise BadInput("only policy version 1 exists", where=where)
        elif key == "preset":
            try:
                pol.preset = presets.get(str(_scalar(vnode, name, "preset")))
            except UnknownName as e:
                raise BadInput(str(e), where=_where(name, vnode)) from None
        elif key == "key":
            pol.key = str(_scalar(vnode, name, "key"))
        elif key in ("columns", "entities"):
            if not isinstance(vnode, yaml.MappingNode):
                raise BadInput(f"'{key}' must map names to rules", where=where)
            out = {}
            for ck, cv in vnode.value:
                label = ck.value
                if key == "entities":
                    if label.upper() not in presets.ENTITIES:
                        raise BadInput(str(UnknownName("entity", label, presets.ENTITIES)),
                                       where=_where(name, ck))
                    label = label.upper()
                out[label] = _rule(cv, name, f"{key[:-1]} '{label}'")
            setattr(pol, key, out)
        elif key == "default":
            pol.default = _rule(vnode, name, "default")
        elif key == "k":
            k = _scalar(vnode, name, "k")
            if not isinstance(k, int) or isinstance(k, bool) or k < 2:
                raise BadInput("k must be a whole number of at least 2", where=where)
            pol.k = k
        elif key == "quasi_identifiers":
            if not isinstance(vnode, yaml.SequenceNode):
                raise BadInput("quasi_identifiers is a list of column names", where=where)
            pol.quasi_identifiers = [str(n.value) for n in vnode.value]
    return pol
