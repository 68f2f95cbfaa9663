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
    from piguard.detect.engine import detect

    if fmt not in FORMATS:
        raise BadInput(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if (text is None) == (infile is None):
        raise BadInput("give either TEXT or --in FILE")
    wanted = None
    if entities:
        from piguard import entities as registry

        wanted = [registry.get(e.strip()).NAME for e in entities.split(",") if e.strip()]
    results = []
    for doc_id, body in _documents(text, infile):
        spans = detect(body, entities=wanted, min_score=min_score)
        results.append({"id": doc_id, "entities": [s.to_dict(explain=explain) for s in spans]})
    if fmt == "table" and out is None:
        _print_table(results)
        return
    if fmt == "json":
        body = json.dumps(results, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    else:
        body = _table_text(results)
    if out is None:
        sys.stdout.write(body)
        return
    from piguard.io.atomic import atomic_write

    with atomic_write(out, "w", encoding="utf-8") as f:
        f.write(body)


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
