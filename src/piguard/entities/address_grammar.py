"""The address grammar: find and read Chinese postal addresses.

Three steps, so that text without addresses costs one regex scan:

1. *Core anchors*: one regex finds what every accepted address holds (a
   numbered part such as 12号, 3栋, 2单元, 501室, 5组, 47-6-746, or a road,
   estate, village, town or zone keyword, or an institution shortly after a
   county or town suffix). The clause around each (up to a punctuation mark,
   at most ``_REACH`` characters) becomes a window.
2. *Tokens*: in the windows only, a second regex finds every component
   keyword (路, 小区, 村, 镇, 区, 市...) and numbered part; administrative
   names are checked against the GB/T 2260 gazetteer.
3. *Chains*: tokens are chained when the text between them can be a name
   (Han characters, letters, digits, no sentence words such as 的/是/了, no
   frame word such as 住址/寄到). A chain is extended left over the name of
   its first component (or over the short forms of its province and city:
   浙江温州鹿城区) and right over a trailing room number, and kept when its
   components make a findable place:

   * a road, estate, village, town or zone *and* a house, building, unit,
     room or group number (科技园南路556号, 万科城27号楼1401, 王家村5组);
   * an administrative area or town *and* a road, estate, village or zone
     (浙江省温州市乐清市呈祥路);
   * two of house/building/unit/floor/room (3栋2单元501室);
   * an institution under a county or town (麻阳县富州中学), two roads
     with a crossing word (博奥路与建设二路交叉口).

The regexes run on Python's ``re`` with a first-character lookahead and
keyword tries: google-re2's Python binding costs about 20 µs per match
object, more than the whole scan of a clause here.

A province, city or district alone, or a company name, is not an address.

Runs on normalised text (``piguard.detect.normalize``): simplified
characters, half-width digits and letters.

>>> [(c.text, c.kinds) for c in scan("请把包裹寄到浙江省杭州市西湖区文三路100号，谢谢。")]
[('浙江省杭州市西湖区文三路100号', ('admin', 'road', 'house'))]
>>> scan("他来自浙江省杭州市。")
[]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from piguard.entities import divisions

# Components that locate a household or building once a place is known.
NUMBERS = frozenset({"house", "building", "unit", "room", "group", "number"})
PLACES = frozenset({"road", "poi", "village", "town", "area", "zone"})
ADMIN = frozenset({"admin", "town"})

_HAN_NUM = "一二三四五六七八九十百零〇"
# Characters that end the name of a component: sentence words, not place names.
_STOP = frozenset("的是为了把给请我你他她您这那说在到吗呢吧啊呀就被让但而并很已或即由有没着")
# Place names that contain a stop character; they are allowed through.
_STOP_OK = ("为民", "自在", "在水", "云在", "东到", "请都", "有限")
# Frame words that end on the left of an address (住址是..., 寄到..., 家住...).
_CUES = ("地址", "住址", "住所", "住在", "家住", "现住", "暂住", "租住", "居住", "常住", "现居", "户籍", "籍贯",
         "位于", "坐落于", "落于", "地点", "寄往", "寄至", "寄回", "寄到", "送至", "送到", "送往", "货至", "运至",
         "发至", "发往", "迁至", "搬至", "搬到", "前往", "去往", "邮寄", "收件人", "联系人")
_CUE_RE = re.compile("|".join(_CUES))
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff0-9A-Za-z#\-_()（）·]")
# A character that cannot stand in a name: not Han, letter, digit or joiner,
# or a sentence word (checked against _STOP_OK). Gaps between anchors may
# hold spaces (浙江省 杭州市); the name before the first anchor may not.
_NOT_NAME = re.compile("[^\u4e00-\u9fff0-9A-Za-z#\\-_()（）· ]|[" + "".join(sorted(_STOP)) + "]")
_NOT_NAME_LEFT = re.compile("[^\u4e00-\u9fff0-9A-Za-z#\\-_()（）·]|[" + "".join(sorted(_STOP)) + "]")
_MASK = frozenset("*＊●•×")
# A bare number ends a phrase: end of text, a space, punctuation or a sentence word.
_PHRASE_END = frozenset(" \t\n，。；;,、）)」』”\"'！!？?") | _STOP
_WEAK_SINGLE = frozenset({"poi", "place"})
_NOT_AFTER_HAN = frozenset({"队", "社", "排", "户", "房", "房间", "号铺", "号商铺", "路", "街", "大街", "巷"})
# A number followed by a unit of measure is a quantity, not a house number.
_MEASURE = frozenset("平米元万千亿年月日岁个人次%公里吨斤倍多余")
_LEFT_MAX = 12   # longest name before the first anchor
_GAP_MAX = 12    # longest name between two anchors
_CHAIN_MAX = 100  # longest address: a longer chain is a list of addresses, or junk
_PHONE_LIKE = re.compile(r"[0-9]{7,}")
_TAIL = re.compile(r"[A-Za-z]?[0-9]{1,5}[A-Za-z]?(?:[-_][A-Za-z]?[0-9]{1,5}){0,2}(?:室|号|房)?(?![0-9])|_?[A-Za-z][0-9]{1,4}(?![0-9])")


@dataclass(slots=True)
class Part:
    """One component found: its kind, position and (for admin) gazetteer code."""

    kind: str
    start: int
    end: int
    code: str = ""


@dataclass(slots=True)
class Candidate:
    """An address found in a text: its extent, components and score."""

    start: int
    end: int
    text: str
    parts: list[Part] = field(default_factory=list)
    score: float = 0.0

    @property
    def kinds(self) -> tuple[str, ...]:
        seen: list[str] = []
        for p in self.parts:
            if p.kind not in seen and p.kind != "near":
                seen.append(p.kind)
        return tuple(seen)


@lru_cache(maxsize=1)
def keywords() -> tuple[dict[str, str], dict[str, str]]:
    """``(numbered, named)``: keyword -> component kind, from data/address_keywords.tsv."""
    numbered: dict[str, str] = {}
    named: dict[str, str] = {}
    text = resources.files("piguard.entities").joinpath("data/address_keywords.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        # Comments start with "#" and hold no tab; "#\thouse\t1" is the keyword # (3#, 3#楼).
        if line and not (line.startswith("#") and "\t" not in line):
            kw, kind, num = line.split("\t")
            (numbered if num == "1" else named)[kw] = kind
    return numbered, named


def _alt(words) -> str:
    """An alternation of ``words`` as a trie (小(?:区|学)|大(?:道|厦)...), longest
    first: sre tries alternatives one by one, so sharing prefixes is faster."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(sub) for ch, sub in node.items() if ch]
        branches.sort(key=len, reverse=True)
        if "" in node:
            return "(?:" + "|".join(branches) + ")?" if branches else ""
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(tree)


