"""PERSON_NAME (姓名): a natural person's name.

Han names are a surname of one or two characters (``欧阳``, ``诸葛``) and a
given name of one or two characters; names of minority and foreign people are
parts joined by a middle dot (``买买提·吐尔逊``). Traditional characters are
accepted (they are compared in simplified form). A surname with a title
(``王女士``), a bare surname and a masked name (``张**``) are not names.

Level: JR/T 0171-2020 puts a customer's name with the other identity
information that on its own identifies a person only together with other
data, which its appendix maps to C2 (a name alone is not C3 authentication
information); GB/T 35273-2020 does not list a name as sensitive.

>>> validate(" 歐陽 娜娜 ")
'欧阳娜娜'
>>> is_valid("王女士"), is_valid("张**"), is_valid("买买提·吐尔逊")
(False, False, True)
>>> mask("欧阳娜娜"), mask("张伟")
('欧阳**', '张*')
"""
from __future__ import annotations

import bisect
import itertools
import random
import re
from functools import lru_cache
from importlib import resources

from piguard.entities.base import has_mask
from piguard.errors import InvalidComponent, InvalidFormat, InvalidLength

NAME = "PERSON_NAME"
LABEL_ZH = "姓名"
# C2 (see the module docstring): identifying together with other data.
LEVEL = "C2"
SENSITIVE = False
HEADER_CUES = (
    "姓名", "名字", "客户姓名", "客户名称", "用户姓名", "真实姓名", "联系人", "联系人姓名",
    "收件人", "收货人", "寄件人", "发件人", "签收人", "被保险人", "投保人", "受益人",
    "借款人", "贷款人", "担保人", "持卡人", "开户名", "户名", "账户名", "车主", "法定代表人",
    "经办人", "申请人", "患者姓名", "员工姓名", "学生姓名", "家长姓名", "紧急联系人",
    "xm", "khxm", "lxr", "sjr", "name", "full_name", "fullname", "customer_name",
    "cust_name", "contact_name", "contact", "receiver", "recipient", "holder_name",
    "account_name", "insured", "policyholder", "borrower", "owner_name",
)
PATTERN = None  # model-based: piguard.detect.names
CONTEXT = ("姓名", "客户", "联系人", "收件人", "签收人", "借款人", "投保人", "被保险人", "车主", "先生", "女士")
NEEDS_CONTEXT = False
BASE_SCORE = 0.5

# Middle dots that join the parts of minority and foreign names.
DOTS = "·•・‧∙⋅"
_TITLES = ("先生", "女士", "小姐", "老师", "同学", "经理", "总", "师傅", "阿姨", "大爷", "老板", "医生", "律师", "警官")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_SHAPE = re.compile(f"[{_HAN}]+(?:[{DOTS}][{_HAN}]+)*")


