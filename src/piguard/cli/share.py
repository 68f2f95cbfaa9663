"""``piguard share``: write a recipient's fingerprinted copy and record it.

The receipt (share id, rows, canaries, marks, key id) is printed as JSON on
stdout; the copy goes to ``--out`` in the input's format and encoding.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer


def share_command(
    path: Path = typer.Argument(..., help="The table to share (CSV/TSV, XLSX, Parquet, JSON Lines)."),
    recipient: str = typer.Option(..., "--recipient", "-r", help="Who receives this copy."),
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the recipient's copy."),
    purpose: Optional[str] = typer.Option(None, "--purpose", help="Why it is shared (recorded in the ledger)."),
    db: Optional[str] = typer.Option(None, "--db", help="Project database URL (default PIGUARD_DB or PIGUARD_HOME)."),
) -> None:
    """Release a fingerprinted copy of a table to one recipient."""
    from piguard.trace.share import share

    receipt = share(path, recipient, out, purpose=purpose, db=db)
    sys.stdout.write(json.dumps(receipt.to_dict(), ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    app.command("share")(share_command)
