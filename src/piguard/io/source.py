"""What a reader learnt about its input, so a writer can produce the same shape.

Every reader returns a :class:`LoadedTable`: a ``pyarrow.Table`` whose
columns are all ``string`` (empty cells are null; values are never altered)
and a :class:`Source`.

>>> s = Source(path="a.csv", format="csv", headers=["姓名", ""], columns=["姓名", "column_2"])
>>> s.header_for("column_2") == ""
True
>>> unique_names(["a", "a", "", "a_2"])
['a', 'a_3', 'column_3', 'a_2']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import pyarrow as pa

from piguard.io import limits


@dataclass
class Source:
    """Where a table came from and how it was written.

    ``headers`` are the header names exactly as in the input (spaces,
    duplicates and empty names included); ``columns`` are the names the
    Arrow table uses: the same, made unique (``""`` -> ``column_N``,
    a repeated ``x`` -> ``x_2``). ``record_warnings`` hold the data record
    numbers (1 = first row under the header) a warning is about.
    ``details`` holds format specifics a writer reuses: ``arrow_schema``
    (Parquet original types), ``json_kinds``/``json_style`` (JSON Lines).
    """

    path: str
    format: str
    headers: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    encoding: str | None = None
    bom: bool = False
    delimiter: str | None = None
    quotechar: str | None = None
    lineterminator: str | None = None
    quoting: str | None = None
    final_newline: bool = True
    sheet: str | None = None
    table: str | None = None
    rows: int | None = None
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def header_for(self, column: str) -> str:
        """The original header of a table column (the name itself if unknown)."""
        try:
            return self.headers[self.columns.index(column)]
        except (ValueError, IndexError):
            return column

    def warn(self, message: str) -> None:
        self.warnings.append(message)


class LoadedTable(NamedTuple):
    """``(table, source)``; unpack it or use the names."""

    table: pa.Table
    source: Source


def unique_names(headers: list[str]) -> list[str]:
    """Column names for an Arrow table: the headers, unique and non-empty."""
    taken = set(h for h in headers if h)
    seen: set[str] = set()
    out = []
    for i, h in enumerate(headers):
        name = h
        if not name:
            name = f"column_{i + 1}"
        if name in seen or (name != h and name in taken):
            k = 2
            base = name
            while f"{base}_{k}" in taken or f"{base}_{k}" in seen:
                k += 1
            name = f"{base}_{k}"
        seen.add(name)
        out.append(name)
    return out


def string_schema(names: list[str]) -> pa.Schema:
    return pa.schema([pa.field(n, pa.string()) for n in names])


def numbers_note(what: str, numbers: list[int], total: int | None = None) -> str:
    """``records 3, 9 and 2 more`` — a bounded list for a warning.

    >>> numbers_note("records", [1, 2, 3], 5)
    'records 1, 2, 3 and 2 more'
    """
    total = len(numbers) if total is None else total
    shown = numbers[: limits.WARN_LIST]
    text = f"{what} " + ", ".join(str(n) for n in shown)
    if total > len(shown):
        text += f" and {total - len(shown)} more"
    return text


class BatchReader:
    """A stream of all-string record batches, with the :class:`Source`.

    Iterate it for ``pyarrow.RecordBatch`` objects, or call
    :meth:`read_all`. ``source.rows`` and ``source.warnings`` are complete
    once the stream is exhausted.
    """

    def __init__(self, source: Source, batches):
        self.source = source
        self._batches = batches

    @property
    def schema(self) -> pa.Schema:
        """All-string fields named ``source.columns``."""
        return string_schema(self.source.columns)

    def __iter__(self):
        return self._batches

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        close = getattr(self._batches, "close", None)
        if close:
            close()

    def read_all(self) -> pa.Table:
        batches = list(self)  # first: a reader may learn better names on the way
        return pa.Table.from_batches(batches, schema=self.schema)


def batches_of(columns: list[str], rows: list[list], schema: pa.Schema) -> pa.RecordBatch:
    """A record batch from row lists (each as long as ``columns``)."""
    arrays = [pa.array([r[i] for r in rows], pa.string()) for i in range(len(columns))]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