@lru_cache(maxsize=1)
def _surnames() -> tuple[dict[str, float], dict[str, float]]:
    """(single, compound) surname -> share in percent, from data/surnames.tsv."""
    single, compound = {}, {}
    with resources.files("piguard.entities").joinpath("data/surnames.tsv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            s, pct = line.rstrip("\n").split("\t")
            (single if len(s) == 1 else compound)[s] = float(pct)
    return single, compound


@lru_cache(maxsize=1)
def _given_chars() -> dict[str, list[tuple[str, float]]]:
    """gender ('m', 'f', 'n') -> [(char, weight)] from data/given_chars.tsv."""
    out: dict[str, list[tuple[str, float]]] = {"m": [], "f": [], "n": []}
    with resources.files("piguard.entities").joinpath("data/given_chars.tsv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            c, g, w = line.rstrip("\n").split("\t")
            out[g].append((c, float(w)))
    return out


def _simplified(value: str) -> str:
    from piguard.detect.normalize import to_simplified
    return to_simplified(value)


def compact(value) -> str:
    """Strip spaces (``张 伟``) and unify the middle dot; simplified characters.

    >>> compact(" 張　偉 "), compact("买买提•吐尔逊")
    ('张伟', '买买提·吐尔逊')
    """
    if value is None:
        return ""
    s = "".join(str(value).split())
    s = s.translate({ord(d): "·" for d in DOTS})
    return _simplified(s)


def split(value) -> tuple[str, str]:
    """(surname, given name) of a Han name; ``('', name)`` for dotted names.

    >>> split("欧阳娜娜"), split("张伟"), split("买买提·吐尔逊")
    (('欧阳', '娜娜'), ('张', '伟'), ('', '买买提·吐尔逊'))
    """
    s = compact(value)
    if "·" in s:
        return "", s
    single, compound = _surnames()
    if len(s) >= 3 and s[:2] in compound:
        return s[:2], s[2:]
    return s[:1], s[1:]


def validate(value) -> str:
    """The compact name, or raise a ``ValidationError``.

    Han names need a known surname and one to three more characters; dotted
    names need two to six parts of Han characters.
    """
    return _validate_compact(compact(value))


def _validate_compact(s: str) -> str:
    if not s:
        raise InvalidLength("A name cannot be empty.")
    if is_masked(s):
        raise InvalidFormat("The name is masked.")
    if len(s) > 20 or not _SHAPE.fullmatch(s):
        raise InvalidFormat("A name is Han characters, parts joined by a middle dot.")
    if "·" in s:
        parts = s.split("·")
        if not 2 <= len(parts) <= 6:
            raise InvalidFormat("A dotted name has two to six parts.")
        return s
    if not 2 <= len(s) <= 4:
        raise InvalidLength("A Han name has two to four characters.")
    single, compound = _surnames()
    surname, given = (s[:2], s[2:]) if len(s) >= 3 and s[:2] in compound else (s[:1], s[1:])
    if s in compound:
        raise InvalidComponent("A bare compound surname is not a name.")
    if surname not in single and surname not in compound:
        raise InvalidComponent("Unknown surname.")
    if any(given.startswith(t) or given == t for t in _TITLES):
        raise InvalidComponent("A surname with a title is not a name.")
    return s


def is_valid(value) -> bool:
    """True when ``value`` is plausibly a full personal name; never raises."""
    try:
        if value is None or len(str(value)) > 64:
            return False
        validate(value)
        return True
    except (ValueError, TypeError):
        return False


def format(value) -> str:  # noqa: A001 - the module surface uses this name
    """The display form: compact, simplified.

    >>> format("歐陽 娜娜")
    '欧阳娜娜'
    """
    return compact(value)


def mask(value) -> str:
    """JR/T 0171 display masking: the surname stays, the given name is hidden.

    >>> mask("张三丰"), mask("诸葛亮"), mask("买买提·吐尔逊")
    ('张**', '诸葛*', '买******')
    """
    s = compact(value)
    if not s:
        return ""
    surname, given = split(s)
    if not surname:
        # Dotted names: the first character stays, as for a surname.
        return s[:1] + "*" * (len(s) - 1) if len(s) > 1 else "*"
    return surname + "*" * max(1, len(given))


def is_masked(value) -> bool:
    """A name whose given name is hidden (``张**``, ``欧阳*``, ``李某``, ``王某某``).

    >>> is_masked("张**"), is_masked("李某某"), is_masked("张伟")
    (True, True, False)
    """
    s = "" if value is None else "".join(str(value).split())
    if not s:
        return False
    if has_mask(s) or re.fullmatch(r"\S{1,2}[*＊●×xX#]+", s):
        return True
    return 2 <= len(s) <= 4 and s.endswith("某") and s[0] != "某"


@lru_cache(maxsize=1)
def _tables():
    single, compound = _surnames()
    sn = sorted(single.items(), key=lambda kv: -kv[1])
    cn = sorted(compound.items(), key=lambda kv: -kv[1])
    g = _given_chars()

    def cum(rows):
        return [r[0] for r in rows], list(itertools.accumulate(max(r[1], 1e-6) for r in rows))

    return cum(sn), cum(cn), {k: cum(v) for k, v in g.items()}


def _pick(rng: random.Random, table) -> str:
    items, acc = table
    return items[bisect.bisect_left(acc, rng.random() * acc[-1])]


def generate(rng: random.Random, gender: str | None = None) -> str:
    """A realistic synthetic Han name: surnames by population share (about one
    in a hundred compound), given names of one or two characters by gender.

    >>> is_valid(generate(random.Random(7)))
    True
    """
    single, compound, given = _tables()
    surname = _pick(rng, compound) if rng.random() < 0.01 else _pick(rng, single)
    g = gender or rng.choice("mf")
    pools = [given[g], given["n"]]
    first = _pick(rng, pools[0] if rng.random() < 0.8 else pools[1])
    if rng.random() < 0.25:
        return surname + first
    second = _pick(rng, given[g])
    if second == first and rng.random() < 0.7:
        second = _pick(rng, given[g])
    return surname + first + second


def _cell(value) -> str | None:
    """The compact cell text when it is name-shaped, else None (cheap checks only)."""
    if value is None:
        return None
    s = str(value).strip()
    if not 2 <= len(s) <= 20:
        return None
    s = compact(s)
    if "·" in s:
        return s if _SHAPE.fullmatch(s) and 2 <= len(s.split("·")) <= 6 and len(s) <= 10 else None
    try:
        return _validate_compact(s)
    except ValueError:
        return None


def score(value) -> float:
    """Probability that a table cell holds a personal name (the shipped name
    model read on the whole cell), 0.0 for anything not name-shaped.

    >>> score("张伟") > 0.5, score("高兴") < 0.5, score("王女士")
    (True, True, 0.0)
    """
    s = _cell(value)
    if s is None:
        return 0.0
    from piguard.detect.names import cell_score
    return cell_score(s)


def score_many(values) -> list[float]:
    """``score`` for many cells at once: one pass of the model over all the
    name-shaped cells (what the column classifier should call).

    >>> [round(x) for x in score_many(["张伟", "高兴", None, "王女士", "欧阳娜娜"])]
    [1, 0, 0, 0, 1]
    """
    cells = [_cell(v) for v in values]
    todo = sorted({c for c in cells if c is not None})
    if not todo:
        return [0.0] * len(cells)
    from piguard.detect.names import cell_scores
    got = dict(zip(todo, cell_scores(todo).tolist()))
    return [got[c] if c is not None else 0.0 for c in cells]
