"""``piguard trace``: name the share a leaked file came from, or the actors
whose access explains a set of complaining customers.

JSON goes to stdout; ``--report FILE`` also writes the printable evidence
report (HTML). A verdict appears only below ``--alpha``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from piguard.errors import BadInput


def trace_command(
    leaked: Optional[Path] = typer.Argument(None, help="The leaked file: a table (CSV in GBK or UTF-8, XLSX...) or a text list."),
    fmt: str = typer.Option("json", "--format", "-f", help="json"),
    alpha: float = typer.Option(1e-6, "--alpha", help="Name a source only below this corrected p-value."),
    complaints: Optional[Path] = typer.Option(None, "--complaints", help="CSV of complaining customers (customer_id, complained_at)."),
    access_log: Optional[Path] = typer.Option(None, "--access-log", help="Access log (CSV or JSON Lines) for --complaints."),
    report: Optional[Path] = typer.Option(None, "--report", help="Also write a printable HTML evidence report here."),
    db: Optional[str] = typer.Option(None, "--db", help="Project database URL (default PIGUARD_DB or PIGUARD_HOME)."),
) -> None:
    """Trace a leak to its recipient (or complaints to the actors who explain them)."""
    if fmt != "json":
        raise BadInput(f"unknown format '{fmt}' (choose from json)")
    if complaints is not None or access_log is not None:
        if complaints is None or access_log is None:
            raise BadInput("--complaints and --access-log go together")
        if leaked is not None:
            raise BadInput("give either a LEAKED file or --complaints with --access-log, not both")
        from piguard.trace.complaints import trace_complaints_full

        result, details = trace_complaints_full(complaints, access_log, alpha=alpha)
        if report is not None:
            from piguard.trace.evidence import write_complaints_report

            write_complaints_report(report, result, details, complaints=complaints, access_log=access_log)
    else:
        if leaked is None:
            raise BadInput("give a LEAKED file, or --complaints with --access-log")
        from piguard.trace.accuse import trace_full

        result, details = trace_full(leaked, alpha=alpha, db=db)
        if report is not None:
            from piguard.trace.evidence import write_report

            write_report(report, result, details, leaked=leaked, alpha=alpha)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    app.command("trace")(trace_command)
