"""The administrative-division gazetteer (GB/T 2260): codes, names, history.

Loaded from ``data/cn_divisions.tsv`` (rebuilt by
``python -m piguard.entities.update.cn_divisions``). Names are simplified
characters, as detection sees them; every code keeps every name it has had,
so old addresses and old ID numbers resolve too.

>>> [d.name for d in read_prefix("浙江杭州西湖区文三路")]
['浙江', '杭州', '西湖区']
>>> [d.code for d in read_prefix("浙江杭州西湖区文三路")]
['330000', '330100', '330106']
>>> name_of("330103")
'下城区'
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LEVELS = ("province", "prefecture", "county")

# Names that are placeholders or too generic to locate anything on their own;
# they only count right after the division they belong to (鄂尔多斯市市辖区).
GENERIC = frozenset("市辖区 县 市区 郊区 城区 矿区 新区 东区 西区 南区 北区 中区 工农区".split())


@dataclass(frozen=True, slots=True)
class Division:
    """One name of one division, as found in a text."""

    code: str
    level: str
    name: str  # as written (may be a short form)
    start: int = 0
    end: int = 0

    @property
    def full_name(self) -> str:
        return name_of(self.code)


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str
    level: str
    alias: bool
    current: bool


@lru_cache(maxsize=1)
def _load() -> tuple[dict, dict, dict, int]:
    by_name: dict[str, list[_Entry]] = {}
    names: dict[str, str] = {}      # code -> most recent full name
    current: dict[str, list[str]] = {lv: [] for lv in LEVELS}
    text = resources.files("piguard.entities").joinpath("data/cn_divisions.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, level, name, _first, last, aliases = line.split("\t")
        if "直辖" in name:
            continue
        is_current = not last
        native = level == ("province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county")
        if native and (is_current or code not in names):
            names[code] = name
        if native and is_current and name not in GENERIC and code not in current[level]:
            current[level].append(code)
        by_name.setdefault(name, []).append(_Entry(code, level, False, is_current))
        for a in filter(None, aliases.split(",")):
            by_name.setdefault(a, []).append(_Entry(code, level, True, is_current))
    frozen = {k: tuple(sorted(v, key=lambda e: (e.alias, not e.current))) for k, v in by_name.items()}
    return frozen, names, {k: tuple(v) for k, v in current.items()}, max(map(len, frozen))


@lru_cache(maxsize=1)
def _full_names() -> tuple[dict, dict]:
    """Full (non-generic) names -> first code, and last character -> the
    lengths of the names ending with it, longest first."""
    by_name = _load()[0]
    codes_of = {n: next(e.code for e in es if not e.alias) for n, es in by_name.items()
                if len(n) >= 2 and n not in GENERIC and any(not e.alias for e in es)}
    lengths: dict[str, set] = {}
    for n in codes_of:
        lengths.setdefault(n[-1], set()).add(len(n))
    return codes_of, {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}


def name_of(code: str) -> str:
    """The most recent full name of a division code ('' when unknown).

    >>> name_of("330106"), name_of("999999")
    ('西湖区', '')
    """
    return _load()[1].get(code, "")


def codes(level: str) -> tuple[str, ...]:
    """Codes of the divisions of ``level`` that exist today (for generators)."""
    return _load()[2][level]


def parent(code: str, level: str) -> str:
    """The code of the ancestor at ``level`` ('330106' -> '330100' for prefecture)."""
    return code[:2] + "0000" if level == "province" else code[:4] + "00"


def lookup(name: str) -> tuple[_Entry, ...]:
    """Every division that carries ``name`` (full or short form)."""
    return _load()[0].get(name, ())


def full_name_before(text: str, end: int, lo: int = 0) -> tuple[int, str] | None:
    """The longest full division name that ends at ``end`` and starts at or
    after ``lo``: ``(start, code)``, or None. Generic names are skipped.

    >>> full_name_before("地址内蒙古自治区锡林郭勒盟", 8)
    (2, '150000')
    """
    if end < 2:
        return None
    codes_of, lengths = _full_names()
    for n in lengths.get(text[end - 1], ()):
        if n <= end - lo:
            code = codes_of.get(text[end - n:end])
            if code:
                return end - n, code
    return None


@lru_cache(maxsize=1)
def _name_lengths() -> dict[str, tuple[int, ...]]:
    """Last character -> lengths (2+) of the names, full or short, ending with it."""
    out: dict[str, set] = {}
    for n in _load()[0]:
        if len(n) >= 2:
            out.setdefault(n[-1], set()).add(len(n))
    return {k: tuple(sorted(v, reverse=True)) for k, v in out.items()}


def ancestors_before(text: str, end: int, name: str, lo: int = 0) -> int:
    """Where the names of the province and prefecture of the division
    ``name`` (any of the divisions so called), written just before ``end``
    in full or short form, begin (``end`` when none are).

    >>> ancestors_before("地址浙江温州鹿城区", 6, "鹿城区")
    2
    >>> ancestors_before("广东省深圳市南山区", 6, "南山区")   # not 鹤岗市南山区
    0
    """
    by_name = _load()[0]
    lengths = _name_lengths()
    codes = {e.code for e in by_name.get(name, ())}
    start = end
    while codes and start - lo >= 2:
        for n in lengths.get(text[start - 1], ()):
            if n > start - lo:
                continue
            hits = {e.code for e in by_name.get(text[start - n:start], ()) if e.level != "county"
                    and any(c != e.code and c.startswith(e.code[:2] if e.level == "province" else e.code[:4])
                            for c in codes)}
            if hits:
                start -= n
                codes = hits
                break
        else:
            return start
    return start


def _fits(code: str, level: str, chosen: list[Division]) -> bool:
    for d in chosen:
        if d.level == "province" and code[:2] != d.code[:2]:
            return False
        if d.level == "prefecture" and level == "county" and code[:4] != d.code[:4]:
            return False
    return True


def read_prefix(text: str, start: int = 0) -> list[Division]:
    """Read the administrative prefix of an address at ``start``: province,
    prefecture, county, each optional, in that order, full or short form.

    A short form counts only where it cannot be something else: a province
    at the start, a prefecture at the start or under its province, a county
    under its prefecture or province. ``中国`` and spaces before or between
    the names are skipped.

    >>> [(d.level, d.name) for d in read_prefix("中国 浙江省 温州市 鹿城区府东家园")]
    [('province', '浙江省'), ('prefecture', '温州市'), ('county', '鹿城区')]
    >>> read_prefix("新华路604号")
    []
    """
    by_name, _, _, maxlen = _load()
    i, n = start, len(text)
    if text.startswith("中国", i):
        i += 2
    chosen: list[Division] = []
    rank = -1
    while i < n:
        while i < n and text[i] == " ":
            i += 1
        best = None
        for ln in range(min(maxlen, n - i), 1, -1):
            name = text[i:i + ln]
            for e in by_name.get(name, ()):
                lv = LEVELS.index(e.level)
                if lv <= rank or not _fits(e.code, e.level, chosen):
                    continue
                if (e.alias or name in GENERIC) and not _short_ok(e.level, chosen):
                    continue
                if e.alias and i + ln < n and text[i + ln] in _NOT_AFTER_SHORT:
                    continue  # 新华路, 和平里: a street named after a place
                best = Division(e.code, e.level, name, i, i + ln)
                break
            if best:
                break
        if best is None:
            break
        chosen.append(best)
        rank = LEVELS.index(best.level)
        i = best.end
    return chosen


# A short form followed by one of these is the start of a street or estate name.
_NOT_AFTER_SHORT = frozenset("路街道巷弄里村镇乡大小新花园苑城号栋")


def _short_ok(level: str, chosen: list[Division]) -> bool:
    if not chosen:
        return level != "county"
    return True