@lru_cache(maxsize=1)
def _token_re():
    numbered, named = keywords()
    seq = r"[A-Za-z]?[0-9]{1,5}[A-Za-z]?(?:[-—_~#](?:[A-Za-z]?[0-9]{1,5}[A-Za-z]?|[A-Za-z])){1,3}(?:号楼|号|室|栋|幢)?"
    numeral = r"(?:[A-Za-z]?[0-9]{1,5}[A-Za-z]?|[A-Za-z])"
    # Chinese numerals only before the keywords that prose rarely counts with
    # (一座城, 十三栋住宅楼 are prose; 三幢, 二单元, 五组 are addresses).
    han = [k for k in numbered if k not in _NOT_AFTER_HAN]
    bare = r"[A-Za-z]?[0-9]{2,5}[A-Za-z]?"
    first = "".join(sorted({k[0] for k in named}))
    # The lookahead lets sre skip, in C, every position no token can start at.
    return re.compile(f"(?=[0-9A-Za-z{_HAN_NUM}{first}])(?:({seq})|({numeral})({_alt(numbered)})"
                      f"|([{_HAN_NUM}]{{1,4}})({_alt(han)})|({_alt(named)})|({bare}))")


@lru_cache(maxsize=1)
def _core_re():
    """Anchors without which no address is accepted: a numbered part (12号,
    3-1821), a road, estate, village, town or zone keyword, or an
    institution shortly after a county or town suffix. Cheap to scan for;
    the full token scan runs only in the clauses around them."""
    numbered, named = keywords()
    core = [k for k, kind in named.items()
            if kind in ("road", "poi", "village", "zone", "town") and (len(k) > 1 or k in _CORE_SINGLE)]
    # An institution counts only under a county or town (麻阳县富州中学): the
    # suffix of one must come shortly before it.
    places = [k for k, kind in named.items() if kind == "place" and len(k) > 1]
    first = "".join(sorted({k[0] for k in core} | set(_PLACE_AFTER)))
    return re.compile(f"(?=[0-9A-Za-z{_HAN_NUM}{first}])(?:[0-9A-Za-z{_HAN_NUM}](?:{_alt(numbered)})"
                      r"|[0-9][A-Za-z]?[-_#][A-Za-z]?[0-9]"
                      f"|[{_PLACE_AFTER}][\u4e00-\u9fff0-9A-Za-z]{{0,12}}?(?:{_alt(places)})"
                      f"|{_alt(core)})")


