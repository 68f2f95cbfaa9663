"""ADDRESS (详细地址): an address precise enough to find a household or building.

An administrative area plus a road and number, an estate with building,
unit and room, or a village with group and number. A province, city or
district alone is not an address, and neither is a company name. The
grammar lives in ``piguard.entities.address_grammar``, the GB/T 2260
gazetteer in ``piguard.entities.divisions``.

>>> validate("浙江省杭州市西湖区文三路100号")
'浙江省杭州市西湖区文三路100号'
>>> is_valid("浙江省杭州市"), is_valid("浙江省杭州市西湖区****")
(False, False)
>>> mask("浙江省杭州市西湖区文三路100号")
'浙江省杭州市西湖区****'
>>> components("浙江省杭州市西湖区文三路100号")["road"]
'文三路'
>>> generalise("浙江省杭州市西湖区文三路100号", "city")
'浙江省杭州市'
"""
from __future__ import annotations

import random
import re
import unicodedata

from piguard.detect.normalize import normalize
from piguard.entities import address_grammar as grammar
from piguard.entities import divisions
from piguard.entities.base import has_mask
from piguard.errors import InvalidComponent, InvalidFormat, InvalidLength

NAME = "ADDRESS"
LABEL_ZH = "详细地址"
# JR/T 0171-2020: an address identifies the customer (C2, 个人身份信息);
# GB/T 35273-2020 lists it as basic personal information, not sensitive.
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = (
    "地址", "住址", "家庭住址", "家庭地址", "现住址", "居住地址", "常住地址", "住所", "居住地",
    "收货地址", "收件地址", "收件人地址", "寄件地址", "发货地址", "送货地址", "配送地址",
    "通讯地址", "通信地址", "联系地址", "邮寄地址", "户籍地址", "户籍所在地", "户口所在地",
    "详细地址", "单位地址", "工作地址", "注册地址", "经营地址", "房屋坐落", "坐落",
    "dz", "shdz", "sjdz", "jtzz", "jtdz", "xzz", "zz", "txdz", "hjdz", "xxdz", "lxdz", "yjdz",
    "addr", "address", "home_address", "street", "street_address", "shipping_address",
    "delivery_address", "mailing_address", "residence",
)
PATTERN = None  # found by the address grammar (piguard.detect.addresses), not a regex
CONTEXT = ("地址", "住址", "住在", "寄到", "送到", "收货", "收件", "位于", "坐落", "户籍", "居住")
NEEDS_CONTEXT = False
BASE_SCORE = 0.6

_MAX_LEN = 200  # longer cells are prose, not one address
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")  # no Chinese character, no Chinese address
_LEVEL_KEYS = {"province": "province", "prefecture": "city", "county": "district"}


def compact(value) -> str:
    """Half-width, without spaces (the characters themselves are kept).

    >>> compact(" 浙江省 杭州市　西湖区文三路１００号 ")
    '浙江省杭州市西湖区文三路100号'
    """
    if value is None:
        return ""
    s = unicodedata.normalize("NFKC", str(value))
    return "".join(s.split())


def _best(s: str) -> grammar.Candidate | None:
    nt = normalize(s)
    cand = grammar.best(nt.text)
    if cand is None:
        return None
    start, end = nt.to_original(cand.start, cand.end)
    cand.start, cand.end, cand.text = start, end, s[start:end]
    return cand


def validate(value) -> str:
    """The compact address, or raise a ``ValidationError``.

    >>> validate("王家村5组18号")
    '王家村5组18号'
    >>> validate("浙江省杭州市西湖区")
    Traceback (most recent call last):
    ...
    piguard.errors.InvalidComponent: An administrative area alone is not an address.
    """
    s = compact(value)
    if not s:
        raise InvalidLength("An address cannot be empty.")
    if len(s) > _MAX_LEN:
        raise InvalidLength(f"An address is at most {_MAX_LEN} characters.")
    if is_masked(s):
        raise InvalidFormat("The address is masked.")
    cand = _best(s)
    if cand is None:
        text = normalize(s).text
        prefix = divisions.read_prefix(text)
        if prefix and prefix[-1].end == len(text):
            raise InvalidComponent("An administrative area alone is not an address.")
        raise InvalidFormat("No road, estate, village or house number found.")
    if (cand.end - cand.start) < 0.6 * len(s):
        raise InvalidFormat("The value holds more than an address.")
    return s


