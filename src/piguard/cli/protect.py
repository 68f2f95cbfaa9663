"""``piguard mask`` and ``piguard unmask``: a thin layer over
``piguard.protect.api``. A summary goes to stderr (JSON with ``--json`` on
stdout); the protected data only ever goes to ``--out``."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from piguard.errors import BadInput


def mask_command(
    path: Path = typer.Argument(..., help="Table (CSV/TSV, XLSX, Parquet, JSON Lines) or text file (.txt)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write the protected copy."),
    preset: Optional[str] = typer.Option(None, "--preset", "-p",
                                         help="display | waybill | pseudonymize | encrypt | encrypt-sm4 | anonymize"),
    policy: Optional[Path] = typer.Option(None, "--policy", help="A YAML policy (see docs/protect.md)."),
    key: Optional[str] = typer.Option(None, "--key", help="Data key name (default: the policy's, else 'default')."),
    db: Optional[str] = typer.Option(None, "--db", help="Key store database URL (default PIGUARD_DB / PIGUARD_HOME)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Write CSV/text in this encoding (default: the input's)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was done as JSON on stdout."),
) -> None:
    """Mask, pseudonymise, encrypt or anonymise personal information."""
    from piguard.protect.api import mask

    if not path.exists():
        raise BadInput("no such file", where=str(path))
    res = mask(path, out, preset=preset, policy=policy, key=key, db=db, encoding=encoding)
    summary = res.to_dict()
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        done = [c for c in summary["columns"] if c["operator"] != "keep"]
        msg = f"wrote {res.out} and {res.manifest_path}"
        if done:
            msg += "; " + ", ".join(f"{c['name']}: {c['operator']}" for c in done)
        if "spans" in summary:
            msg += f"; {summary['spans']} spans protected"
        if "anonymity" in summary:
            a = summary["anonymity"]
            msg += f"; k={a['k']} (target {a['k_target']}, {a['suppressed_rows']} rows suppressed)"
        print(msg, file=sys.stderr)


def unmask_command(
    path: Path = typer.Argument(..., help="A file piguard mask wrote."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write the restored copy."),
    purpose: Optional[str] = typer.Option(None, "--purpose", help="Why the data is restored (required, recorded)."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="The mask manifest (default: PATH.piguard.json)."),
    partial: bool = typer.Option(False, "--partial", help="Restore the reversible columns, leave the rest."),
    db: Optional[str] = typer.Option(None, "--db", help="Key store database URL."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Write in this encoding (default: the input's)."),
) -> None:
    """Restore what mask protected reversibly (fpe, encrypt, date_shift)."""
    from piguard.protect.api import unmask

    if not purpose or not purpose.strip():
        raise BadInput("unmask needs --purpose (why the data is restored); it is recorded")
    if not path.exists():
        raise BadInput("no such file", where=str(path))
    written = unmask(path, out, purpose=purpose, db=db, manifest=manifest, partial=partial, encoding=encoding)
    print(f"wrote {written}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("mask")(mask_command)
    app.command("unmask")(unmask_command)
