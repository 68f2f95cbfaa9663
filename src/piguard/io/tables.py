"""One entry point per operation, dispatching on the format.

>>> import os, tempfile
>>> import pyarrow as pa
>>> d = tempfile.mkdtemp()
>>> src = write_table(pa.table({"手机": ["13800138000"]}), os.path.join(d, "a.parquet"))
>>> table, source = read_table(os.path.join(d, "a.parquet"))
>>> source.format, table.column_names
('parquet', ['手机'])
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable, Iterator

import pyarrow as pa

from piguard.errors import BadInput
from piguard.io import delimited, jsonl, parquet, xlsx
from piguard.io.files import TABLE_FORMATS, format_of, unsupported
from piguard.io.source import BatchReader, LoadedTable, Source

log = logging.getLogger("piguard.io")


def _format(path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in TABLE_FORMATS:
            from piguard.errors import UnknownName

            raise UnknownName("table format", fmt, TABLE_FORMATS)
        return fmt
    p = Path(path)
    if p.is_dir():
        raise BadInput("is a folder; read its tables with iter_tables()", where=str(path))
    found = format_of(p)
    if found not in TABLE_FORMATS:
        if not p.exists():
            raise BadInput("no such file", where=str(path))
        raise unsupported(p)
    return found


def iter_batches(path: str | os.PathLike, *, format: str | None = None, limit: int | None = None,
                 encoding: str | None = None, delimiter: str | None = None,
                 sheet: str | int | None = None) -> BatchReader:
    """Stream a table file as all-string record batches (bounded memory).

    ``encoding``/``delimiter`` apply to CSV/TSV, ``sheet`` to XLSX.
    """
    fmt = _format(path, format)
    if fmt in ("csv", "tsv"):
        return delimited.open_csv(path, fmt=fmt, encoding=encoding, delimiter=delimiter, limit=limit)
    if fmt == "xlsx":
        return xlsx.open_xlsx(path, sheet=sheet, limit=limit)
    if fmt == "parquet":
        return parquet.open_parquet(path, limit=limit)
    return jsonl.open_jsonl(path, limit=limit)


def read_table(path: str | os.PathLike, limit: int | None = None, *, format: str | None = None,
               encoding: str | None = None, delimiter: str | None = None,
               sheet: str | int | None = None) -> LoadedTable:
    """Read a table file into ``(pyarrow.Table of strings, Source)``.

    ``limit`` reads only the first rows (``source.truncated`` says whether
    more exist). Formats: CSV/TSV, XLSX, Parquet, JSON Lines of objects.
    """
    fmt = _format(path, format)
    if fmt in ("csv", "tsv"):
        return delimited.read_csv(path, fmt=fmt, encoding=encoding, delimiter=delimiter, limit=limit)
    if fmt == "xlsx":
        return xlsx.read_xlsx(path, sheet=sheet, limit=limit)
    if fmt == "parquet":
        return parquet.read_parquet(path, limit=limit)
    return jsonl.read_jsonl(path, limit=limit)


def iter_tables(path: str | os.PathLike | list, *, limit: int | None = None, all_sheets: bool = True,
                on_warning: Callable[[str], None] | None = None) -> Iterator[LoadedTable]:
    """Every table in a file, a folder (walked), or a list of them.

    Each XLSX sheet is a table of its own when ``all_sheets``. In a folder,
    unsupported and unreadable files are reported via ``on_warning``
    (default: the ``piguard.io`` logger) and skipped; a folder holding no
    table raises BadInput.
    """
    from piguard.io.folder import walk

    warn = on_warning or log.warning
    paths = path if isinstance(path, (list, tuple)) else [path]
    for item in paths:
        p = Path(item)
        if p.is_dir():
            files = walk(p, TABLE_FORMATS, warn)
            if not files:
                raise BadInput("holds no tables (.csv .tsv .xlsx .parquet .jsonl)", where=str(item))
            for f in files:
                try:
                    yield from _file_tables(f, limit, all_sheets)
                except BadInput as e:
                    warn(str(e))
        else:
            yield from _file_tables(p, limit, all_sheets)


def _file_tables(p: Path, limit, all_sheets) -> Iterator[LoadedTable]:
    if format_of(p) == "xlsx" and all_sheets:
        for name in xlsx.sheet_names(p):
            try:
                yield xlsx.read_xlsx(p, sheet=name, limit=limit)
            except BadInput as e:
                if "is empty" not in str(e):
                    raise
        return
    yield read_table(p, limit)


def table_writer(path: str | os.PathLike, columns: list[str], like: Source | None = None, *,
                 format: str | None = None, **options):
    """A streaming writer (context manager with ``write(batch)``) for ``path``.

    The file appears atomically when the block ends without error. Options:
    CSV ``encoding``, ``delimiter``, ``bom``, ``lineterminator``; XLSX
    ``sheet``; JSON Lines ``encoding``.
    """
    fmt = _out_format(path, format, like)
    if fmt in ("csv", "tsv"):
        return delimited.csv_writer(path, columns, like, fmt=fmt, **options)
    if fmt == "xlsx":
        return xlsx.xlsx_writer(path, columns, like, **options)
    if fmt == "parquet":
        return parquet.ParquetWriter(path, columns, like)
    return jsonl.jsonl_writer(path, columns, like, **options)


def _out_format(path, fmt, like) -> str:
    if fmt is None:
        fmt = format_of(path)
    if fmt is None and like is not None and like.format in TABLE_FORMATS:
        fmt = like.format
    if fmt not in TABLE_FORMATS:
        raise unsupported(path)
    return fmt


def write_table(table: pa.Table, path: str | os.PathLike, like: Source | None = None, *,
                format: str | None = None, **options) -> Source:
    """Write ``table`` to ``path`` in its format (by extension, else ``like``'s),
    shaped like ``like``; atomic. Returns the Source of what was written."""
    fmt = _out_format(path, format, like)
    if fmt in ("csv", "tsv"):
        return delimited.write_csv(table, path, like, fmt=fmt, **options)
    if fmt == "xlsx":
        return xlsx.write_xlsx(table, path, like, **options)
    if fmt == "parquet":
        return parquet.write_parquet(table, path, like)
    return jsonl.write_jsonl(table, path, like, **options)
