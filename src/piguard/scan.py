"""Scan tables for personal information: classify every column, count records.

>>> import pyarrow as pa
>>> t = pa.table({"联系电话": ["13800138000", "13912345678", None],
...               "备注": ["加急", "", "周末送"]})
>>> r = scan(t)
>>> [(c.name, c.entity, c.matched) for c in r.columns]
[('联系电话', 'PHONE_MOBILE', 2), ('备注', None, 0)]
>>> list(r.to_dict()["columns"][0])[:6]
['name', 'entity', 'score', 'level', 'matched', 'sampled']

Classification looks at a sample of each column's non-empty cells (evenly
spread over the table); counting looks at every row, with vectorised kernels
(:mod:`piguard.detect.cells`) checked against the entity's ``is_valid`` on
the sample. ``matched`` is the number of cells in the whole table that hold a
valid, unmasked value of the column's entity; ``matched_method`` says how it
was counted (``kernel``: the vectorised check, which agreed with ``is_valid``
on every sampled cell; ``validated``: ``is_valid`` on every distinct
candidate; ``estimated``: the kernel's rows thinned by the share the
validator confirmed on the sample, for columns with too many distinct
candidates to validate one by one).
"""
from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, field, is_dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from piguard.detect import cells, thresholds
from piguard.detect.columns import MODEL_SCORED, ColumnGuess, _modules, _safe_valid, classify_column
from piguard.errors import BadInput

DEFAULT_SAMPLE = 1000
EXAMPLES = 3
# Above this many distinct candidates, a column whose kernel disagrees with
# is_valid on the sample is estimated rather than validated cell by cell
# (check-digit validators take a few microseconds a cell, the name and
# address validators a few hundred).
VALIDATE_LIMIT = 200_000
MODEL_VALIDATE_LIMIT = 5_000

Progress = Callable[[str, int, int], None]


@dataclass
class ColumnReport:
    """One column's verdict. ``to_dict`` gives the contract keys first."""

    name: str
    entity: str | None
    score: float
    level: str | None
    matched: int
    sampled: int
    label_zh: str | None = None
    sensitive: bool = False
    non_empty: int = 0
    match_rate: float = 0.0
    matched_method: str | None = None
    threshold: int | None = None
    examples: list[str] = field(default_factory=list)
    explanation: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "name": self.name, "entity": self.entity, "score": round(float(self.score), 4),
            "level": self.level, "matched": int(self.matched), "sampled": int(self.sampled),
            "label_zh": self.label_zh, "sensitive": self.sensitive, "non_empty": int(self.non_empty),
            "match_rate": round(float(self.match_rate), 4), "matched_method": self.matched_method,
            "threshold": self.threshold, "examples": list(self.examples),
            "explanation": self.explanation,
        }


@dataclass
class TableReport:
    """One table's columns, record counts against the legal thresholds, and
    what the reader learnt about the file."""

    path: str
    rows: int
    columns: list[ColumnReport]
    records: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)
    elapsed_s: float = 0.0

    @property
    def pii_columns(self) -> list[ColumnReport]:
        return [c for c in self.columns if c.entity]

    def to_dict(self) -> dict:
        return {"path": self.path, "rows": int(self.rows),
                "columns": [c.to_dict() for c in self.columns],
                "records": self.records, "source": self.source,
                "elapsed_s": round(self.elapsed_s, 3)}


# --- inputs --------------------------------------------------------------------

def _to_arrow(obj) -> tuple[pa.Table, list[str], str]:
    """(string table, original headers, kind) for an in-memory table."""
    if isinstance(obj, pa.Table):
        table, kind = obj, "arrow"
    elif isinstance(obj, pl.DataFrame):
        table, kind = obj.to_arrow(), "polars"
    elif type(obj).__module__.startswith("pandas") and hasattr(obj, "columns"):
        table, kind = pa.Table.from_pandas(obj, preserve_index=False), "pandas"
    else:
        raise BadInput(f"cannot scan a {type(obj).__name__}: give a path, a pyarrow Table "
                       "or a polars/pandas DataFrame")
    headers = [str(n) for n in table.column_names]
    cols = []
    for col in table.columns:
        if pa.types.is_floating(col.type) and _integral(col):
            # A DataFrame holds phone and card numbers as floats when a
            # column has gaps; 1.3800138e+10 must read as 13800138000.
            col = pc.cast(col, pa.int64())
        if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
            try:
                col = pc.cast(col, pa.string())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                col = pa.chunked_array([[None if v is None else str(v) for v in col.to_pylist()]], pa.string())
        cols.append(col)
    return pa.table(cols, names=[f"c{i}" for i in range(len(cols))]), headers, kind


