"""Column headers: which entities they name, and what else they say.

Cue words come from each entity module's ``HEADER_CUES`` (the only list of
them); this module knows how headers are written: Chinese compounds whose
head comes last (紧急联系人**电话**), pinyin initials glued together
(``qqhm`` = QQ 号码), English snake_case and camelCase, counters
(``姓名_2``), traditional characters. It also reads the words that mark a
column as protected (``脱敏``, ``_tm``), as a non-personal identifier
(订单号, ``ydh``) or as the date of an event rather than of a birth.

>>> {e: c.cue for e, c in header_cues("客户手機號").items()}
{'PHONE_MOBILE': '手机号'}
>>> decoy_word("waybill_no"), protected_word("手机号(脱敏)")
('waybill', '脱敏')
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Iterable

from piguard.detect.normalize import to_simplified

# Qualifiers glued to a cue in pinyin-initial or English headers: 号 (h),
# 号码 (hm), 码 (m), no, num...; 客户 (kh), 联系 (lx), 登录 (dl), 注册 (zc),
# 本人 (br), 紧急 (jj), 用户 (yh).
GLUED_SUFFIXES = ("h", "hm", "m", "no", "num", "nr", "id", "hao", "haoma")
GLUED_PREFIXES = ("kh", "lx", "dl", "zc", "br", "jj", "yh", "cust", "user", "login")

# Header words that say the values were protected: the cue of the entity they
# once were must not help them (``手机号(脱敏)``, ``sjh_tm``, ``id_masked``).
PROTECTED_WORDS = ("脱敏", "掩码", "打码", "加密", "密文", "哈希", "隐藏")
PROTECTED_TOKENS = ("masked", "mask", "encrypted", "enc", "hash", "hashed", "md5",
                    "sha1", "sha256", "tm", "tuomin", "cipher", "token", "tokenized")

# Header words naming identifiers that are not personal information.
DECOY_WORDS = ("订单", "保单", "流水", "运单", "单号", "批次", "合同号", "业务编号", "交易号", "序号", "编号")
DECOY_TOKENS = ("order", "policy", "waybill", "serial", "seq", "txn", "trade", "invoice",
                "batch", "biz", "sku", "ydh", "ddh", "lsh", "bdh", "ywbh", "bh", "tracking",
                "employee", "emp", "staff", "member", "sn")

# Header words naming dates of events rather than of birth.
EVENT_DATE_WORDS = ("下单", "订单", "起保", "终保", "生效", "到期", "签收", "创建", "更新", "修改",
                    "注册", "登记", "交易", "支付", "付款", "发货", "入职", "离职", "开户", "申请",
                    "放款", "还款", "办理", "起始", "开始", "结束", "截止", "有效期", "投保")
EVENT_DATE_TOKENS = ("order", "start", "end", "create", "created", "update", "updated", "modify",
                     "modified", "pay", "paid", "ship", "shipped", "sign", "signed", "expire",
                     "expiry", "due", "effective", "register", "registered", "apply", "issue",
                     "issued", "valid", "txn", "trade", "loan", "login", "ts", "time", "timestamp")

_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TOKEN_RE = re.compile(r"[a-z]+|[0-9]+|[\u3400-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _modules() -> list[ModuleType]:
    from piguard import entities
    return entities.all_entities()


@lru_cache(maxsize=4096)
def _cached_tokens(text: str) -> tuple[str, ...]:
    return tuple(_tokens(text))


def _tokens(text: str) -> list[str]:
    """Lower-case word tokens of a header or cue; camelCase split.

    >>> _tokens("custIdCard_no2"), _tokens("手機號(脫敏)")
    (['cust', 'id', 'card', 'no', '2'], ['手机号', '脱敏'])
    """
    s = to_simplified(unicodedata.normalize("NFKC", str(text)))  # 身份證號碼 is 身份证号码
    s = re.sub(r"([a-z])([A-Z])", r"\1_\2", s)
    return _TOKEN_RE.findall(s.lower())


def _words(tokens: list[str]) -> list[str]:
    """Tokens without trailing counters (``姓名_2`` -> ``姓名``)."""
    while len(tokens) > 1 and tokens[-1].isdigit():
        tokens = tokens[:-1]
    return tokens


@dataclass(frozen=True)
class HeaderCue:
    strength: float
    cue: str


def header_cues(header: str, modules: Iterable[ModuleType] | None = None) -> dict[str, HeaderCue]:
    """Entity -> the best cue its ``HEADER_CUES`` finds in ``header``.

    Strength 1.0 for the whole header, 0.9 for a cue that ends it (Chinese
    and English compounds put the head last: 紧急联系人**电话** is a phone),
    0.6 for a cue elsewhere in it.

    >>> c = header_cues("紧急联系人电话")
    >>> c["PHONE_MOBILE"].strength > c["PERSON_NAME"].strength
    True
    >>> header_cues("col_07")
    {}
    """
    mods = list(modules) if modules is not None else _modules()
    toks = _words(_tokens(header))
    if not toks:
        return {}
    joined = "".join(toks)
    ascii_toks = [t for t in toks if not _HAN_RE.match(t)]
    out: dict[str, HeaderCue] = {}
    for mod in mods:
        best: HeaderCue | None = None
        for cue in getattr(mod, "HEADER_CUES", ()):
            ctoks = list(_cached_tokens(cue))
            if not ctoks:
                continue
            s = _cue_strength(toks, joined, ascii_toks, ctoks)
            if s and (best is None or s > best.strength or (s == best.strength and len(cue) > len(best.cue))):
                best = HeaderCue(s, cue)
        if best:
            out[mod.NAME] = best
    return out


def _cue_strength(toks, joined, ascii_toks, ctoks) -> float:
    cjoined = "".join(ctoks)
    if cjoined == joined:
        return 1.0
    if _HAN_RE.match(cjoined):
        # Chinese cue: a substring of the Chinese part of the header.
        han = "".join(t for t in toks if _HAN_RE.match(t))
        if cjoined in han:
            return 0.9 if han.endswith(cjoined) else 0.6
        return 0.0
    # English / pinyin cue: a run of whole tokens.
    n = len(ctoks)
    for i in range(len(toks) - n + 1):
        if toks[i:i + n] == ctoks:
            return 0.9 if i + n == len(toks) else 0.7
    # Pinyin initials glue qualifiers on: ``qqhm`` is qq + 号码 (hm),
    # ``dlip`` is 登录 (dl) + ip.
    if len(ctoks) == 1 and len(cjoined) >= 2:
        for t in ascii_toks:
            head, tail = t[:len(cjoined)], t[len(cjoined):]
            if head == cjoined and tail in GLUED_SUFFIXES:
                return 0.8
            if t.endswith(cjoined) and t[:-len(cjoined)] in GLUED_PREFIXES:
                return 0.8
    # Long cues inside one glued token (``custmobile``).
    if len(cjoined) >= 5 and any(cjoined in t for t in ascii_toks):
        return 0.5
    return 0.0


def _has_any(header: str, words, tokens, glued_suffixes=()) -> str | None:
    toks = _words(_tokens(header))
    han = "".join(t for t in toks if _HAN_RE.match(t))
    for w in words:
        if w in han:
            return w
    for t in toks:
        if t in tokens or (len(t) <= 6 and t.isalpha() and t.endswith(glued_suffixes) and t not in glued_suffixes):
            return t
    return None


def decoy_word(header: str) -> str | None:
    """The word that names a header as a non-personal identifier (订单号, ydh,
    ``ygbh`` = 员工编号: pinyin initials ending in bh, 编号)."""
    return _has_any(header, DECOY_WORDS, DECOY_TOKENS, ("bh",))


def is_event_date_header(header: str) -> str | None:
    """The word that marks a header as an event's date, if any.

    Pinyin initials ending in ``rq``/``sj`` (日期/时间) other than 出生日期
    (``csrq``) count as event dates.

    >>> is_event_date_header("下单日期"), is_event_date_header("qbrq"), is_event_date_header("csrq")
    ('下单', 'qbrq', None)
    """
    hit = _has_any(header, EVENT_DATE_WORDS, EVENT_DATE_TOKENS)
    if hit:
        return hit
    for t in _words(_tokens(header)):
        if re.fullmatch(r"[a-z]{1,4}(rq|sj)", t) and t not in ("csrq", "srrq"):
            return t
    return None


def protected_word(header: str) -> str | None:
    """The word that says a column's values were masked, encrypted or hashed."""
    return _has_any(header, PROTECTED_WORDS, PROTECTED_TOKENS)
