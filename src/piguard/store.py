"""The one project database: keys, share ledger, vault data, audit log.

The URL comes from ``--db URL``, else env ``PIGUARD_DB``, else an embedded
SQLite file ``piguard.db`` under ``PIGUARD_HOME`` (default ``~/.piguard``).
PostgreSQL URLs (``postgresql+psycopg://...``) work the same. The schema is
kept by Alembic migrations (``piguard/migrations``), applied on first use.

>>> import tempfile, os
>>> os.environ["PIGUARD_HOME"] = tempfile.mkdtemp()
>>> url = database_url(); url.startswith("sqlite:///") and url.endswith("piguard.db")
True
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from piguard.errors import BadInput


class Base(DeclarativeBase):
    """Declarative base of every table the project stores."""


def home() -> Path:
    """The state folder (``PIGUARD_HOME`` or ``~/.piguard``), created 0700."""
    p = Path(os.environ.get("PIGUARD_HOME") or Path.home() / ".piguard").expanduser()
    p.mkdir(parents=True, exist_ok=True, mode=0o700)
    return p


def database_url(url: str | None = None) -> str:
    url = url or os.environ.get("PIGUARD_DB")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return f"sqlite:///{home() / 'piguard.db'}"


_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (see module doc), migrated to the latest schema."""
    url = database_url(url)
    with _lock:
        eng = _engines.get(url)
        if eng is None:
            try:
                eng = create_engine(url, future=True, pool_pre_ping=True)
            except Exception as e:  # bad URL, missing driver
                raise BadInput(f"cannot open database: {type(e).__name__}: {_safe(e)}") from None
            if eng.dialect.name == "sqlite":
                event.listen(eng, "connect", _sqlite_pragmas)
            migrate(eng)
            _engines[url] = eng
    return eng


def session(url: str | None = None) -> Session:
    """A new ORM session on the project database."""
    return sessionmaker(engine(url), expire_on_commit=False)()


def migrate(eng: Engine) -> None:
    """Bring the schema to the latest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    try:
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as e:
        raise BadInput(f"cannot open database: {type(e).__name__}: {_safe(e)}") from None


def _safe(e: Exception) -> str:
    """An error message with any password in a URL removed."""
    import re

    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", str(e).splitlines()[0] if str(e) else "")


def reset_engines() -> None:
    """Forget cached engines (tests switch databases)."""
    with _lock:
        for e in _engines.values():
            e.dispose()
        _engines.clear()
