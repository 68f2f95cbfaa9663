"""The ``piguard`` console command: a thin typer app over the Python API.

Each command group lives in its own module under ``piguard.cli`` and exposes
``register(app)``. Errors a user caused (``BadInput``, validation errors,
missing files) print one line on stderr and exit with code 2.
"""
from __future__ import annotations

import importlib
import os
import sys

import typer

from piguard.errors import PiguardError

app = typer.Typer(
    name="piguard",
    help="Find, protect, share and trace Chinese personal information.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

@app.callback()
def main() -> None:
    """Find, protect, share and trace Chinese personal information.

    State lives in one database: --db URL or env PIGUARD_DB; default SQLite
    under ~/.piguard (env PIGUARD_HOME).
    """


@app.command("version")
def version() -> None:
    """Print the piguard version."""
    from piguard import __version__

    print(__version__)


# Command modules, each with register(app).
COMMANDS = ("scan", "detect", "protect", "keys", "share", "trace")


def _register() -> None:
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"piguard.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"piguard.cli.{name}":
                continue  # command group not built yet
            raise
        mod.register(app)


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print a one-line error on stderr and return the Exit to raise."""
    line = " ".join(str(message).split())
    print(f"piguard: error: {line}", file=sys.stderr)
    return typer.Exit(code)


def run() -> None:
    """Console entry point."""
    _register()
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except PiguardError as e:
        raise SystemExit(_one_line(e))
    except (FileNotFoundError, IsADirectoryError, PermissionError, NotADirectoryError) as e:
        raise SystemExit(_one_line(f"{e.strerror}: {e.filename}"))
    except UnicodeDecodeError as e:
        raise SystemExit(_one_line(f"cannot decode input: {e.reason}"))
    except KeyboardInterrupt:
        raise SystemExit(130)
    except BrokenPipeError:
        os._exit(0)
    except MemoryError:
        raise SystemExit(_one_line("out of memory"))


def _one_line(msg) -> int:
    print("piguard: error: " + " ".join(str(msg).split()), file=sys.stderr)
    return 2


if __name__ == "__main__":
    run()
