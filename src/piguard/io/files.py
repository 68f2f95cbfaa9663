"""File checks shared by the readers: existence, format by extension, bounded lines.

>>> format_of("客户.CSV"), format_of("x.tsv"), format_of("x.xlsx"), format_of("a.ndjson")
('csv', 'tsv', 'xlsx', 'jsonl')
>>> format_of("photo.png") is None
True
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Iterator

from piguard.errors import BadInput
from piguard.io import limits

# Extension -> format name. Tables: csv, tsv, xlsx, parquet, jsonl.
# Text for detection: text, html (and jsonl documents).
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "text",
    ".text": "text",
    ".log": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
}
TABLE_FORMATS = ("csv", "tsv", "xlsx", "parquet", "jsonl")
TEXT_FORMATS = ("text", "html", "jsonl")

# Formats people try that we do not read, with what to do instead.
_HINTS = {
    ".xls": "save it as .xlsx",
    ".json": "use JSON Lines (.jsonl), one object per line",
    ".gz": "decompress it first",
    ".zip": "unpack it first",
}


def format_of(path: str | os.PathLike) -> str | None:
    """The format name for a path's extension, or None if unsupported."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def unsupported(path: str | os.PathLike, wanted=TABLE_FORMATS) -> BadInput:
    suffix = Path(path).suffix.lower()
    hint = _HINTS.get(suffix)
    exts = sorted(e for e, f in EXTENSIONS.items() if f in wanted)
    msg = f"unsupported file type '{suffix or '(none)'}'"
    msg += f"; {hint}" if hint else f" (supported: {', '.join(exts)})"
    return BadInput(msg, where=str(path))


def check_file(path: str | os.PathLike) -> Path:
    """The path, when it names a readable, non-empty regular file."""
    p = Path(path)
    if not p.exists():
        raise BadInput("no such file", where=str(path))
    if p.is_dir():
        raise BadInput("is a folder, not a file", where=str(path))
    if not p.is_file():
        raise BadInput("is not a regular file", where=str(path))
    if not os.access(p, os.R_OK):
        raise BadInput("permission denied", where=str(path))
    if p.stat().st_size == 0:
        raise BadInput("is empty", where=str(path))
    return p


def bounded_lines(f: IO, where: str, limit: int | None = None) -> Iterator[str | bytes]:
    """The lines of ``f`` (endings kept), raising BadInput at a line longer
    than ``limit`` (default ``limits.MAX_RECORD_BYTES``) after reading at
    most that much of it — a 100 MB line never sits in memory whole.
    """
    limit = limits.MAX_RECORD_BYTES if limit is None else limit
    number = 0
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit:
            raise BadInput(f"line {number} is longer than {limit} bytes "
                           "(piguard.io.limits.MAX_RECORD_BYTES)", where=where)
        yield line
