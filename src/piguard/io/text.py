"""Text for detection: documents from plain text, JSON Lines, HTML, and folders.

* ``.txt``/``.log``/``.md``/``.text``: one document per non-blank line, id
  ``<file name>:<line number>``, line ending removed (encoding detected as
  for CSV);
* ``.jsonl``: one document per ``{"id": ..., "text": ...}`` line (id
  defaults to the line number); other lines are skipped with a warning;
* ``.html``/``.htm``: one document per page, the visible text (scripts and
  styles dropped, block elements on their own lines);
* a folder: every such file below it, in sorted order; other files are
  skipped with a warning.

Lines longer than ``limits.MAX_RECORD_BYTES`` and pages larger than
``limits.MAX_DOCUMENT_BYTES`` raise BadInput. Warnings go to ``on_warning``
(default: the ``piguard.io`` logger).

>>> import os, tempfile
>>> d = tempfile.mkdtemp(); p = os.path.join(d, "a.txt")
>>> _ = open(p, "wb").write("张三 13800138000\\n\\n李四\\n".encode("gbk"))
>>> [(doc.id, doc.text) for doc in read_texts(p)]
[('a.txt:1', '张三 13800138000'), ('a.txt:3', '李四')]
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterator

from piguard.errors import BadInput
from piguard.io import limits
from piguard.io.encoding import detect_encoding, reject_binary
from piguard.io.files import TEXT_FORMATS, bounded_lines, check_file, format_of, unsupported
from piguard.io.source import numbers_note

log = logging.getLogger("piguard.io")


@dataclass(frozen=True)
class Document:
    """One text to scan; ``line`` is its line in ``path`` when it has one."""

    id: str
    text: str
    path: str
    line: int | None = None


def _encoding(p: Path) -> tuple[str, bool]:
    with open(p, "rb") as f:
        head = f.read(limits.SAMPLE_BYTES)
    reject_binary(head, str(p))
    return detect_encoding(head, final=len(head) == p.stat().st_size, where=str(p))


def _open_text(p: Path):
    enc, _ = _encoding(p)
    return open(p, encoding="utf-8-sig" if enc == "utf-8" else enc, newline="")


def _decode_guard(p: Path, gen):
    try:
        yield from gen
    except UnicodeDecodeError as e:
        raise BadInput(f"cannot decode the text ({e.reason})", where=str(p)) from None


def _lines(p: Path) -> Iterator[Document]:
    with _open_text(p) as f:
        for number, line in enumerate(bounded_lines(f, str(p)), 1):
            text = line.rstrip("\r\n")
            if text.strip():
                yield Document(id=f"{p.name}:{number}", text=text, path=str(p), line=number)


def _jsonl(p: Path, warn) -> Iterator[Document]:
    bad = []
    with _open_text(p) as f:
        for number, line in enumerate(bounded_lines(f, str(p)), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                obj = None
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                bad.append(number)
                continue
            doc_id = obj.get("id", number)
            yield Document(id=str(doc_id), text=obj["text"], path=str(p), line=number)
    if bad:
        warn(f"{p}: " + numbers_note("lines", bad) + ' are not {"id", "text"} objects and were skipped')


class _Visible(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "table", "ul", "ol", "pre", "blockquote", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML page, one block per line.

    >>> html_text("<html><head><title>t</title><style>x{}</style></head><body><p>出售 &amp; 收购</p><div>QQ 123</div></body>")
    '出售 & 收购\\nQQ 123'
    """
    parser = _Visible()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _html(p: Path) -> Iterator[Document]:
    if p.stat().st_size > limits.MAX_DOCUMENT_BYTES:
        raise BadInput(f"is larger than {limits.MAX_DOCUMENT_BYTES} bytes (piguard.io.limits.MAX_DOCUMENT_BYTES)",
                       where=str(p))
    with _open_text(p) as f:
        text = html_text(f.read())
    if text:
        yield Document(id=p.name, text=text, path=str(p))


def _one(p: Path, warn) -> Iterator[Document]:
    fmt = format_of(p)
    if fmt not in TEXT_FORMATS:
        raise unsupported(p, TEXT_FORMATS)
    check_file(p)
    if fmt == "jsonl":
        gen = _jsonl(p, warn)
    elif fmt == "html":
        gen = _html(p)
    else:
        gen = _lines(p)
    return _decode_guard(p, gen)


def read_texts(path: str | os.PathLike, *, on_warning: Callable[[str], None] | None = None) -> Iterator[Document]:
    """Documents from a text, JSON Lines or HTML file, or every such file in a folder."""
    warn = on_warning or log.warning
    p = Path(path)
    if not p.exists():
        raise BadInput("no such file or folder", where=str(path))
    if not p.is_dir():
        yield from _one(p, warn)
        return
    from piguard.io.folder import walk

    files = walk(p, TEXT_FORMATS, warn)
    if not files:
        raise BadInput("holds no text files (.txt, .jsonl, .html ...)", where=str(path))
    for f in files:
        try:
            yield from _one(f, warn)
        except BadInput as e:
            # One unreadable file should not stop a folder scan.
            warn(str(e))