_PLACE_AFTER = "县区市镇乡旗"
_CORE_SINGLE = frozenset("路街巷弄村镇乡苑屯")
_REACH = 40  # how far from a core anchor an address may reach, within its clause
_NOT_AFTER_NO = frozenset("线码口位床球")  # 4号线, 3号码, 2号口, 5号位
_NOT_BEFORE_ROAD = frozenset("走修铁网线思套领引带让出退活弯迷问电")


def _seq_ok(s: str) -> bool:
    """A dash sequence that is not a phone number or a date."""
    digits = re.findall(r"[0-9]+", s)
    if len(digits) < 2 or (sum(map(len, digits)) < 3 and not s.endswith(("号", "室", "栋", "幢", "楼"))):
        return False  # p3-c, 0-0
    if digits[0].startswith("0") and len(digits[0]) in (3, 4) and sum(map(len, digits)) >= 10:
        return False  # 0571-88886666
    if sum(map(len, digits)) >= 10:
        return False  # 151-6784-6212
    if len(digits[0]) == 4 and digits[0][:2] in ("19", "20") and all(
            len(d) <= 2 or (len(d) == 4 and d[:2] in ("19", "20")) for d in digits[1:]):
        return False  # 2024-09-08, 1992-1997
    return True


def _tokens(text: str, lo: int, hi: int) -> list[Part]:
    """The components in ``text[lo:hi]``, in order."""
    numbered, named = keywords()
    out: list[Part] = []
    for m in _token_re().finditer(text, lo, hi):
        seq, num, nkw, hnum, hkw, kw, bare = m.groups()
        s, e = m.start(), m.end()
        if hnum is not None:
            num, nkw = hnum, hkw
            # 三栋708, 五区三栋 are addresses; 十三栋住宅楼, 一座城 are prose.
            if nkw in ("栋", "座", "楼", "层") and e < len(text) and "\u4e00" <= text[e] <= "\u9fff" \
                    and text[e] not in "单元楼层室号":
                continue
        if bare is not None:
            # A bare number is a house or room number only after a name and at
            # the end of a phrase (文三路1303，), not an amount (300元) or a date.
            after_road = bool(out) and out[-1].end == s and out[-1].kind == "road"
            if after_road and not (e < len(text) and text[e] in _MEASURE):
                out.append(Part("number", s, e))  # 文二路66: the number of the road
            elif s > 0 and _NAME_CHARS.match(text[s - 1]) and not text[s - 1].isdigit() \
                    and text[s - 1] not in "第约共" \
                    and (e == len(text) or text[e] in _PHRASE_END):
                out.append(Part("number", s, e))
            continue
        if seq is not None:
            if _seq_ok(seq) and not (e < len(text) and text[e] in _MEASURE):
                out.append(Part("house", s, e))
            continue
        if nkw is not None:
            kind = numbered[nkw]
            if s > 0 and text[s - 1].isdigit():
                continue  # the tail of a longer number (33035711号)
            if num[0] == "0" or (kind == "road" and num.isdigit() and text.startswith(("车", "公交", "站"), e)):
                continue  # 0号, and 2路车/236路公交: bus routes (临港2路 is a road)
            if nkw == "道" and e < len(text) and "\u4e00" <= text[e] <= "\u9fff" and text[e] not in "路号":
                continue  # 高新南七道 is a road; 一道菜, 3道题 are not
            if kind == "house" and ((s > 0 and text[s - 1] in "月第") or (e < len(text) and text[e] in _NOT_AFTER_NO)):
                continue  # 3月5号, 第3号, 4号线, 3号码, 2号口: dates, ranks, lines, exits
            if len(num) == 1 and num.isascii() and num.isalpha() and kind in ("house", "road"):
                continue
            out.append(Part(kind, s, e))
            continue
        kind = named[kw]
        if kw == "路" and s > 0 and text[s - 1] in _NOT_BEFORE_ROAD:
            continue  # 走路, 修路, 电路: a word, not a road name
        if kw == "街" and text.startswith(("头", "上", "边"), e):
            continue  # 街头, 街上
        if kind == "admin":
            hit = divisions.full_name_before(text, e, max(lo, e - 16))
            if hit is not None:
                out.append(Part("admin", hit[0], e, hit[1]))
            elif kw == "区":
                out.append(Part("area", s, e))
            continue
        if kind == "town" and not _town_name_ok(text, s, out):
            continue
        if len(kw) == 1 and kind in _WEAK_SINGLE:
            kind = "spot"  # 城, 府, 园, 里, 店: too common in prose to place anything alone
        out.append(Part(kind, s, e))
    return out


