"""Protection operators and their registry.

An operator turns a list of cell values (one column, or the texts of the
spans detection found) into protected values. Every operator leaves ``None``
and ``""`` as they are. Reversible operators also ``invert``.

========== ========== =====================================================
name       reversible what it does
========== ========== =====================================================
keep       —          nothing (a policy saying "leave this column")
mask       no         keep first/last characters, or the entity's display rule
redact     no         replace the whole value (default: empty)
replace    no         an entity tag ``<手机号>`` or a consistent surrogate ``客户_0007``
pseudonym  no         keyed HMAC-SHA256 / HMAC-SM3 token (joins keep working)
fpe        yes        format-preserving encryption (FF1) per entity
encrypt    yes        AES-256-GCM or SM4-GCM token with key id and context bound in
generalize no         birth date -> year / age band, address -> district..., amount -> bucket
date_shift yes        shift dates by a keyed per-subject offset (intervals survive)
========== ========== =====================================================

>>> op = get("mask")
>>> op.apply(["13800138000", None], Context(entity="PHONE_MOBILE", params={"keep_first": 3, "keep_last": 4}))
['138****8000', None]
>>> get("mask_it")
Traceback (most recent call last):
...
piguard.errors.UnknownName: unknown operator 'mask_it'. Did you mean 'mask'?
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import importlib
import re
from dataclasses import dataclass, field

from piguard.errors import BadInput, UnknownName


@dataclass(frozen=True)
class Param:
    kind: type | tuple
    default: object = None
    help: str = ""
    choices: tuple | None = None


class Keyring:
    """Keys for one mask/unmask run: the active version of a named key for
    protecting, any version by key id for reversing. Nothing secret prints."""

    def __init__(self, name: str = "default", db: str | None = None):
        self.name = name
        self.db = db
        self._active = None
        self._by_kid: dict = {}

    def __repr__(self) -> str:
        return f"Keyring(name={self.name!r})"

    def active(self):
        if self._active is None:
            from piguard.protect import keys

            self._active = keys.active_key(self.name, self.db)
            self._by_kid[self._active.kid] = self._active
        return self._active

    def by_kid(self, kid: str):
        got = self._by_kid.get(kid)
        if got is None:
            from piguard.protect import keys

            got = keys.get_key(kid, self.db)
            self._by_kid[kid] = got
        return got


@dataclass
class Context:
    """What an operator may know besides the values."""

    entity: str | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)
    keyring: Keyring | None = None
    kid: str | None = None            # for invert: the key id the manifest names
    shared: dict = field(default_factory=dict)   # state shared by one run (surrogates)
    subject: list | None = None       # date_shift: the subject of each row

    def p(self, name):
        return self.params.get(name)

    def key(self):
        if self.keyring is None:
            raise BadInput("this operator needs a key")
        return self.keyring.by_kid(self.kid) if self.kid else self.keyring.active()


def entity_module(entity: str | None):
    if not entity:
        return None
    try:
        return importlib.import_module(f"piguard.entities.{entity.lower()}")
    except ImportError:
        return None


class Operator:
    name = ""
    reversible = False
    needs_key = False
    rowwise = False      # gets every row, not the distinct values
    params: dict[str, Param] = {}

    def apply(self, values: list, ctx: Context) -> list:
        raise NotImplementedError

    def invert(self, values: list, ctx: Context) -> list:
        raise BadInput(f"operator '{self.name}' is irreversible: the original values are gone")

    def check(self, params: dict, where: str | None = None) -> dict:
        """Validated parameters with defaults filled in."""
        out = {}
        for k, v in params.items():
            spec = self.params.get(k)
            if spec is None:
                raise UnknownName(f"parameter of '{self.name}'", k, self.params) if self.params else \
                    BadInput(f"operator '{self.name}' takes no parameters (got '{k}')", where=where)
            if v is not None and not isinstance(v, spec.kind) or isinstance(v, bool) and spec.kind is int:
                kind = spec.kind.__name__ if isinstance(spec.kind, type) else "/".join(t.__name__ for t in spec.kind)
                raise BadInput(f"'{k}' of operator '{self.name}' must be {kind}, got {v!r}", where=where)
            if spec.choices and v not in spec.choices:
                raise BadInput(f"'{k}' of operator '{self.name}' must be one of {', '.join(map(str, spec.choices))}",
                               where=where)
            out[k] = v
        for k, spec in self.params.items():
            out.setdefault(k, spec.default)
        return out


_REGISTRY: dict[str, Operator] = {}


def register(cls):
    _REGISTRY[cls.name] = cls()
    return cls


def get(name: str) -> Operator:
    op = _REGISTRY.get(name)
    if op is None:
        raise UnknownName("operator", name, _REGISTRY)
    return op


def names() -> list[str]:
    return list(_REGISTRY)


def _present(v) -> bool:
    return v is not None and v != ""


@register
class Keep(Operator):
    name = "keep"

    def apply(self, values, ctx):
        return list(values)

    def invert(self, values, ctx):
        return list(values)


_ADMIN = re.compile(r"^(?:.{1,7}?(?:特别行政区|自治区|省|市))?(?:.{1,9}?(?:自治州|地区|盟|市))?"
                    r"(?:.{1,7}?(?:自治县|自治旗|区|县|市|旗))?")


def admin_area(value: str) -> str:
    """The province/city/county prefix of an address (possibly empty).

    >>> admin_area("安徽省宿州市埇桥区建设路29号")
    '安徽省宿州市埇桥区'
    """
    return _ADMIN.match(value).group(0)


@register
class Mask(Operator):
    """``style``: ``ends`` keeps ``keep_first``/``keep_last`` characters;
    ``entity`` uses the entity's display rule (its module's ``mask``);
    ``address`` keeps the administrative area and hides the rest;
    ``digits`` hides every digit (a waybill address keeps its street)."""

    name = "mask"
    params = {
        "style": Param(str, None, "ends | entity | address | digits", ("ends", "entity", "address", "digits")),
        "keep_first": Param(int, None, "characters kept at the start"),
        "keep_last": Param(int, None, "characters kept at the end"),
        "char": Param(str, "*", "the masking character"),
        "at_least": Param(int, 2, "never fewer masking characters than this"),
    }

    def apply(self, values, ctx):
        style = ctx.p("style")
        first, last = ctx.p("keep_first"), ctx.p("keep_last")
        char = ctx.p("char") or "*"
        if style is None:
            style = "ends" if first is not None or last is not None else "entity"
        mod = entity_module(ctx.entity)
        if style == "entity" and (mod is None or not hasattr(mod, "mask")):
            style, first, last = "ends", 1, 1
        at_least = ctx.p("at_least") if ctx.p("at_least") is not None else 2
        out = []
        for v in values:
            if not _present(v):
                out.append(v)
            elif style == "entity":
                try:
                    out.append(mod.mask(v) or char * max(len(v), at_least))
                except Exception:
                    out.append(_ends(v, 1, 1, char, at_least))
            elif style == "address":
                head = admin_area(v)
                out.append(head + char * 4 if head and len(head) < len(v) else _ends(v, 3, 0, char, at_least))
            elif style == "digits":
                head = admin_area(v)
                out.append(head + re.sub(r"[0-9０-９]", char, v[len(head):]))
            else:
                out.append(_ends_in_place(v, mod, first or 0, last or 0, char, at_least))
        return out


def _ends_in_place(v: str, mod, first: int, last: int, char: str, at_least: int) -> str:
    """``_ends`` counted on the entity's compact form, so that separators and
    a ``+86`` prefix do not use up the kept characters.

    >>> from piguard.entities import phone_mobile
    >>> _ends_in_place("+86-15901429021", phone_mobile, 3, 4, "*", 2)
    '+86-159****9021'
    """
    comp = None
    if mod is not None and hasattr(mod, "compact"):
        try:
            comp = mod.compact(v)
        except Exception:
            comp = None
    if not comp or comp == v:
        return _ends(v, first, last, char, at_least)
    from piguard.protect.formats import _positions

    pos = _positions(v, comp)
    if pos is None:
        return _ends(v, first, last, char, at_least)
    masked = _ends(comp, first, last, char, at_least)
    chars = list(v)
    for p, (a, b) in zip(pos, zip(comp, masked)):
        if a != b:
            chars[p] = b
    return "".join(chars)


def _ends(v: str, first: int, last: int, char: str, at_least: int = 2) -> str:
    """Keep ``first``/``last`` characters; at least ``at_least`` characters
    stay hidden (one for two-character values), so short values are not
    given away.

    >>> _ends("13800138000", 3, 4, "*"), _ends("张三", 1, 0, "*"), _ends("ab", 1, 1, "*")
    ('138****8000', '张*', 'a*')
    """
    n = len(v)
    hidden = min(at_least, n - 1) if n > 1 else n
    while first + last > n - hidden:
        if last >= first and last > 0:
            last -= 1
        elif first > 0:
            first -= 1
        else:
            break
    return v[:first] + char * (n - first - last) + (v[n - last:] if last else "")


@register
class Redact(Operator):
    name = "redact"
    params = {"text": Param(str, "", "what replaces the value")}

    def apply(self, values, ctx):
        text = ctx.p("text") or ""
        return [text if _present(v) else v for v in values]


def _label(entity: str | None) -> str:
    mod = entity_module(entity)
    if entity == "PERSON_NAME":
        return "客户"
    return getattr(mod, "LABEL_ZH", None) or (entity or "值")


@register
class Replace(Operator):
    """``tag``: ``<手机号>``; ``surrogate``: ``客户_0007``, the same number for
    the same value everywhere in one run (first seen, first numbered)."""

    name = "replace"
    rowwise = False
    params = {
        "mode": Param(str, "surrogate", "tag | surrogate", ("tag", "surrogate")),
        "label": Param(str, None, "the word used (default: by entity, 客户 for names)"),
        "digits": Param(int, 4, "width of the surrogate number"),
    }

    def apply(self, values, ctx):
        label = ctx.p("label") or _label(ctx.entity)
        if ctx.p("mode") == "tag":
            return [f"<{label}>" if _present(v) else v for v in values]
        table = ctx.shared.setdefault(("surrogate", label), {})
        width = ctx.p("digits") or 4
        out = []
        for v in values:
            if not _present(v):
                out.append(v)
                continue
            n = table.get(v)
            if n is None:
                n = table[v] = len(table) + 1
            out.append(f"{label}_{n:0{width}d}")
        return out


@register
class Pseudonym(Operator):
    name = "pseudonym"
    needs_key = True
    params = {
        "algorithm": Param(str, "sha256", "sha256 | sm3 (HMAC)", ("sha256", "sm3")),
        "length": Param(int, 20, "base32 characters of the digest (8..52)"),
        "prefix": Param(str, "ps_", "text before the key id"),
    }

    def apply(self, values, ctx):
        from piguard.protect.pseudonym import pseudonyms

        mod = entity_module(ctx.entity)
        norm = getattr(mod, "compact", None)
        return pseudonyms(ctx.key(), values, ctx.p("algorithm") or "sha256", ctx.p("length") or 20,
                          ctx.p("prefix") if ctx.p("prefix") is not None else "ps_", norm, ctx.entity or "")


@register
class Fpe(Operator):
    """FF1 per entity (``piguard.protect.formats``): still a valid value of
    the same type, the same for the same input and key, reversible."""

    name = "fpe"
    reversible = True
    needs_key = True
    params = {"as": Param(str, None, "entity whose format to keep (default: the column's)")}

    def apply(self, values, ctx):
        from piguard.protect import formats

        return formats.encrypt(ctx.p("as") or ctx.entity, values, ctx.key())

    def invert(self, values, ctx):
        from piguard.protect import formats

        return formats.decrypt(ctx.p("as") or ctx.entity, values, ctx.key())


@register
class Encrypt(Operator):
    name = "encrypt"
    reversible = True
    needs_key = True
    params = {
        "algorithm": Param(str, "aes-256-gcm", "aes-256-gcm | sm4-gcm", ("aes-256-gcm", "sm4-gcm")),
        "deterministic": Param(bool, False, "equal values give equal tokens (joins)"),
        "context": Param(str, None, "associated data (default: the column or entity name)"),
    }

    def _context(self, ctx):
        return ctx.p("context") or ctx.column or ctx.entity or ""

    def apply(self, values, ctx):
        from piguard.protect import aead

        return aead.seal(ctx.key(), values, self._context(ctx), ctx.p("algorithm") or "aes-256-gcm",
                         bool(ctx.p("deterministic")))

    def invert(self, values, ctx):
        from piguard.protect import aead

        if ctx.keyring is None:
            raise BadInput("decryption needs a key")
        return aead.open_tokens(ctx.keyring.by_kid, values, self._context(ctx))


# -- generalisation -------------------------------------------------------------------

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})\s*日?\s*$")


def parse_date(value: str):
    m = _DATE_RE.match(value or "")
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _age(born: _dt.date, as_of: _dt.date) -> int:
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


def _number(v: str):
    try:
        return float(v.replace(",", "").strip())
    except ValueError:
        return None


@register
class Generalize(Operator):
    """``level`` by kind of value:

    * dates (BIRTH_DATE): ``year`` (1967), ``month`` (1967-08),
      ``age_band`` (``30-39``, with ``band`` years and ``as_of``), ``decade`` (1960s);
    * ADDRESS: ``district``, ``city``, ``province``;
    * numbers (amounts): ``bucket`` of width ``width`` (``5000-5999``).
    A value that cannot be generalised is suppressed (``*``).
    """

    name = "generalize"
    params = {
        "level": Param(str, None, "year | month | decade | age_band | district | city | province | bucket"),
        "band": Param(int, 10, "age band width in years"),
        "width": Param((int, float), 1000, "bucket width for amounts"),
        "as_of": Param(str, "2025-01-01", "reference date for ages (fixed, so runs agree)"),
    }

    def apply(self, values, ctx):
        level = ctx.p("level") or _default_level(ctx.entity)
        out = []
        for v in values:
            out.append(v if not _present(v) else generalize_value(v, level, ctx.entity, ctx.params))
        return out


def _default_level(entity):
    return {"BIRTH_DATE": "year", "ADDRESS": "district"}.get(entity or "", "bucket")


def generalize_value(v: str, level: str, entity: str | None = None, params: dict | None = None) -> str:
    """One value generalised to ``level``.

    >>> generalize_value("1967-08-01", "year"), generalize_value("1967-08-01", "age_band")
    ('1967', '50-59')
    >>> generalize_value("安徽省宿州市埇桥区建设路29号", "city"), generalize_value("7587.81", "bucket")
    ('安徽省宿州市', '7000-7999')
    """
    params = params or {}
    if level in ("year", "month", "decade", "age_band"):
        d = parse_date(v)
        if d is None:
            return "*"
        if level == "year":
            return f"{d.year}"
        if level == "month":
            return f"{d.year}-{d.month:02d}"
        if level == "decade":
            return f"{d.year // 10 * 10}s"
        band = int(params.get("band") or 10)
        as_of = parse_date(params.get("as_of") or "2025-01-01") or _dt.date(2025, 1, 1)
        a = max(0, _age(d, as_of))
        lo = a // band * band
        return f"{lo}-{lo + band - 1}"
    if level in ("district", "city", "province"):
        return _address_level(v, level)
    if level == "bucket":
        x = _number(v)
        if x is None:
            return "*"
        w = params.get("width") or 1000
        lo = int(x // w * w)
        hi = lo + int(w) - 1 if float(w).is_integer() else lo + w
        return f"{lo}-{hi}"
    raise BadInput(f"unknown generalisation level '{level}'")


def _address_level(v: str, level: str) -> str:
    mod = entity_module("ADDRESS")
    fn = getattr(mod, "generalise", None) or getattr(mod, "generalize", None)
    if fn is not None:
        try:
            got = fn(v, level)
            if got:
                return got
        except Exception:
            pass
    m = re.match(r"^(.{1,7}?(?:特别行政区|自治区|省|市))?(.{1,9}?(?:自治州|地区|盟|市))?"
                 r"(.{1,7}?(?:自治县|自治旗|区|县|市|旗))?", v)
    prov, city, dist = (g or "" for g in m.groups())
    if level == "province":
        return prov or city or "*"
    if level == "city":
        return (prov + city) or "*"
    return (prov + city + dist) or "*"


# -- per-subject date shifting ------------------------------------------------------------

@register
class DateShift(Operator):
    """Shift each date by a keyed offset of 1..``max_days`` days (either
    way) derived from the row's ``subject`` (a column; as written in the
    protected table, so unmask can recompute it). One subject, one offset:
    intervals between a person's dates survive."""

    name = "date_shift"
    reversible = True
    needs_key = True
    rowwise = True
    params = {
        "subject": Param(str, None, "column naming the person (required)"),
        "max_days": Param(int, 180, "largest shift in days"),
    }

    def _offsets(self, ctx):
        if ctx.subject is None:
            raise BadInput("date_shift needs 'subject': the column that names the person")
        k = ctx.key().derive("date-shift")
        top = max(1, int(ctx.p("max_days") or 180))
        out = []
        for s in ctx.subject:
            h = int.from_bytes(hmac.new(k, (s or "").encode(), hashlib.sha256).digest()[:8], "big")
            mag = h % top + 1
            out.append(mag if (h >> 63) & 1 else -mag)
        return out

    def _run(self, values, ctx, sign):
        offs = self._offsets(ctx)
        out = []
        for v, off in zip(values, offs):
            d = parse_date(v) if _present(v) else None
            if d is None:
                out.append(v)
                continue
            try:
                nd = d + _dt.timedelta(days=sign * off)
            except OverflowError:
                out.append(v)
                continue
            out.append(_format_like(v, nd))
        return out

    def apply(self, values, ctx):
        return self._run(values, ctx, 1)

    def invert(self, values, ctx):
        return self._run(values, ctx, -1)


def _format_like(template: str, d: _dt.date) -> str:
    """``d`` written the way ``template`` writes its date.

    >>> _format_like("1990/1/5", _dt.date(1991, 12, 25)), _format_like("19900105", _dt.date(1991, 2, 3))
    ('1991/12/25', '19910203')
    """
    m = _DATE_RE.match(template)
    parts = re.split(r"(\d+)", template)
    nums = [p for p in parts if p.isdigit()]
    if not m or len(nums) != 3:
        digits = f"{d.year:04d}{d.month:02d}{d.day:02d}"
        return digits
    width_m, width_d = len(nums[1]), len(nums[2])
    new = [f"{d.year:04d}", f"{d.month:0{width_m}d}" if width_m == 2 else str(d.month),
           f"{d.day:0{width_d}d}" if width_d == 2 else str(d.day)]
    it = iter(new)
    return "".join(next(it) if p.isdigit() else p for p in parts)