def is_valid(value) -> bool:
    """Whether ``value`` is an address; never raises."""
    try:
        return bool(validate(value))
    except (ValueError, TypeError):
        return False


def format(value) -> str:
    """The compact form (``format`` shadows the builtin on purpose: the
    same surface as every entity module)."""
    return compact(value)


def is_masked(value) -> bool:
    """Whether the value carries masking characters.

    >>> is_masked("浙江省杭州市西湖区****"), is_masked("文三路100号")
    (True, False)
    """
    s = "" if value is None else str(value)
    return has_mask(s) or "*" in s or "＊" in s


def components(value) -> dict:
    """The parts of an address, as written: ``province``, ``city``,
    ``district`` (with their GB/T 2260 ``*_code``), ``town``, ``road``,
    ``number``, ``poi``, ``building``, ``unit``, ``floor``, ``room``,
    ``village``, ``group``. Missing parts are left out.

    >>> c = components("广东省揭阳市揭东区科技园南路556号翠湖小区25栋4单元2703室")
    >>> c["district"], c["district_code"], c["road"], c["number"], c["poi"], c["building"], c["room"]
    ('揭东区', '445203', '科技园南路', '556号', '翠湖小区', '25栋', '2703室')
    >>> components("下城区绿城兰园12-10-3376")["room"]
    '3376'
    """
    s = compact(value)
    out: dict = {}
    if not s or len(s) > _MAX_LEN:
        return out
    nt = normalize(s)
    text = nt.text
    cand = grammar.best(text)
    # The administrative prefix starts where the address does (收货地址:浙江省...).
    pos = cand.start if cand is not None else 0
    for d in divisions.read_prefix(text, pos):
        key = _LEVEL_KEYS[d.level]
        a, b = nt.to_original(d.start, d.end)
        out[key], out[key + "_code"] = s[a:b], d.code
        pos = d.end
    if cand is None:
        return out
    prev = max(pos, cand.start)
    parts = cand.parts
    for i, p in enumerate(parts):
        if p.end <= prev:
            continue
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if p.kind == "spot" and nxt is not None and nxt.kind not in _NUMBERED:
            continue  # 学府路: 府 is inside the road's name
        if nxt is not None and nxt.kind == "road" and p.kind not in _NUMBERED \
                and all(ch in "东西南北中" for ch in text[p.end:nxt.start]):
            continue  # 科技园南路, 工业园路: a road named after the place
        start = p.start if p.kind in _NUMBERED else max(prev, cand.start)
        if p.kind == "admin":
            prev = p.end
            continue
        a, b = nt.to_original(start, p.end)
        piece = s[a:b]
        prev = p.end
        if p.kind == "house" and "-" in piece and "road" not in out:
            _split_sequence(piece, out)
            continue
        key = _KIND_KEYS.get(p.kind)
        if p.kind == "number" and out.keys() & {"building", "unit", "floor"}:
            key = "room"  # 9号楼1501
        if key and key not in out:
            out[key] = piece
    if cand.end > prev:
        a, b = nt.to_original(prev, cand.end)
        tail = s[a:b]
        if tail.isascii() and "room" not in out:
            out["room"] = tail
    return out


_NUMBERED = frozenset({"house", "building", "unit", "floor", "room", "group", "number"})
_KIND_KEYS = {"town": "town", "zone": "town", "road": "road", "house": "number", "number": "number",
              "poi": "poi", "spot": "poi", "place": "poi", "company": "poi", "area": "poi",
              "building": "building", "unit": "unit", "floor": "floor", "room": "room",
              "village": "village", "group": "group"}