def _integral(col) -> bool:
    vals = pc.drop_null(col)
    if len(vals) == 0:
        return False
    finite = pc.all(pc.is_finite(vals)).as_py()
    return bool(finite and pc.all(pc.equal(pc.floor(vals), vals)).as_py()
                and pc.max(pc.abs(vals)).as_py() < 2 ** 53)


def _source_dict(source) -> dict:
    if source is None:
        return {}
    d = asdict(source) if is_dataclass(source) else dict(vars(source))
    d.pop("details", None)  # writer internals (schemas), not for a report
    keep = ("path", "format", "encoding", "bom", "delimiter", "sheet", "table", "truncated", "warnings")
    out = {k: d.get(k) for k in keep if d.get(k) not in (None, [], False)}
    path = d.get("path")
    if path and os.path.isfile(path):
        st = os.stat(path)
        out["size_bytes"] = st.st_size
        out["modified"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(st.st_mtime))
    return out


# --- scanning ------------------------------------------------------------------

def scan(source, *, sample: int = DEFAULT_SAMPLE, entities: Iterable[str] | None = None,
         progress: Progress | None = None, on_warning: Callable[[str], None] | None = None):
    """Classify and count the columns of ``source``.

    ``source`` is a path (a table file -> :class:`TableReport`; a folder ->
    a list of them, one per table file inside), a pyarrow Table, or a
    polars or pandas DataFrame. ``sample`` bounds the non-empty cells per
    column the classifier reads; ``entities`` limits the types considered;
    ``progress(stage, done, total)`` is called as columns are finished;
    ``on_warning`` receives the readers' warnings (skipped files, ragged
    rows), by default the ``piguard.io`` logger.
    """
    if sample < 1:
        raise BadInput("sample must be at least 1")
    ents = _check_entities(entities)
    if isinstance(source, (str, os.PathLike)):
        from piguard.io.tables import iter_tables

        path = Path(source)
        if not path.exists():
            raise BadInput("no such file or folder", where=str(source))
        # One table at a time: a folder of large files never sits in memory at once.
        reports = []
        for lt in iter_tables(path, on_warning=on_warning):
            if on_warning is not None:
                for w in getattr(lt.source, "warnings", ()):
                    on_warning(f"{lt.source.path}: {w}")
            reports.append(scan_loaded(lt.table, lt.source, sample=sample, entities=ents, progress=progress))
        if path.is_dir() or len(reports) != 1:
            return reports  # a folder, or a workbook with several sheets
        return reports[0]
    table, headers, kind = _to_arrow(source)
    return _scan_table(table, headers, f"<{kind}>", None, sample, ents, progress)


def scan_loaded(table: pa.Table, source, *, sample: int = DEFAULT_SAMPLE,
                entities: Iterable[str] | None = None, progress: Progress | None = None) -> TableReport:
    """Scan a table an ``piguard.io`` reader returned with its ``Source``."""
    headers = list(getattr(source, "headers", None) or table.column_names)
    if len(headers) != table.num_columns:
        headers = list(table.column_names)
    path = str(getattr(source, "path", "") or "")
    return _scan_table(table, headers, path, source, sample, _check_entities(entities), progress)


def scan_db(url: str, tables: Iterable[str] | None = None, sample: int = DEFAULT_SAMPLE, *,
            limit: int | None = None, entities: Iterable[str] | None = None,
            progress: Progress | None = None) -> list[TableReport]:
    """Scan the tables of a database (all of them when ``tables`` is None).

    Each table is read whole (or its first ``limit`` rows) so that the
    record counts cover it; the classifier still reads ``sample`` cells per
    column. The report's path is the URL with the password hidden.
    """
    from piguard.io import db as io_db

    if sample < 1:
        raise BadInput("sample must be at least 1")
    ents = _check_entities(entities)
    names = list(tables) if tables else io_db.list_tables(url)
    out = []
    for name in names:
        lt = io_db.read_table(url, name, limit=limit)
        rep = scan_loaded(lt.table, lt.source, sample=sample, entities=ents, progress=progress)
        rep.path = f"{lt.source.path}#{lt.source.table or name}"
        out.append(rep)
    return out


def _check_entities(entities) -> list[str] | None:
    if not entities:
        return None
    if isinstance(entities, str):
        entities = [e for e in entities.split(",") if e.strip()]
    from piguard import entities as registry

    return [registry.get(e.strip()).NAME for e in entities]


def _sample_rows(col: pa.ChunkedArray, sample: int, empty_strings: bool) -> tuple[np.ndarray, int]:
    """Indices of up to ``sample`` non-empty cells, evenly spread; the count
    of non-empty cells.

    ``piguard.io`` readers give empty cells as null; an in-memory table may
    hold ``""`` instead (``empty_strings``), which costs one more pass.
    """
    filled = pc.is_valid(col)
    if empty_strings:
        filled = pc.and_(filled, pc.fill_null(pc.greater(pc.utf8_length(col), 0), False))
    idx = np.flatnonzero(filled.to_numpy(zero_copy_only=False))
    count = len(idx)
    if len(idx) > sample:
        idx = idx[np.linspace(0, len(idx) - 1, sample).round().astype(np.int64)]
    return idx, count


