"""Atomic file writes: a temporary file in the target's folder, then os.replace.

Readers of the target see either the old file or the complete new one; when
the body raises, the temporary file is removed and the target is untouched.

>>> import os, tempfile
>>> d = tempfile.mkdtemp(); p = os.path.join(d, "out.txt")
>>> with atomic_write(p) as f:
...     _ = f.write(b"done")
>>> open(p, "rb").read(), os.listdir(d)
(b'done', ['out.txt'])
>>> try:
...     with atomic_write(p) as f:
...         _ = f.write(b"half")
...         raise RuntimeError("boom")
... except RuntimeError:
...     pass
>>> open(p, "rb").read(), os.listdir(d)
(b'done', ['out.txt'])
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

from piguard.errors import BadInput


def _mode_for(target: Path) -> int:
    # Keep an existing file's permissions; a new one gets what open() would
    # give it (0666 minus umask) rather than mkstemp's private 0600.
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``.

    For libraries that want a file name (openpyxl, pyarrow) rather than a
    file object.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput("folder does not exist", where=str(folder))
    if target.is_dir():
        raise BadInput("is a directory, not a file to write", where=str(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise BadInput(f"cannot write here ({e.strerror})", where=str(target)) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, _mode_for(target))
        os.replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "wb", *, encoding: str | None = None,
                 newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file for writing; it becomes ``path`` when the block ends.

    The data is flushed and fsync'ed before the rename, so a crash leaves
    the old file or the new one, never a torn one.
    """
    if "w" not in mode:
        raise ValueError("atomic_write only writes")
    with atomic_path(path) as tmp:
        with open(tmp, mode, encoding=encoding, newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
