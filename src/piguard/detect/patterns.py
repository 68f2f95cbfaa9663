"""The rule-based text recogniser: every entity module with a ``PATTERN``.

Chinese text is mostly Han characters, and every rule-based identifier
holds ASCII letters or digits. So the recogniser first finds runs of ASCII
letters/digits (joined by ``@._:-``) with one fast regex, merges runs that
are at most three characters apart into *clusters* (``(0731)8255656``,
``1993年5月22日``, ``+86 138 0013 8000``), and only then runs the entity
patterns, each over the few characters around a cluster that could hold it.
A text without ASCII letters or digits costs one regex scan.

Each match is then checked by its module (``text_score`` when the module
has one, else ``is_valid``), looked up for context words nearby, and scored:
``BASE_SCORE``, raised to ``CONTEXT_SCORE`` by a context word; a module with
``NEEDS_CONTEXT`` gives no hit without one. Masked values and digits next to
order/policy/waybill words are never hits.

>>> from piguard.detect.normalize import normalize
>>> spans = PatternRecognizer().find(normalize("电话：１３８ ００１３ ８０００，身份证11010519491231002X"))
>>> [(s.entity, s.text, s.explanation["context"]) for s in spans]
[('PHONE_MOBILE', '138 0013 8000', '电话'), ('CN_RESIDENT_ID', '11010519491231002X', '身份证')]
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from types import ModuleType

from piguard import entities
from piguard.detect.normalize import NormalizedText
from piguard.detect.span import Span
from piguard.entities.base import MASK_CHARS

# Entity modules written elsewhere that may be absent while the project grows.
_OPTIONAL = {"person_name", "address"}

# A run of ASCII letters/digits, with the joiners identifiers use inside.
_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z@._:\-]*")
# Where a value may start inside a cluster (see find).
_INNER = re.compile(r"(?<=[A-Za-z])[0-9]|(?<=[A-Za-z][:=#.])[0-9A-Za-z]")
_MAX_GAP = 3          # runs this close form one cluster (separators, 年/月, 转, brackets)
# A cluster: runs of _RUN at most _MAX_GAP characters apart, found by one
# regex. Only clusters of 3 characters or more are found, the shortest any
# type fits in (_MIN_LEN); group 1 is set when the cluster holds more than
# one run. The pattern starts with a plain character class so that the regex
# engine skips Han text at the speed of _RUN (an alternation first is five
# times slower).
_CLUSTER = re.compile(rf"[0-9A-Za-z](?:[0-9A-Za-z@._:\-]*+((?:[^0-9A-Za-z]{{1,{_MAX_GAP}}}+[0-9A-Za-z]"
                      r"[0-9A-Za-z@._:\-]*+)++)|[0-9A-Za-z@._:\-]{2,}+)")
_SIZES = 20           # cluster sizes above this share one rule table slot
_PREFIXES = frozenset("+(（")
_AFTER = 1            # ... and after it (日, 号, closing bracket)
LEFT = 12             # how far left a context word may stand
RIGHT = 4             # how far right (only to raise a score, or CONTEXT_AFTER words)
CONTEXT_SCORE = 0.95

# Words that make a bare number an order, policy, waybill... number.
NEGATIVE = ("价格", "单价", "总价", "订单", "单号", "保单", "运单", "流水", "编号", "交易号", "批次", "工单", "合同", "发票", "快递",
            "物流", "序列号", "验证码", "时间戳", "金额", "保费", "邮编", "工号", "学号", "货号", "型号", "条码",
            "order", "Order", "ORDER", "invoice", "Invoice", "tracking", "Tracking", "serial", "Serial", "SN", "S/N")
_NEGATIVE = re.compile("|".join(map(re.escape, NEGATIVE)))
# A number right after a currency sign or before a unit is an amount.
_CURRENCY = frozenset("￥¥$€£")
_UNITS = frozenset("元块圆角分万亿")
# Masking characters that cannot belong to a value (x/X can: IDs, VINs).
_MASKING = frozenset(MASK_CHARS) - {"x", "X"}


def _words(words) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


@dataclass(frozen=True, slots=True)
class _Rule:
    module: ModuleType
    name: str
    pattern: re.Pattern
    context: re.Pattern | None
    after: re.Pattern | None
    needs_context: bool
    min_len: int
    needs: str  # "" or one of the cluster features below
    scorer: object  # the module's text_score, or None
    context_score: float
    best_score: float  # the highest score the type can give
    first: frozenset | None  # characters a match can start with (None: any)
    is_valid: object  # the module's is_valid
    base_score: float
    pattern_name: str  # for explanations


# The shortest cluster each type fits in (saves running patterns that cannot match).
_MIN_LEN = {
    "CN_RESIDENT_ID": 15, "PHONE_MOBILE": 11, "PHONE_LANDLINE": 9, "EMAIL": 5, "BANK_CARD": 14,
    "LICENSE_PLATE": 5, "VIN": 17, "PASSPORT_CN": 8, "TRAVEL_PERMIT": 8, "QQ_NUMBER": 5,
    "WECHAT_ID": 6, "IP_ADDRESS": 3, "DEVICE_ID": 14, "BIRTH_DATE": 4,
}
# The lengths a value of each type can have when it is a bare run of ASCII
# digits (read off the PATTERNs: 86/0086 prefixes, 15/18-digit IDs, 8-digit
# dates...). A cluster that is one such run holds a value of the whole run or
# none (every pattern refuses a digit on either side), so other types are
# not tried on it. Types not listed have no such limit.
_DIGIT_RUN_LEN = {
    "CN_RESIDENT_ID": {15, 18}, "PHONE_MOBILE": {11, 13, 15}, "PHONE_LANDLINE": set(range(10, 17)),
    "BANK_CARD": set(range(14, 20)), "DEVICE_ID": {15}, "QQ_NUMBER": set(range(5, 12)),
    "TRAVEL_PERMIT": {8, 10}, "BIRTH_DATE": {8},
}
# A character feature a cluster must have for the type to fit: "@" an at sign,
# "." a dot or colon, "a" an ASCII letter.
_NEEDS = {"EMAIL": "@", "IP_ADDRESS": ".", "VIN": "a", "PASSPORT_CN": "a", "WECHAT_ID": "a"}
# The characters a match of each type can start with (prefixes included:
# "+86", "(0731)"): trying a pattern only where it can start skips most
# attempts in clusters that hold letters.
_DIGITS = "0123456789"
_HEX = _DIGITS + "abcdefABCDEF"
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FIRST = {
    "CN_RESIDENT_ID": _DIGITS[1:], "PHONE_MOBILE": "+018", "PHONE_LANDLINE": "0(（+",
    "EMAIL": _DIGITS + _LETTERS + "_%+-", "BANK_CARD": _DIGITS, "VIN": _DIGITS + _LETTERS[26:],
    "PASSPORT_CN": "EGPDS", "TRAVEL_PERMIT": _DIGITS + "CWLTHM", "QQ_NUMBER": _DIGITS[1:],
    "WECHAT_ID": _LETTERS, "IP_ADDRESS": _HEX + ":", "DEVICE_ID": _HEX, "BIRTH_DATE": "12",
}


def _first(mod: ModuleType) -> frozenset | None:
    if mod.NAME == "LICENSE_PLATE":
        return frozenset(getattr(mod, "PROVINCES", ())) or None
    chars = _FIRST.get(mod.NAME)
    return frozenset(chars) if chars else None


def _load_modules() -> list[ModuleType]:
    mods = []
    for name in entities.MODULES:
        try:
            mods.append(importlib.import_module(f"piguard.entities.{name}"))
        except ModuleNotFoundError as e:
            if name in _OPTIONAL and e.name == f"piguard.entities.{name}":
                continue
            raise
    return [m for m in mods if getattr(m, "PATTERN", None) is not None]


class PatternRecognizer:
    """Rule-based recogniser over every entity module that has a ``PATTERN``."""

    name = "patterns"

    def __init__(self, modules: list[ModuleType] | None = None):
        rules = []
        for mod in modules if modules is not None else _load_modules():
            rules.append(_Rule(mod, mod.NAME, mod.PATTERN, _words(mod.CONTEXT),
                               _words(getattr(mod, "CONTEXT_AFTER", ())), bool(mod.NEEDS_CONTEXT),
                               _MIN_LEN.get(mod.NAME, 1), _NEEDS.get(mod.NAME, ""),
                               getattr(mod, "text_score", None),
                               max(mod.BASE_SCORE, getattr(mod, "CONTEXT_SCORE", CONTEXT_SCORE)),
                               max(mod.BASE_SCORE, getattr(mod, "CONTEXT_SCORE", CONTEXT_SCORE), 0.95),
                               _first(mod), mod.is_valid, mod.BASE_SCORE, f"{mod.__name__}.PATTERN"))
        self._rules = tuple(rules)
        self.entities = tuple(r.name for r in rules)
        self._free = tuple(r for r in rules if not r.needs_context and r.name != "LICENSE_PLATE")
        self._gated = tuple(r for r in rules if r.needs_context)
        self._any_context = _words(w for r in self._gated for w in r.module.CONTEXT)
        self._plate = next((r for r in rules if r.name == "LICENSE_PLATE"), None)
        provinces = getattr(self._plate.module, "PROVINCES", {}) if self._plate else {}
        self._provinces = frozenset(provinces)
        self._free_table, self._gated_table = self._tables()
        # (rules, first character) -> those rules a value can start with it
        self._by_first: dict = {}

    # -- finding ---------------------------------------------------------------

    @staticmethod
    def _fits(rule: _Rule, features: tuple, size: int) -> bool:
        need = {"": True, "@": features[0], ".": features[1], "a": features[2]}[rule.needs]
        return need and size >= rule.min_len

    def _tables(self) -> tuple[list, list]:
        """The context-free and the context-gated rules a cluster can hold,
        indexed by ``features * (_SIZES + 1) + size``: one list lookup per
        cluster instead of a filter over the rules."""
        free, gated = [], []
        for slot in range(8 * (_SIZES + 1)):
            bits, size = divmod(slot, _SIZES + 1)
            features = (bool(bits & 4), bool(bits & 2), bool(bits & 1))
            free.append(tuple(r for r in self._free if self._fits(r, features, size)))
            gated.append(tuple(r for r in self._gated if self._fits(r, features, size)))
        return free, gated

    def find(self, nt: NormalizedText) -> list[Span]:
        """Spans in normalised offsets of ``nt.text``."""
        text = nt.text
        out: list[Span] = []
        # (start, end) -> best score so far; (start, end, entity) -> None when judged
        seen: dict = {}
        free, gated = self._free_table, self._gated_table
        provinces, plate = self._provinces, self._plate
        by_first = self._by_first
        any_context = self._any_context.search if self._any_context is not None else None
        for cluster in _CLUSTER.finditer(text):
            cs, ce = cluster.span()
            size = ce - cs
            chunk = cluster.group()
            if chunk.isdigit():  # the commonest cluster: one number
                letters = dot = False
                slot = size if size < _SIZES else _SIZES
            else:
                dot = "." in chunk or ":" in chunk
                letters = chunk.lower() != chunk.upper()
                slot = (("@" in chunk) * 4 + dot * 2 + letters) * (_SIZES + 1) + (size if size < _SIZES else _SIZES)
            rules = free[slot]
            maybe = gated[slot]
            before = text[cs - 1] if cs else ""
            if not rules and not maybe and before not in provinces:
                continue  # nothing can start here (most short numbers and words)
            # Patterns are tried only where a value can start: where a run of
            # letters/digits starts, where digits follow letters (QQ12345), after
            # "x:" (IP:1.2.3.4), and one character early for "+", "(" or a
            # province abbreviation (鲁H·EEYPM). Trying them at every position
            # of the window costs several times more.
            starts = [r.start() for r in _RUN.finditer(text, cs, ce)] if cluster.lastindex else [cs]
            if (letters or dot) and _INNER.search(text, cs, ce):
                starts = sorted(set(starts + [r.start() for r in _INNER.finditer(text, cs, ce)]))
            if before in provinces:
                starts.insert(0, cs - 1)
                if plate is not None:
                    rules = rules + (plate,)
            elif before in _PREFIXES:
                starts.insert(0, cs - 1)
            we = ce + _AFTER
            if len(starts) == 1:
                # One place to try (a bare number, the usual case): only the
                # rules a value can start with that character, in rule order;
                # the gated ones (and the look for their context words) only
                # when one of them can start there.
                p = starts[0]
                c = text[p]
                digits = not letters and chunk.isdigit()
                key = (slot, c, digits)  # one start: no province before, so slot names the rules
                pair = by_first.get(key)
                if pair is None:
                    pair = by_first[key] = tuple(tuple(
                        r for r in group if (r.first is None or c in r.first)
                        and not (digits and size < _SIZES and size not in _DIGIT_RUN_LEN.get(r.name, (size,))))
                        for group in (rules, maybe))
                tried, maybe = pair
                if maybe and any_context(text, cs - LEFT if cs > LEFT else 0, ce + RIGHT):
                    tried = tried + maybe
                # Each rule matches at most once here, and no other cluster's
                # values can reach these characters: only the best score won
                # so far on the same characters needs keeping (see below).
                won = None
                for rule in tried:
                    m = rule.pattern.match(text, p, we)
                    if m is None:
                        continue
                    span = m.span("value")
                    if won is not None and won.get(span, 0.0) >= rule.best_score:
                        continue
                    hit = self._judge(rule, text, m.group("value"), span[0], span[1])
                    if hit is not None:
                        out.append(hit)
                        if won is None:
                            won = {span: hit.score}
                        elif hit.score > won.get(span, 0.0):
                            won[span] = hit.score
                continue
            if maybe and any_context(text, cs - LEFT if cs > LEFT else 0, ce + RIGHT):
                rules = rules + maybe
            for rule in rules:
                done = -1
                first = rule.first
                match = rule.pattern.match
                for p in starts:
                    if p < done or (first is not None and text[p] not in first):
                        continue
                    m = match(text, p, we)
                    if m is None:
                        continue
                    done = m.end()
                    vs, ve = span = m.span("value")
                    key = (vs, ve, rule.name)
                    # Judged already, or the same characters already won a score
                    # this type cannot beat (an ID is not also a bank card).
                    if key in seen or seen.get(span, 0.0) >= rule.best_score:
                        continue
                    seen[key] = None
                    hit = self._judge(rule, text, m.group("value"), vs, ve)
                    if hit is not None:
                        out.append(hit)
                        if hit.score > seen.get(span, 0.0):
                            seen[span] = hit.score
        return out

    # -- judging one match -------------------------------------------------------

    def _judge(self, rule: _Rule, text: str, value: str, vs: int, ve: int) -> Span | None:
        # A masked value (138****5678) is not a hit, nor a fragment next to masking.
        if text[ve:ve + 1] in _MASKING or text[vs - 1:vs] in _MASKING:
            return None
        # The nearest context word on the left, else one on the right (only
        # CONTEXT_AFTER words for a gated type). Context words are plain
        # words: searching text from ve to ve + RIGHT is searching that slice.
        context = None
        words = rule.context
        if words is not None:
            hits = words.findall(text, vs - LEFT if vs > LEFT else 0, vs)
            if hits:
                context = hits[-1]
        if context is None:
            if rule.after is not None:
                m = rule.after.search(text, ve, ve + RIGHT)
                if m:
                    context = m.group()
            if context is None and words is not None and not rule.needs_context:
                m = words.search(text, ve, ve + RIGHT)
                if m:
                    context = m.group()
        if context is None:
            if rule.needs_context:
                return None
            if value[:1].isdigit() and (
                    _NEGATIVE.search(text, vs - 8 if vs > 8 else 0, vs) or text[vs - 1:vs] in _CURRENCY
                    or text[ve:ve + 1] in _UNITS):
                return None
        scorer = rule.scorer
        if scorer is not None:
            score = scorer(value, context)
            if score is None:
                return None
            checks = ["pattern", "text_score", "context"] if context else ["pattern", "text_score"]
        else:
            if not rule.is_valid(value):
                return None
            if context:
                score = rule.context_score
                checks = ["pattern", "is_valid", "context"]
            else:
                score = rule.base_score
                checks = ["pattern", "is_valid"]
        return Span(vs, ve, rule.name, float(score), value, {
            "recognizer": self.name, "pattern": rule.pattern_name, "checks": checks, "context": context,
        })