def _scan_table(table: pa.Table, headers: list[str], path: str, source, sample: int,
                entities, progress: Progress | None) -> TableReport:
    t0 = time.perf_counter()
    n = table.num_rows
    total = table.num_columns
    reports: list[ColumnReport] = []
    row_masks: dict[int, np.ndarray] = {}
    mods = _modules()
    for i in range(total):
        col = table.column(i)
        if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
            col = pc.cast(col, pa.string())
        idx, non_empty = _sample_rows(col, sample, empty_strings=source is None)
        guess = classify_column(headers[i], col.take(pa.array(idx, pa.int64())), entities=entities)
        rep = _column_report(guess, non_empty)
        if guess.entity:
            mod = mods[guess.entity]
            mask, rep.matched_method, rep.non_empty = _count(pl.Series("v", col), guess, mod)
            rep.matched = int(mask.sum())
            rep.match_rate = rep.matched / rep.non_empty if rep.non_empty else 0.0
            cat = thresholds.category(guess.entity).threshold
            rep.threshold = cat
            prev = row_masks.get(cat)
            row_masks[cat] = mask if prev is None else (prev | mask)
        reports.append(rep)
        if progress:
            progress("columns", i + 1, total)
    records = _records(row_masks, n)
    return TableReport(path, n, reports, records, _source_dict(source), time.perf_counter() - t0)


def _column_report(guess: ColumnGuess, non_empty: int) -> ColumnReport:
    rep = ColumnReport(guess.name, guess.entity, guess.score, None, 0, guess.sampled,
                       non_empty=non_empty, explanation=guess.explanation)
    if guess.entity:
        mod = _modules()[guess.entity]
        rep.level = getattr(mod, "LEVEL", None)
        rep.label_zh = getattr(mod, "LABEL_ZH", None)
        rep.sensitive = bool(getattr(mod, "SENSITIVE", False))
        rep.examples = _examples(guess, mod)
    return rep


def _examples(guess: ColumnGuess, mod) -> list[str]:
    """Up to three masked examples; a value the mask leaves readable is dropped."""
    out: list[str] = []
    seen = set()
    for v, ok in zip(guess.values, guess.valid):
        if not ok or v in seen:
            continue
        seen.add(v)
        try:
            m = mod.mask(v)
        except Exception:  # a value the validator took but the masker did not
            continue
        if not m or m.strip() == str(v).strip():
            continue
        out.append(m)
        if len(out) >= EXAMPLES:
            break
    return out


def _count(col: pl.Series, guess: ColumnGuess, mod) -> tuple[np.ndarray, str, int]:
    """Boolean mask (one per row) of the cells the entity's validator accepts,
    how it was obtained, and the number of non-empty cells."""
    entity = guess.entity
    tidied = cells.prepare(cells.tidy(col), entity)
    non_empty = len(tidied) - tidied.null_count()
    kernel = cells.kernel_mask(tidied, entity)
    sample = cells.tidy(pl.Series("v", guess.values, dtype=pl.String))
    sk = cells.kernel_mask(sample, entity).to_numpy()
    truth = np.array([v is not None and _safe_valid(mod, v) for v in sample.to_list()], dtype=bool)
    if not (sk != truth).any():
        return kernel.to_numpy(), "kernel", non_empty
    uniq = tidied.filter(cells.shape_mask(tidied, entity)).unique()
    limit = MODEL_VALIDATE_LIMIT if entity in MODEL_SCORED else VALIDATE_LIMIT
    if len(uniq) <= limit:
        good = [v for v in uniq.to_list() if _safe_valid(mod, v)]
        valid = tidied.is_in(pl.Series(good, dtype=pl.String).implode()).fill_null(False)
        return valid.to_numpy(), "validated", non_empty
    # Too many to validate one by one: keep the kernel's rows, thinned
    # (deterministically) by the share of kernel hits the validator confirmed
    # on the sample.
    hits = sk.sum()
    share = min(1.0, float(truth.sum() / hits)) if hits else 0.0
    km = kernel.to_numpy()
    rng = np.random.default_rng(0)
    return km & (rng.random(len(km)) < share), "estimated", non_empty


def _records(row_masks: dict[int, np.ndarray], rows: int) -> dict:
    """Rows per threshold category, each row in the strictest category it has."""
    counts: dict[int, int] = {}
    taken = np.zeros(rows, dtype=bool)
    for cat in sorted(row_masks):
        m = row_masks[cat] & ~taken
        counts[cat] = int(m.sum())
        taken |= m
    out = thresholds.assess(counts)
    out["rows_with_pi"] = int(taken.sum())
    return out