def _town_name_ok(text: str, s: int, before: list[Part]) -> bool:
    """镇/乡/街道 end a town name of two characters or more (城关镇, 柯桥街道),
    not a word such as 城乡, 村镇, 小镇."""
    if s < 2 or not ("\u4e00" <= text[s - 1] <= "\u9fff" and "\u4e00" <= text[s - 2] <= "\u9fff"):
        return False
    if before and before[-1].end > s - 2 and before[-1].kind in ("village", "town"):
        return False  # 村镇, 乡镇
    if text[s - 1] in _NOT_BEFORE_TOWN or text[s - 1] in _STOP or text[s - 2] in _STOP:
        return False
    return not text.startswith(("村", "下", "间", "亲", "土", "愁", "民"), s + 1)  # 乡村, 乡下


# 城乡, 家乡, 下乡, 城镇, 古镇, 小镇, 坐镇, 和街道: words, not town names.
_NOT_BEFORE_TOWN = frozenset("城小古重名坐集市乡村老家下回返故他异水梦和与及括至")


def _stop_at(text: str, i: int) -> bool:
    """Is ``text[i]`` a sentence word here (not inside a name such as 为民路)?"""
    return not any(ok in text[max(0, i - 2):i + 3] for ok in _STOP_OK)


def _name_ok(gap: str) -> bool:
    """Can ``gap`` (text between two anchors) be part of a component's name?"""
    if not gap:
        return True
    if len(gap) > _GAP_MAX or _PHONE_LIKE.search(gap) or _CUE_RE.search(gap):
        return False
    for m in _NOT_NAME.finditer(gap):
        if m.group() not in _STOP or _stop_at(gap, m.start()):
            return False
    return True


def _extend_left(text: str, pos: int, lo: int) -> int:
    """Start of the name that ends at ``pos``: back over name characters up
    to a stop character, a frame word or ``_LEFT_MAX`` characters."""
    floor = max(lo, pos - _LEFT_MAX)
    i = floor
    for m in _NOT_NAME_LEFT.finditer(text, floor, pos):
        if m.group() not in _STOP or _stop_at(text, m.start()):
            i = m.end()
    for m in _CUE_RE.finditer(text, max(floor - 2, 0), pos):
        i = max(i, m.end())
    # A run of digits right before a name is a phone or order number, not a name.
    while i < pos and text[i].isdigit() and _PHONE_LIKE.match(text, i):
        i = _PHONE_LIKE.match(text, i).end()
    return i


def _accept(kinds: set[str], parts: list[Part]) -> bool:
    has_num = bool(kinds & NUMBERS)
    if has_num and kinds & (PLACES | {"admin", "spot"}):
        return True
    if kinds & {"road", "poi", "village", "zone"} and kinds & ADMIN:
        return True
    if "poi" in kinds and kinds & {"road", "village"}:
        return True
    # An institution counts where a town places it (洪水镇邮政储蓄所); a
    # company name alone does not, whatever city it names.
    if kinds & {"place", "spot", "company"} and "town" in kinds:
        return True  # 匡堰镇四维尔有限公司: the town places the company
    if "near" in kinds and sum(p.kind == "road" for p in parts) >= 2:
        return True  # 博奥路与建设二路交叉口
    # An institution under a county (麻阳县富州中学) is a building one can find.
    seen_county = False
    for p in parts:
        if p.kind == "admin" and not p.code.endswith("00"):
            seen_county = True
        elif p.kind == "place" and seen_county:
            return True
    if kinds & {"place", "spot", "company"} and kinds & {"house", "building", "room"}:
        return True
    if "zone" in kinds and kinds & {"road", "poi", "place"}:
        return True
    fine = {p.kind for p in parts if p.kind in ("house", "building", "unit", "floor", "room")}
    return len(fine) >= 2


def _score(kinds: set[str]) -> float:
    return round(min(0.97, 0.6 + 0.1 * len(kinds & (NUMBERS | PLACES | {"admin"}))), 4)