def _split_sequence(piece: str, out: dict) -> None:
    """12-10-3376 (building-unit-room) or 47-746 (building-room)."""
    parts = piece.rstrip("号室").split("-")
    keys = ("building", "unit", "room") if len(parts) >= 3 else ("building", "room")
    for k, v in zip(keys, parts[:2] + ["-".join(parts[2:])] if len(parts) >= 3 else parts):
        out.setdefault(k, v)


def generalise(value, level: str = "district") -> str:
    """The administrative area of an address down to ``level``
    (``province``, ``city``, ``district`` or ``town``), for anonymisation.

    Where the gazetteer pins the division down, the answer is its canonical
    name, whatever short form the address used, so that the same place
    generalises the same way; otherwise the prefix as written. '' when the
    address names no administrative area.

    >>> generalise("浙江温州鹿城区府东家园三幢708")
    '浙江省温州市鹿城区'
    >>> generalise("杭州市余杭区乔司镇永西六组197号", "province"), generalise("文三路100号")
    ('浙江省', '')
    >>> generalise("北京市朝阳区建国路88号", "city")
    '北京市'
    """
    order = ("province", "city", "district", "town")
    if level not in order:
        raise InvalidFormat(f"unknown level {level!r}; use one of {', '.join(order)}")
    c = components(value)
    wanted = order[: order.index(level) + 1]
    code = next((c[k + "_code"] for k in ("district", "city", "province") if k + "_code" in c), None)
    canonical = _canonical(code, c, wanted) if code else None
    if canonical is None:
        return written_prefix(value, level, c)
    if level == "town" and c.get("town"):
        canonical += c["town"]
    return canonical


def _canonical(code: str, c: dict, wanted: tuple) -> str | None:
    """Full names down to ``wanted`` from the gazetteer, or None when the
    written names fit more than one division (西湖区 alone: 杭州 or 南昌)."""
    written = [k for k in ("province", "city", "district") if k in c]
    if written in (["city"], ["district"]):
        key = written[0]
        level, up = ("prefecture", "province") if key == "city" else ("county", "prefecture")
        if len({divisions.parent(e.code, up) for e in divisions.lookup(c[key]) if e.level == level}) > 1:
            return None
    names = []
    prov = divisions.parent(code, "province")
    names.append(divisions.name_of(prov))
    if "city" in wanted and code != prov:
        pref = divisions.parent(code, "prefecture")
        pname = divisions.name_of(pref)
        if pref != prov and pname and pname not in divisions.GENERIC and "直辖" not in pname:
            names.append(pname)
    if "district" in wanted and not code.endswith("00"):
        names.append(divisions.name_of(code))
    return "".join(dict.fromkeys(n for n in names if n))


def written_prefix(value, level: str = "district", c: dict | None = None) -> str:
    """The administrative prefix down to ``level`` exactly as written
    (masking shows it as it was).

    >>> written_prefix("收货地址:浙江温州鹿城区府东家园三幢708")
    '浙江温州鹿城区'
    """
    order = ("province", "city", "district", "town")
    c = components(value) if c is None else c
    s = compact(value)
    start, end = len(s), 0
    for key in order[: order.index(level) + 1]:
        piece = c.get(key)
        if piece:
            at = s.find(piece)
            start, end = min(start, at), max(end, at + len(piece))
    if end and s.startswith("中国", start - 2):
        start -= 2
    return s[start:end] if end else ""


def mask(value) -> str:
    """JR/T 0171 display masking: the administrative area down to the
    district stays, the rest is hidden.

    >>> mask("杭州市西湖区文三路100号"), mask("文三路100号")
    ('杭州市西湖区****', '****')
    >>> mask("收货地址:浙江省杭州市西湖区文三路100号")
    '浙江省杭州市西湖区****'
    """
    return written_prefix(value, "district") + "****"


