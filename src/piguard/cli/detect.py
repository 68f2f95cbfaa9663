"""``piguard detect``: find personal information in free text.

One JSON object per document on stdout::

    {"id": "d1", "entities": [{"start": 3, "end": 6, "entity": "PERSON_NAME", "score": 0.91, "text": "张三丰"}]}
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator, Optional

import typer

from piguard.errors import BadInput

FORMATS = ("jsonl", "json", "table")


def _documents(text: Optional[str], infile: Optional[Path]) -> Iterator[tuple[str, str]]:
    """(id, text) pairs from the argument, or from a file or folder read by
    :func:`piguard.io.text.read_texts` (JSON Lines ``{"id", "text"}``, text
    files one document per line, HTML pages)."""
    if text is not None:
        yield "0", text
        return
    from piguard.io.text import read_texts

    for doc in read_texts(infile, on_warning=_warn):
        yield str(doc.id), doc.text


def _warn(message: str) -> None:
    print("piguard: warning: " + " ".join(str(message).split()), file=sys.stderr)


def detect_command(
    text: Optional[str] = typer.Argument(None, help="The text to look at (or use --in)."),
    infile: Optional[Path] = typer.Option(None, "--in", help="JSON Lines {id, text}, a text file (one document per line), HTML, or a folder."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | json | table"),
    entities: Optional[str] = typer.Option(None, "--entities", help="Only these types, comma-separated."),
    explain: bool = typer.Option(False, "--explain", help="Add why each span was found."),
    min_score: float = typer.Option(0.5, "--min-score", min=0.0, max=1.0, help="Drop spans scoring below this."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write here (atomically) instead of stdout."),
) -> None:
    """Find personal information in text; one JSON line per document."""
    from piguard.detect.engine import detect_many

    if fmt not in FORMATS:
        raise BadInput(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if (text is None) == (infile is None):
        raise BadInput("give either TEXT or --in FILE")
    wanted = None
    if entities:
        from piguard import entities as registry

        wanted = [registry.get(e.strip()).NAME for e in entities.split(",") if e.strip()]
    docs = list(_documents(text, infile)) if fmt != "jsonl" else None
    pairs = iter(docs) if docs is not None else _documents(text, infile)
    ids: list[str] = []

    def bodies():
        for doc_id, body in pairs:
            ids.append(doc_id)
            yield body

    def results():
        # detect_many batches documents for the name model; ids are read in step.
        for i, spans in enumerate(detect_many(bodies(), entities=wanted, min_score=min_score)):
            yield {"id": ids[i], "entities": [s.to_dict(explain=explain) for s in spans]}

    if fmt == "jsonl":
        # Streamed: one line per document as soon as its batch is done.
        lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in results())
        _emit(lines, out)
        return
    collected = list(results())
    if fmt == "table" and out is None:
        _print_table(collected)
        return
    body = json.dumps(collected, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else _table_text(collected)
    _emit([body], out)


def _emit(chunks, out: Optional[Path]) -> None:
    """Write chunks to stdout, or atomically to ``out``."""
    if out is None:
        for c in chunks:
            sys.stdout.write(c)
        return
    from piguard.io.atomic import atomic_write

    with atomic_write(out, "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(c)


def _table(results):
    from rich.table import Table

    t = Table()
    for head in ("id", "start", "end", "entity", "score", "text"):
        t.add_column(head)
    for r in results:
        for s in r["entities"]:
            t.add_row(r["id"], str(s["start"]), str(s["end"]), s["entity"], f"{s['score']:.2f}", s["text"])
    return t


def _print_table(results) -> None:
    from rich.console import Console

    Console(width=None if sys.stdout.isatty() else 200).print(_table(results))


def _table_text(results) -> str:
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(_table(results))
    return console.file.getvalue()


def register(app: typer.Typer) -> None:
    app.command("detect")(detect_command)
