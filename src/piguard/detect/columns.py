"""The column classifier: which entity, if any, a table column holds.

Two kinds of evidence, weighed so that the values carry most of it:

* **values** — over a sample of the column's non-empty cells, the share that
  the entity module accepts (coarse shape filter first, see
  :mod:`piguard.detect.cells`, then the module's ``is_valid``; names and
  addresses through their ``score``). Column-level checks add what single
  values cannot say: birth dates spread over decades of past years, a
  categorical column (few distinct values) is not a name list, epoch
  timestamps and amounts are decoys, masked cells (``186****9558``) are
  not hits.
* **the header** — cue words read from each entity module's ``HEADER_CUES``
  (Chinese, pinyin initials, English). A cue lowers the share of valid values
  a column needs and is required for types that cannot be told from their
  values alone (``NEEDS_CONTEXT``: QQ numbers, WeChat IDs). A cue never wins
  against values that contradict it: a column named 身份证号 full of masked
  values holds no resident IDs.

Scores: ``0.8 * share + 0.2 * cue`` (``0.6``/``0.4`` for context-bound
types), in [0, 1]. A column is assigned the best eligible entity; close
scores are settled by how specific the entities' validation is.

>>> import polars as pl
>>> ids = pl.Series(["11010519491231002X", "512127197209125576", "372923195305279375"])
>>> g = classify_column("col_07", ids)
>>> g.entity, g.score >= 0.8
('CN_RESIDENT_ID', True)
>>> classify_column("身份证号", pl.Series(["110101********1234", "5****************9"])).entity is None
True
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import Iterable

import polars as pl

from piguard.detect import cells
from piguard.detect.headers import HeaderCue, decoy_word, header_cues, is_event_date_header, protected_word

# When two entities score within this margin, the more specific one wins:
# its validation (check digits, fixed structure) is less likely to pass by
# chance. A random 15-digit number passes Luhn one time in ten, so a column
# of IMEIs also "validates" as card numbers; the reverse is rarer.
SPECIFICITY = (
    "CN_RESIDENT_ID", "VIN", "DEVICE_ID", "PHONE_MOBILE", "EMAIL", "IP_ADDRESS",
    "LICENSE_PLATE", "PHONE_LANDLINE", "PASSPORT_CN", "TRAVEL_PERMIT", "BANK_CARD",
    "BIRTH_DATE", "QQ_NUMBER", "WECHAT_ID", "ADDRESS", "PERSON_NAME",
)
TIE_MARGIN = 0.03

# Types whose values carry their own proof (check digits, a fixed structure
# no serial number follows by chance); the others (passport numbers, names...)
# defer to a header that names something else.
STRUCTURED = ("CN_RESIDENT_ID", "BANK_CARD", "VIN", "DEVICE_ID", "PHONE_MOBILE", "PHONE_LANDLINE",
              "EMAIL", "IP_ADDRESS", "LICENSE_PLATE")

# Types whose look-alikes come as categories (departments, product names,
# version numbers): a column of few distinct values needs a header cue.
CATEGORY_PRONE = ("PERSON_NAME", "ADDRESS", "IP_ADDRESS", "PASSPORT_CN", "TRAVEL_PERMIT")

# Value share a column needs: without a header cue, with one.
MIN_SHARE = 0.6
MIN_SHARE_WITH_CUE = 0.3
MIN_SHARE_CONTEXT = 0.5     # context-bound types, which always need the cue
MIN_SHARE_DECOY_HEADER = 0.8  # header names a non-personal identifier (订单号)
MIN_CUE = 0.5

# Types judged by a model score rather than a validator; a cell counts when
# the score reaches this.
MODEL_SCORED = ("PERSON_NAME", "ADDRESS")
MODEL_THRESHOLD = 0.5
MODEL_SAMPLE = 200

_MASKED_RE = r"[*＊●•×#]{2,}|^\S{1,3}[*＊●×]+$|^[\u4e00-\u9fff]某{1,2}$"
_UUID_RE = re.compile(r"^[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}$")
_EPOCH_LO, _EPOCH_HI = 946684800, 2208988800  # 2000-01-01 .. 2040-01-01


@lru_cache(maxsize=1)
def _modules() -> dict[str, ModuleType]:
    from piguard import entities
    return {m.NAME: m for m in entities.all_entities()}


# --- results -------------------------------------------------------------------

@dataclass
class Candidate:
    """The evidence for one entity in one column."""

    entity: str
    share: float = 0.0          # valid / non-empty sampled values
    valid: int = 0
    cue: HeaderCue | None = None
    score: float = 0.0
    eligible: bool = False
    reason: str = ""

    def to_dict(self) -> dict:
        d = {"entity": self.entity, "score": round(self.score, 4), "share": round(self.share, 4),
             "valid": self.valid, "eligible": self.eligible, "reason": self.reason}
        if self.cue:
            d["header_cue"] = self.cue.cue
        return d


@dataclass
class ColumnGuess:
    """What the classifier concluded about one column, and why.

    ``values``/``valid`` keep the sampled non-empty cells (for a name or
    address column, the evenly spread subset the model scored) and which of
    them the chosen entity accepted: the scanner checks its fast counting and
    draws masked examples from them. They are never serialised.
    """

    name: str
    entity: str | None
    score: float
    sampled: int
    explanation: dict = field(default_factory=dict)
    values: list = field(default_factory=list, repr=False)
    valid: list = field(default_factory=list, repr=False)
    candidates: list = field(default_factory=list, repr=False)

    @property
    def matched(self) -> int:
        return sum(self.valid)


# --- value checks --------------------------------------------------------------

def _validity(entity: str, mod: ModuleType, values: list[str], shaped: list[bool]) -> list[bool]:
    """Per value: does the entity module accept it? Each distinct value is
    judged once (categorical columns repeat a handful of values)."""
    model = entity in MODEL_SCORED and hasattr(mod, "score")
    seen: dict[str, bool] = {}
    out = []
    for v, ok in zip(values, shaped):
        if not ok:
            out.append(False)
            continue
        got = seen.get(v)
        if got is None:
            got = seen[v] = (_safe_score(mod, v) >= MODEL_THRESHOLD) if model else _safe_valid(mod, v)
        out.append(got)
    return out


def _safe_valid(mod, v) -> bool:
    try:
        return bool(mod.is_valid(v))
    except Exception:  # a validator must never break a scan; is_valid promises not to raise
        return False


def _safe_score(mod, v) -> float:
    try:
        return float(mod.score(v))
    except Exception:
        return 0.0


def _decoys(values: pl.Series) -> dict:
    """Column-level signs of non-personal data, for vetoes and the explanation."""
    n = len(values)
    out: dict = {}
    digits = values.str.contains(r"^\d+$")
    if n and digits.all():
        lens = values.str.len_chars()
        if lens.is_in([10, 13]).all():
            secs = values.str.slice(0, 10).cast(pl.Int64, strict=False)
            if ((secs >= _EPOCH_LO) & (secs < _EPOCH_HI)).all():
                out["timestamp"] = True
    amount = values.str.contains(r"^[-+]?[¥￥$]?\d{1,3}(?:,?\d{3})*(?:\.\d{1,4})?$")
    if n and amount.mean() >= 0.9 and values.str.contains(r"\.\d{1,4}$").mean() >= 0.5:
        out["amount"] = True
    masked = values.str.contains(_MASKED_RE).mean() if n else 0.0
    if masked:
        out["masked_share"] = round(float(masked), 4)
    uniq = values.n_unique()
    out["distinct"] = int(uniq)
    if n >= 30 and uniq <= max(8, 0.1 * n):
        out["categorical"] = True
    elif n >= 30 and uniq < 0.5 * n:
        out["low_distinct"] = True
    return out


def _birth_spread(values: list[str]) -> dict:
    """Years of date-shaped values: are they spread over decades of the past?"""
    years = sorted(int(v[:4]) for v in values if v[:4].isdigit())
    if len(years) < 5:
        return {"spread": False}
    lo, hi = years[len(years) // 10], years[(len(years) * 9) // 10]
    this_year = _dt.date.today().year
    median_age = this_year - years[len(years) // 2]
    spread = (hi - lo >= 15) and years[-1] <= this_year and 10 <= median_age <= 100
    return {"spread": spread, "years": [lo, hi], "median_age": median_age}


# --- the classifier ------------------------------------------------------------

def classify_column(name: str, values, *, entities: Iterable[str] | None = None) -> ColumnGuess:
    """Classify one column from its header and a sample of its cells.

    ``values`` is a polars Series, a pyarrow array or a list of cells (the
    sample; the caller decides its size).
    """
    mods = _modules()
    wanted = [e.upper() for e in entities] if entities else list(mods)
    wanted = [e for e in wanted if e in mods]
    raw = _as_series(values)
    tidied = cells.tidy(raw).drop_nulls()
    n = len(tidied)
    cues = header_cues(name, [mods[e] for e in wanted])
    expl: dict = {"sampled": n}
    if cues:
        expl["header_cues"] = {e: c.cue for e, c in cues.items()}
    protected = protected_word(name)
    if protected:
        expl["header_protected"] = protected
        cues = {}
    if n == 0:
        expl["reason"] = "no non-empty values"
        return ColumnGuess(name, None, 0.0, 0, expl)
    decoy_header = decoy_word(name)
    if decoy_header:
        expl["header_decoy"] = decoy_header
    decoys = _decoys(tidied)
    expl["checks"] = decoys
    event_date = is_event_date_header(name)
    vals = tidied.to_list()

    cands: list[Candidate] = []
    validity: dict[str, tuple[list, list[bool]]] = {}
    for e in wanted:
        mod = mods[e]
        cue = cues.get(e)
        c = Candidate(e, cue=cue)
        prepared = cells.prepare(tidied, e)
        shaped = cells.shape_mask(prepared, e).to_list()
        if not any(shaped):
            if cue:
                c.reason = "header cue, but no value has the shape"
                cands.append(c)
            continue
        vals_e = prepared.to_list() if prepared is not tidied else vals
        if e in MODEL_SCORED and n > MODEL_SAMPLE:
            # Model scores cost milliseconds a cell: an evenly spread subset
            # of the sample is plenty to estimate a share.
            step = -(-n // MODEL_SAMPLE)
            vals_e, shaped = vals[::step], shaped[::step]
            expl.setdefault("model_scored", {})[e] = len(vals_e)
        ok = _validity(e, mod, vals_e, shaped)
        validity[e] = (vals_e, ok)
        c.valid = sum(ok)
        c.share = c.valid / len(vals_e)
        _judge(c, mod, decoys, decoy_header, event_date, vals_e, ok)
        cands.append(c)

    cands.sort(key=lambda c: (-c.score, SPECIFICITY.index(c.entity) if c.entity in SPECIFICITY else 99))
    eligible = [c for c in cands if c.eligible]
    expl["candidates"] = [c.to_dict() for c in cands[:4]]
    if not eligible:
        expl["reason"] = _null_reason(cands, decoys)
        return ColumnGuess(name, None, 0.0, n, expl, vals, [False] * n, cands)
    best = eligible[0]
    close = [c for c in eligible if best.score - c.score <= TIE_MARGIN]
    if len(close) > 1:
        best = min(close, key=lambda c: SPECIFICITY.index(c.entity) if c.entity in SPECIFICITY else 99)
        expl["tie_broken_by"] = "specificity"
    expl["reason"] = best.reason
    vals_b, ok_b = validity[best.entity]
    return ColumnGuess(name, best.entity, round(best.score, 4), n, expl, vals_b, ok_b, cands)


def _judge(c: Candidate, mod, decoys: dict, decoy_header, event_date, vals, ok) -> None:
    """Set ``c.score``, ``c.eligible`` and ``c.reason`` from the evidence."""
    h = c.cue.strength if c.cue else 0.0
    needs_context = bool(getattr(mod, "NEEDS_CONTEXT", False))
    if needs_context:
        c.score = 0.6 * c.share + 0.4 * h
    else:
        c.score = 0.8 * c.share + 0.2 * h
    pct = f"{c.share:.0%} of values valid as {c.entity}"
    if decoys.get("timestamp") and h < MIN_CUE:
        # Ten-digit QQ numbers fall in the epoch range too; a QQ header says which.
        c.reason = "values are epoch timestamps"
        return
    if decoys.get("amount"):
        c.reason = "values are amounts"
        return
    if c.entity in CATEGORY_PRONE and decoys.get("categorical") and not (h >= MIN_CUE and c.share >= MIN_SHARE_DECOY_HEADER):
        # Product names and departments look like names and places, version
        # numbers (10.2.1.3) like IP addresses; a list of a few staff names
        # under a 经办人 header is still names.
        c.reason = f"{pct}, but few distinct values (a category, not {c.entity})"
        return
    if c.entity == "DEVICE_ID" and h < MIN_CUE:
        uuids = sum(1 for v, good in zip(vals, ok) if good and _UUID_RE.match(v))
        if uuids * 2 > c.valid:
            # An IDFA/OAID is a UUID, and so is every other record key.
            c.reason = f"{pct}, but mostly UUIDs: a device ID only under a device header"
            return
    if c.entity == "BIRTH_DATE":
        # Context, or the column-level evidence of dates spread like births.
        c.score = 0.8 * c.share + 0.2 * h
        _judge_birth(c, h, event_date, vals, ok, pct)
        return
    if needs_context:
        if h < MIN_CUE:
            c.reason = f"{pct}, but {c.entity} needs a header cue"
            return
        c.eligible = c.share >= MIN_SHARE_CONTEXT
        c.reason = f"header cue '{c.cue.cue}' and {pct}"
        return
    if decoy_header and not c.cue and c.entity not in STRUCTURED:
        # 员工编号 full of E12345678: passport-shaped, but the header says
        # what the values are, and nothing in them (no check digit) says otherwise.
        c.reason = f"{pct}, but the header names a non-personal identifier ('{decoy_header}')"
        return
    need = MIN_SHARE_WITH_CUE if h >= MIN_CUE else MIN_SHARE
    if decoy_header or (c.entity in MODEL_SCORED and decoys.get("low_distinct")):
        # Names and addresses of people repeat little; a column that repeats
        # its values must convince by the values themselves.
        need = max(need, MIN_SHARE_DECOY_HEADER)
    c.eligible = c.share >= need
    c.reason = (f"header cue '{c.cue.cue}' and {pct}" if c.cue else pct)
    if not c.eligible:
        c.reason += f" (needs {need:.0%})"


def _judge_birth(c: Candidate, h: float, event_date, vals, ok, pct: str) -> None:
    spread = _birth_spread([v for v, good in zip(vals, ok) if good])
    if h >= MIN_CUE:
        c.eligible = c.share >= MIN_SHARE_WITH_CUE
        c.reason = f"header cue '{c.cue.cue}' and {pct}"
        return
    if event_date:
        c.score *= 0.5
        c.reason = f"{pct}, but the header names an event date ('{event_date}')"
        return
    if spread.get("spread") and c.share >= MIN_SHARE:
        c.eligible = True
        c.reason = f"{pct}, years {spread['years'][0]}-{spread['years'][1]} spread over decades of past births"
        return
    c.score *= 0.5
    c.reason = f"{pct}, but dates are not spread like birth dates"


def _null_reason(cands: list[Candidate], decoys: dict) -> str:
    if decoys.get("masked_share", 0) >= 0.5:
        return f"{decoys['masked_share']:.0%} of values are already masked"
    for key, text in (("timestamp", "epoch timestamps"), ("amount", "amounts")):
        if decoys.get(key):
            return f"values are {text}"
    if cands:
        # The most telling rejection: the type most values fitted, preferring
        # types that values alone can establish.
        mods = _modules()
        top = max(cands, key=lambda c: (c.share, not getattr(mods[c.entity], "NEEDS_CONTEXT", False)
                                        or c.entity == "BIRTH_DATE"))
        return top.reason or "no entity validates"
    return "no value has the shape of any entity"


def _as_series(values) -> pl.Series:
    if isinstance(values, pl.Series):
        return values.cast(pl.String)
    try:
        import pyarrow as pa
        if isinstance(values, (pa.Array, pa.ChunkedArray)):
            return pl.Series(values).cast(pl.String)
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        pass
    return pl.Series([None if v is None else str(v) for v in values], dtype=pl.String)


def classify_table(table, *, entities: Iterable[str] | None = None) -> list[ColumnGuess]:
    """Classify every column of a (sampled) pyarrow Table or polars DataFrame.

    Columns are taken by position, so repeated headers are classified each.
    """
    if isinstance(table, pl.DataFrame):
        return [classify_column(c, table.get_column(c), entities=entities) for c in table.columns]
    return [classify_column(name, table.column(i), entities=entities)
            for i, name in enumerate(table.column_names)]