def _finish(text: str, chain: list[Part], lo: int, hi: int) -> Candidate | None:
    # An administrative name after the street part starts the next phrase
    # (南京路86号中青网络家园武汉市青少年俱乐部).
    last = max((i for i, p in enumerate(chain) if p.kind != "admin"), default=None)
    if last is not None:
        chain = chain[:last + 1]
    kinds = {p.kind for p in chain}
    if not _accept(kinds, chain):
        return None
    first = chain[0]
    if first.kind == "admin":
        start = divisions.ancestors_before(text, first.start, text[first.start:first.end], lo)  # 浙江温州鹿城区
    else:
        start = _extend_left(text, first.start, lo)
    if first.kind == "admin" and text.endswith("中国", 0, start):
        start -= 2
    end = chain[-1].end
    if chain[-1].kind != "near":
        m = _TAIL.match(text, end, hi)
        if m and not (m.end() < len(text) and (text[m.end()].isdigit() or text[m.end()] in _MEASURE)):
            end = m.end()
    if (start > 0 and text[start - 1] in _MASK) or (end < len(text) and text[end] in _MASK):
        return None  # 浙江省杭州市西湖区****: already masked
    return Candidate(start, end, text[start:end], chain, _score(kinds))


def _windows(text: str, lo: int, hi: int) -> list[list[int]]:
    """The clauses (at most ``_REACH`` characters either side) around core
    anchors, merged where they touch."""
    out: list[list[int]] = []
    for m in _core_re().finditer(text, lo, hi):
        s, e = m.start(), m.end()
        if out and s < out[-1][1]:
            a = s
        else:
            a = max(lo, s - _REACH)
            for br in _BREAK_RE.finditer(text, a, s):
                a = br.end()
        ceil = min(hi, e + _REACH)
        br = _BREAK_RE.search(text, e, ceil)
        b = br.start() if br else ceil
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


# Characters that end a clause: an address does not run across them.
_BREAK = "，。；;,!！?？：:、“”\"'‘’「」『』《》【】[]{}<>|\n\r\t"
_BREAK_RE = re.compile("[" + re.escape(_BREAK) + "]")


def scan(text: str, lo: int = 0, hi: int | None = None) -> list[Candidate]:
    """Every address in ``text[lo:hi]`` (normalised text), in order."""
    hi = len(text) if hi is None else hi
    out: list[Candidate] = []
    for a, b in _windows(text, lo, hi):
        for cand in _scan_window(text, a, b):
            _join_admin_clause(text, cand, lo)
            out.append(cand)
    return out


def _join_admin_clause(text: str, cand: Candidate, lo: int) -> None:
    """浙江省杭州市西湖区，文三路100号: an administrative prefix written as a
    clause of its own, right before the address, belongs to it."""
    j = cand.start
    while j > lo and text[j - 1] == " ":
        j -= 1
    if j <= lo or text[j - 1] not in "，,":
        return
    j -= 1
    while j > lo and text[j - 1] == " ":
        j -= 1
    hit = divisions.full_name_before(text, j, max(lo, j - 16))
    if hit is None:
        return
    cand.start = divisions.ancestors_before(text, hit[0], text[hit[0]:j], lo)
    cand.text = text[cand.start:cand.end]


def _scan_window(text: str, lo: int, hi: int) -> list[Candidate]:
    toks = _tokens(text, lo, hi)
    out: list[Candidate] = []
    chain: list[Part] = []
    for t in toks:
        if chain:
            prev_end = chain[-1].end
            if t.start < prev_end:
                # A gazetteer name reaching back over earlier anchors (让胡路区
                # holds 路) replaces them.
                while chain and chain[-1].start >= t.start:
                    chain.pop()
                if chain and chain[-1].end > t.start:
                    t = Part(t.kind, chain[-1].end, t.end, t.code)
                if not chain:
                    chain.append(t)
                    continue
                prev_end = chain[-1].end
            if not _name_ok(text[prev_end:t.start]) or t.end - chain[0].start > _CHAIN_MAX:
                cand = _finish(text, chain, lo, hi)
                if cand:
                    out.append(cand)
                chain = []
        chain.append(t)
    if chain:
        cand = _finish(text, chain, lo, hi)
        if cand:
            out.append(cand)
    return out


_CELL_JOINERS = str.maketrans(",，/|、;；", "       ")


def best(value: str) -> Candidate | None:
    """The candidate that covers most of ``value`` (a table cell), or None.

    A cell is short: the whole of it is read, without the core-anchor
    prefilter that free text gets (杭州市江干区1139 has no core anchor)."""
    # Exports separate the parts of an address with commas, slashes or bars
    # (浙江省,杭州市,西湖区,文三路100号); inside one cell they join.
    text = value.translate(_CELL_JOINERS)
    cands = _scan_window(text, 0, len(text))
    for c in cands:
        c.text = value[c.start:c.end]
    return max(cands, key=lambda c: c.end - c.start) if cands else None
