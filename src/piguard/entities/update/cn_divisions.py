"""Rebuild ``data/cn_divisions.tsv``: GB/T 2260 administrative divisions.

Source: python-stdnum 2.2's ``stdnum/cn/loc.dat`` (county-level codes with
their history, names taken from Chinese Wikipedia's lists of GB/T 2260 codes),
plus the hand-written ``data/cn_divisions_extra.tsv`` (second-level areas of
Taiwan, Hong Kong and Macau, which GB/T 2260 lists only as 710000/810000/820000).

Every row is one name a code carried over a period; ``aliases`` are the short
forms people write (浙江 for 浙江省, 延边 for 延边朝鲜族自治州, 西湖 for
西湖区). Names are stored in simplified characters, as detection sees them.

Run: ``python -m piguard.entities.update.cn_divisions``.
"""
from __future__ import annotations

import re
from pathlib import Path

import stdnum

from piguard.detect.normalize import to_simplified

DATA = Path(__file__).resolve().parent.parent / "data"

# The 55 recognised minority nationalities, longest first so that 蒙古 wins over 土.
ETHNIC = sorted("""蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲
高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒
乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各""".split(), key=len, reverse=True)
_ETHNIC_TAIL = re.compile("(?:(?:" + "|".join(ETHNIC) + ")族)+$")
# Longest suffix first: 自治县 before 县.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
             "新区", "省", "市", "盟", "区", "县", "旗")


def aliases(name: str) -> list[str]:
    """Short forms of a division name (two characters at least).

    >>> aliases("延边朝鲜族自治州"), aliases("杭州市"), aliases("县")
    (['延边'], ['杭州'], [])
    """
    out = []
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf):
            stem = _ETHNIC_TAIL.sub("", name[: -len(suf)])
            if len(stem) >= 2 and stem != name:
                out.append(stem)
            break
    return out


def _periods(field: str):
    """``[1983-2021]下城区,[2021-]X区`` -> (name, first, last) triples."""
    for part in field.split(","):
        m = re.fullmatch(r"(?:\[(\d{4})?-(\d{4})?\])?(.+)", part.strip())
        yield m.group(3), m.group(1) or "", m.group(2) or ""


def read_loc() -> list[tuple[str, str, str, str]]:
    path = Path(stdnum.__file__).parent / "cn" / "loc.dat"
    rows, prov = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            code, rest = line.split(" ", 1)
            prov = code
            name = re.search(r'province="([^"]*)"', rest).group(1)
            rows.append((prov + "0000", to_simplified(name), "", ""))
            continue
        sub, rest = line.split(None, 1)
        if sub == "0000":
            continue  # the province itself, already listed
        for name, first, last in _periods(re.search(r'county="([^"]*)"', rest).group(1)):
            rows.append((prov + sub, to_simplified(name), first, last))
    return rows


def read_extra() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in (DATA / "cn_divisions_extra.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, lvl, name = line.split("\t")[:3]
            rows.append((code, name, "", "", lvl))
    return rows


def level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def main() -> None:
    rows = [r + (level(r[0]),) for r in read_loc()] + read_extra()
    out = DATA / "cn_divisions.tsv"
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"# GB/T 2260 administrative divisions. source: python-stdnum {stdnum.__version__} "
                "stdnum/cn/loc.dat (county-level codes with history)\n"
                "# + data/cn_divisions_extra.tsv (hand-written). "
                "rebuild with python -m piguard.entities.update.cn_divisions\n")
        f.write("# code\tlevel\tname\tfirst_year\tlast_year\taliases\n")
        for code, name, first, last, lvl in rows:
            f.write(f"{code}\t{lvl}\t{name}\t{first}\t{last}\t{','.join(aliases(name))}\n")
    print(f"{len(rows)} names -> {out}")


if __name__ == "__main__":
    main()
