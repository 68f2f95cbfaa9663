"""Tables in databases, through SQLAlchemy URLs (SQLite, PostgreSQL, ...).

``piguard.io`` exports these as ``list_db_tables``, ``read_db_table``,
``iter_db_batches`` and ``iter_db_tables``.

``postgresql://`` and ``postgres://`` URLs use psycopg 3. A sample is the
first ``limit`` rows in the table's stored order (cheap on any size of
table; ``ORDER BY random()`` would scan it all). Values become text:
numbers and decimals as their exact digits, dates as ISO 8601, booleans as
``true``/``false``, binary as ``\\x`` hex, JSON as compact JSON; NULL stays
null. Errors never show the password: the URL is printed with ``***``.

>>> import os, sqlite3, tempfile
>>> db = os.path.join(tempfile.mkdtemp(), "t.db")
>>> con = sqlite3.connect(db); _ = con.execute("create table 客户 (手机 text, 编号 integer)")
>>> _ = con.execute("insert into 客户 values ('+86 138', 7)"); con.commit(); con.close()
>>> list_tables(f"sqlite:///{db}")
['客户']
>>> table, source = read_table(f"sqlite:///{db}", "客户")
>>> table.to_pylist(), source.format, source.table
([{'手机': '+86 138', '编号': '7'}], 'db', '客户')
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from typing import Iterator

import pyarrow as pa

from piguard.errors import BadInput
from piguard.io import limits
from piguard.io.source import BatchReader, LoadedTable, Source, string_schema, unique_names

SAMPLE_ROWS = 1000


def normalize_url(url: str) -> str:
    """The SQLAlchemy URL to use: ``postgresql://`` maps to psycopg 3.

    >>> normalize_url("postgresql://u:p@h/db")
    'postgresql+psycopg://u:p@h/db'
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages.

    >>> redact("postgresql+psycopg://app:s3cret@db.example:5432/crm")
    'postgresql+psycopg://app:***@db.example:5432/crm'
    """
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<database URL>"


def _secret(url: str) -> str | None:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).password
    except Exception:
        return None


def _reason(e: Exception, url: str) -> str:
    """A one-line cause without the password, whatever the driver said."""
    text = str(getattr(e, "orig", None) or e).strip().splitlines()
    line = text[0] if text else type(e).__name__
    secret = _secret(url)
    if secret:
        line = line.replace(secret, "***")
    return line[:300]


def _engine(url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    if not isinstance(url, str) or "://" not in url:
        raise BadInput("not a database URL (expected e.g. postgresql://user@host/db or sqlite:///file.db)")
    url = normalize_url(url)
    _check_sqlite_file(url)
    try:
        return create_engine(url, pool_pre_ping=False)
    except (ArgumentError, NoSuchModuleError, ValueError, ImportError) as e:
        raise BadInput(f"bad database URL {redact(url)}: {_reason(e, url)}") from None


def _check_sqlite_file(url: str) -> None:
    """Reading must not create an empty SQLite file for a mistyped path."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return  # create_engine reports it
    db = parsed.database
    if parsed.get_backend_name() == "sqlite" and db and db != ":memory:" and not db.startswith("file:"):
        from pathlib import Path

        if not Path(db).is_file():
            raise BadInput("no such SQLite database file", where=db)


def _connect(url: str):
    from sqlalchemy.exc import SQLAlchemyError

    eng = _engine(url)
    try:
        conn = eng.connect()
    except SQLAlchemyError as e:
        eng.dispose()
        raise BadInput(f"cannot connect to {redact(normalize_url(url))}: "
                       f"{_reason(e, normalize_url(url))}") from None
    return eng, conn


def list_tables(url: str, *, schema: str | None = None) -> list[str]:
    """The table names in a database (one schema; default: the default one)."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    eng, conn = _connect(url)
    try:
        return sorted(inspect(conn).get_table_names(schema=schema))
    except SQLAlchemyError as e:
        raise BadInput(f"cannot list tables of {redact(normalize_url(url))}: {_reason(e, url)}") from None
    finally:
        conn.close()
        eng.dispose()


def db_text(value) -> str | None:
    """A database value as text.

    >>> db_text(decimal.Decimal("12.50")), db_text(b"\\x01\\xff"), db_text(dt.date(2024, 5, 1)), db_text(True)
    ('12.50', '\\\\x01ff', '2024-05-01', 'true')
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return str(value)


def _reflect(conn, table: str, schema: str | None, url: str):
    from sqlalchemy import MetaData, Table, inspect
    from sqlalchemy.exc import NoSuchTableError, SQLAlchemyError

    try:
        return Table(table, MetaData(), schema=schema, autoload_with=conn)
    except NoSuchTableError:
        if schema is None and "." in table:
            owner, _, name = table.partition(".")
            return _reflect(conn, name, owner, url)
        known = inspect(conn).get_table_names(schema=schema)
        from piguard.errors import UnknownName

        raise UnknownName("table", table, known) from None
    except SQLAlchemyError as e:
        raise BadInput(f"cannot read table '{table}' of {redact(normalize_url(url))}: {_reason(e, url)}") from None


def iter_batches(url: str, table: str, *, limit: int | None = SAMPLE_ROWS,
                    schema: str | None = None) -> BatchReader:
    """Stream a database table (its first ``limit`` rows; None: all) as
    all-string record batches; the server streams them too."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    eng, conn = _connect(url)
    try:
        t = _reflect(conn, table, schema, url)
    except BaseException:
        conn.close()
        eng.dispose()
        raise
    headers = [c.name for c in t.columns]
    source = Source(path=redact(normalize_url(url)), format="db", headers=headers, columns=unique_names(headers),
                    table=t.fullname)
    out_schema = string_schema(source.columns)

    def batches() -> Iterator[pa.RecordBatch]:
        done = 0
        try:
            query = select(t)
            if limit is not None:
                query = query.limit(limit + 1)
            result = conn.execution_options(stream_results=True, yield_per=limits.BATCH_ROWS).execute(query)
            for part in result.partitions(limits.BATCH_ROWS):
                rows = [[db_text(v) for v in row] for row in part]
                if limit is not None and done + len(rows) > limit:
                    rows = rows[: limit - done]
                    source.truncated = True
                done += len(rows)
                if rows:
                    cols = list(zip(*rows))
                    yield pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in cols], schema=out_schema)
            source.rows = done
        except SQLAlchemyError as e:
            raise BadInput(f"cannot read table '{table}' of {source.path}: {_reason(e, url)}") from None
        finally:
            conn.close()
            eng.dispose()

    return BatchReader(source, batches())


def read_table(url: str, table: str, *, limit: int | None = SAMPLE_ROWS,
                  schema: str | None = None) -> LoadedTable:
    """The first ``limit`` rows of a database table as an all-string table."""
    reader = iter_batches(url, table, limit=limit, schema=schema)
    return LoadedTable(reader.read_all(), reader.source)


def iter_tables(url: str, tables: list[str] | None = None, *, limit: int | None = SAMPLE_ROWS,
                   schema: str | None = None) -> Iterator[LoadedTable]:
    """A sample of every table (or of ``tables``) in a database."""
    for name in tables or list_tables(url, schema=schema):
        yield read_table(url, name, limit=limit, schema=schema)