def score(value) -> float:
    """Probability that a table cell holds an address (fast; for column
    classification). 0.0 for empty, masked or non-address cells.

    >>> score("江苏省苏州市姑苏区翠湖小区17号楼3102") > 0.8
    True
    >>> score("浙江省杭州市") < 0.5, score("电销中心"), score("大众朗逸")
    (True, 0.0, 0.0)
    """
    if value is None:
        return 0.0
    s = str(value).strip()
    if len(s) < 4 or len(s) > _MAX_LEN or not _HAN.search(s) or is_masked(s):
        return 0.0
    text = normalize(s).text
    cand = grammar.best(text)
    if cand is None:
        return 0.3 if divisions.read_prefix(text) else 0.0
    coverage = (cand.end - cand.start) / len(text.replace(" ", "")) if text.strip() else 0.0
    return round(min(0.99, cand.score * (0.6 + 0.4 * min(1.0, coverage)) + 0.1 * (coverage > 0.9)), 4)


# Synthetic addresses (tests, canaries, benchmarks): real divisions, made-up streets.
_ROADS = ("人民", "解放", "中山", "建设", "和平", "新华", "胜利", "文化", "青年", "光明", "长江", "黄河",
          "东风", "朝阳", "友谊", "团结", "幸福", "迎宾", "学府", "滨江", "环城", "复兴", "振兴", "建国",
          "府前", "工业", "兴业", "科技", "创业", "湖滨", "南京", "北京", "花园", "体育", "育才", "公园")
_ROAD_SUFFIX = ("路", "路", "路", "街", "大道", "大街", "东路", "西路", "南路", "北路", "中路")
_ESTATES = ("阳光", "金色", "翠湖", "康乐", "和谐", "锦绣", "世纪", "紫荆", "东湖", "碧水", "绿城", "春江",
            "桂花", "丽景", "香榭", "名都", "御景", "天悦", "融创", "滨湖", "盛世", "怡园")
_ESTATE_SUFFIX = ("花园", "小区", "家园", "新村", "公寓", "华庭", "苑", "花城", "名苑", "雅苑")
_TOWNS = ("城关", "长安", "新华", "和平", "东城", "西城", "南山", "北湖", "青山", "白沙", "石桥", "大桥")
_TOWN_SUFFIX = ("镇", "乡", "街道")
_VILLAGES = ("王家", "李家", "张家", "刘家", "陈家", "杨", "赵庄", "黄土", "石门", "新民", "红旗", "永安")


def _admin(rng: random.Random) -> str:
    county = rng.choice(divisions.codes("county"))
    prov, pref = divisions.parent(county, "province"), divisions.parent(county, "prefecture")
    parts = [divisions.name_of(prov)]
    pref_name = divisions.name_of(pref)
    if pref_name and pref_name not in divisions.GENERIC and pref != prov and "直辖" not in pref_name:
        parts.append(pref_name)
    parts.append(divisions.name_of(county))
    return "".join(dict.fromkeys(parts))  # a municipality names itself once


def generate(rng: random.Random) -> str:
    """A realistic synthetic address: a real province/city/district
    followed by a street and number, an estate with building/unit/room,
    or a town, village, group and number.

    >>> is_valid(generate(random.Random(7)))
    True
    """
    head = _admin(rng)
    form = rng.random()
    road = rng.choice(_ROADS) + rng.choice(_ROAD_SUFFIX) + f"{rng.randint(1, 999)}号"
    estate = rng.choice(_ESTATES) + rng.choice(_ESTATE_SUFFIX)
    if form < 0.3:
        return head + road
    if form < 0.55:
        return head + estate + f"{rng.randint(1, 30)}号楼{rng.randint(1, 33)}{rng.randint(1, 4):02d}"
    if form < 0.8:
        return (head + road + estate + f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元"
                f"{rng.randint(1, 33)}{rng.randint(1, 4):02d}室")
    town = rng.choice(_TOWNS) + rng.choice(_TOWN_SUFFIX)
    return head + town + rng.choice(_VILLAGES) + f"村{rng.randint(1, 12)}组{rng.randint(1, 99)}号"
