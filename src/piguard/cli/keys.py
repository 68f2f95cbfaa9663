"""``piguard key create|list|rotate``: data keys wrapped by the master key.
Key material is never printed; ``list`` shows ids, names, versions, states."""
from __future__ import annotations

import json
from typing import Optional

import typer

key_app = typer.Typer(help="Create, list and rotate data keys (wrapped by PIGUARD_KEY or the master key file).",
                      no_args_is_help=True)


@key_app.command("create")
def create(name: str = typer.Argument("default", help="Key name."),
           db: Optional[str] = typer.Option(None, "--db", help="Key store database URL.")) -> None:
    """Create a data key (version 1)."""
    from piguard.protect.keys import create_key

    print(json.dumps(create_key(name, db).as_dict(), ensure_ascii=False))


@key_app.command("list")
def list_(db: Optional[str] = typer.Option(None, "--db", help="Key store database URL."),
          fmt: str = typer.Option("json", "--format", "-f", help="json | table")) -> None:
    """List key versions (never their material)."""
    from piguard.protect.keys import list_keys

    rows = [k.as_dict() for k in list_keys(db)]
    if fmt == "table":
        for r in rows:
            print(f"{r['kid']}\t{r['name']}\tv{r['version']}\t{r['state']}\t{r['created_at']}")
    else:
        print(json.dumps(rows, ensure_ascii=False))


@key_app.command("rotate")
def rotate(name: str = typer.Argument("default", help="Key name."),
           db: Optional[str] = typer.Option(None, "--db", help="Key store database URL.")) -> None:
    """Add a new active version; older versions keep decrypting what they protected."""
    from piguard.protect.keys import rotate_key

    print(json.dumps(rotate_key(name, db).as_dict(), ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.add_typer(key_app, name="key")
