"""``piguard scan``: classify the columns of tables and count their records.

JSON goes to stdout (or ``--out``, written atomically); the progress bar
goes to stderr, and only when stderr is a terminal.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from piguard.errors import BadInput


def _progress_bar(quiet: bool):
    """A rich progress bar on stderr, or None when it would only be noise."""
    if quiet or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)


def scan_command(
    paths: Optional[List[Path]] = typer.Argument(None, help="Table files (CSV/TSV, XLSX, Parquet, JSON Lines) or folders."),
    fmt: str = typer.Option("json", "--format", "-f", help="json | jsonl | table | html"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write here (atomically) instead of stdout."),
    sample: int = typer.Option(1000, "--sample", min=1, help="Non-empty cells per column the classifier reads."),
    entities: Optional[str] = typer.Option(None, "--entities", help="Only these types, comma-separated."),
    db_url: Optional[str] = typer.Option(None, "--db-url", help="Scan a database (SQLAlchemy URL) instead of files."),
    tables: Optional[List[str]] = typer.Option(None, "--table", help="Database table to scan (repeatable; default all)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Find the columns that hold personal information, and count the records."""
    from piguard.scan import scan, scan_db
    from piguard.report.render import FORMATS, print_tables, render

    if fmt not in FORMATS:
        raise BadInput(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if not paths and not db_url:
        raise BadInput("give a PATH to scan or --db-url URL")
    for p in paths or ():
        if not p.exists():
            raise BadInput("no such file or folder", where=str(p))
    bar = _progress_bar(quiet)
    reports = []
    many = bool(db_url) or len(paths or ()) > 1
    with (bar if bar is not None else _Nothing()):
        task = bar.add_task("scan", total=None) if bar is not None else None

        def progress(stage: str, done: int, total: int) -> None:
            if bar is not None:
                bar.update(task, completed=done, total=total)

        for p in paths or ():
            if bar is not None:
                bar.update(task, description=f"scan {p.name}", completed=0)
            got = scan(p, sample=sample, entities=entities, progress=progress, on_warning=_warn)
            if isinstance(got, list):
                many = True
                reports.extend(got)
            else:
                reports.append(got)
        if db_url:
            reports.extend(scan_db(db_url, tables or None, sample, entities=entities, progress=progress))
    if fmt == "table" and out is None:
        from rich.console import Console

        # Piped output keeps rows whole rather than folding at 80 columns.
        print_tables(reports, Console() if sys.stdout.isatty() else Console(width=200))
        return
    text = render(reports, fmt, many=many)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from piguard.io.atomic import atomic_write

    with atomic_write(out, "w", encoding="utf-8") as f:
        f.write(text)


def _warn(message: str) -> None:
    print("piguard: warning: " + " ".join(str(message).split()), file=sys.stderr)


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def register(app: typer.Typer) -> None:
    app.command("scan")(scan_command)
