"""Walking folders for the files a reader supports.

Hidden files and folders (``.git``, ``.~lock``...) and Office lock files
(``~$book.xlsx``) are passed over silently; other unsupported files are
reported through ``warn`` so a user knows what was not scanned.

>>> import os, tempfile
>>> d = tempfile.mkdtemp()
>>> for name in ("b.csv", "a.xlsx", "logo.png", ".hidden.csv"):
...     _ = open(os.path.join(d, name), "w").write("x")
>>> notes = []
>>> [p.name for p in walk(d, ("csv", "xlsx"), notes.append)], len(notes)
(['a.xlsx', 'b.csv'], 1)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from piguard.io.files import format_of


def walk(folder: str | os.PathLike, formats, warn: Callable[[str], None]) -> list[Path]:
    """Files below ``folder`` whose format is in ``formats``, sorted by path."""
    found = []
    skipped = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            p = Path(root) / name
            if format_of(p) in formats:
                found.append(p)
            else:
                skipped.append(p)
    if skipped:
        shown = ", ".join(str(p) for p in skipped[:10])
        more = f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        warn(f"skipped {len(skipped)} unsupported files: {shown}{more}")
    return sorted(found)
