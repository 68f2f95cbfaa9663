"""Keyed marks: equivalent renderings of an address that carry code bits.

Every channel is a pair of renderings a reader takes as the same address:

========  ==========================  =====================================
channel   rendering 0                 rendering 1
========  ==========================  =====================================
building  ``17栋``                    ``17幢``
number    ``29号``                    ``29號``
district  with the county/district    without it (province and city kept)
room      ``1902室``                  ``1902``
========  ==========================  =====================================

A channel exists in a row only when the address has the feature (a building
number, a house number, province + city + district, a trailing room). The
bit written at ``position = customer * 8 + channel`` is the share's code bit
XOR the position's secret mask (``piguard.trace.tardos``); which customer a
row belongs to comes from its unchangeable identifiers, so marks survive
sampling, reordering and dropped columns.

>>> render("安徽省宿州市埇桥区建设路29号和谐家园17栋1单元1902室", {"building": 1, "room": 1})
'安徽省宿州市埇桥区建设路29号和谐家园17幢1单元1902'
>>> read("安徽省宿州市埇桥区建设路29号和谐家园17幢1单元1902")["building"]
1
>>> canonical("安徽省宿州市建设路29號和谐家园17幢1单元1902") == canonical("安徽省宿州市埇桥区建设路29号和谐家园17栋1单元1902室")
True
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from piguard.detect.normalize import to_simplified
from piguard.entities import divisions

CHANNELS = ("building", "number", "district", "room")
CHANNEL_INDEX = {c: i for i, c in enumerate(CHANNELS)}

_BUILDING = re.compile(r"(?<=\d)[栋幢](?!梁)")
_NUMBER = re.compile(r"(?<=\d)[号號]")
_ROOM = re.compile(r"(?<=单元)(\d{2,5})(室?)$")


def _half(text: str) -> str:
    # Full-width digits (a leaker's reformatting) read as digits; 號 is kept.
    return unicodedata.normalize("NFKC", text)


def _district(text: str):
    """The county-level division to drop, when province and city precede it
    (offsets index ``text``, read as simplified half-width characters)."""
    norm = to_simplified(_half(text))
    if len(norm) != len(text):
        return None
    return _district_of(norm)


@lru_cache(maxsize=65536)
def _district_of(text: str):
    divs = divisions.read_prefix(text)
    levels = [d.level for d in divs]
    if "province" in levels and "prefecture" in levels:
        county = [d for d in divs if d.level == "county"]
        # Only a district or county (区/县): a county-level city (新沂市)
        # is part of how people read the address.
        return county[0] if county and county[0].name[-1:] in "区县旗" else False
    return None


def read(address) -> dict[str, int]:
    """The rendering (0/1) of each channel the address shows."""
    s = _half(str(address or "")).strip()
    out: dict[str, int] = {}
    if not s:
        return out
    b = _BUILDING.findall(s)
    if b:
        out["building"] = int(b[0] == "幢")
    n = _NUMBER.findall(s)
    if n:
        out["number"] = int(n[0] == "號")
    d = _district(s)
    if d is not None:
        out["district"] = int(d is False)
    if re.search(r"单元\d{2,5}室$", s):
        out["room"] = 0
    elif re.search(r"单元\d{2,5}$", s):
        out["room"] = 1
    return out


def render(address: str, bits: dict[str, int]) -> str:
    """The address with each channel in ``bits`` rendered as asked; channels
    the address lacks are left alone."""
    s = str(address)
    if "building" in bits:
        s = _BUILDING.sub("幢" if bits["building"] else "栋", s)
    if "number" in bits:
        s = _NUMBER.sub("號" if bits["number"] else "号", s)
    if bits.get("room") == 1:
        s = _ROOM.sub(r"\1", s)
    elif bits.get("room") == 0:
        s = _ROOM.sub(r"\1室", s)
    if bits.get("district") == 1:
        d = _district(s)
        if d:
            s = s[:d.start] + s[d.end:]
    return s


def channels(address: str) -> list[str]:
    """The channels an address can carry (with the district only where it is
    written: a dropped district cannot be put back without the source)."""
    s = str(address or "")
    out = []
    if _BUILDING.search(s):
        out.append("building")
    if _NUMBER.search(s):
        out.append("number")
    if _district(s):
        out.append("district")
    if _ROOM.search(s) and s.endswith("室"):
        out.append("room")
    return out


def canonical(address) -> str:
    """The address with every mark rendering undone: what tokens hash, so a
    marked copy matches its customer."""
    s = to_simplified(_half(str(address or ""))).replace(" ", "")
    s = _BUILDING.sub("栋", s)
    s = _NUMBER.sub("号", s)
    s = re.sub(r"(?<=单元)(\d{2,5})室$", r"\1", s)
    d = _district(s)
    if d:
        s = s[:d.start] + s[d.end:]
    return s
