"""Database tables through SQLAlchemy: SQLite, and a real PostgreSQL server."""
from __future__ import annotations

import datetime as dt
import decimal

import pytest
from sqlalchemy import create_engine, text

from piguard.errors import BadInput, UnknownName
from piguard.io import iter_db_batches, list_db_tables, read_db_table

ROWS = [
    {"id": 1, "姓名": "张三", "手机": "+86 13800138000", "编号": "007", "金额": decimal.Decimal("12.50"),
     "生日": dt.date(1990, 1, 2)},
    {"id": 2, "姓名": "李四", "手机": "013800138000", "编号": None, "金额": decimal.Decimal("0.10"),
     "生日": None},
    {"id": 3, "姓名": "ＡＢＣ", "手机": "", "编号": "12345678901234567890", "金额": None, "生日": None},
]
EXPECTED = [
    {"id": "1", "姓名": "张三", "手机": "+86 13800138000", "编号": "007", "金额": "12.50", "生日": "1990-01-02"},
    {"id": "2", "姓名": "李四", "手机": "013800138000", "编号": None, "金额": "0.10", "生日": None},
    {"id": "3", "姓名": "ＡＢＣ", "手机": "", "编号": "12345678901234567890", "金额": None, "生日": None},
]


def fill(url):
    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text('create table "客户" (id integer primary key, "姓名" text, "手机" text, "编号" text, '
                          '"金额" numeric(10, 2), "生日" date)'))
        conn.execute(text('create table "empty" (a text)'))
        rows = ROWS
        if url.startswith("sqlite"):
            # The sqlite3 driver binds neither Decimal nor date.
            rows = [{k: str(v) if isinstance(v, (decimal.Decimal, dt.date)) else v for k, v in r.items()}
                    for r in ROWS]
        conn.execute(text('insert into "客户" values (:id, :姓名, :手机, :编号, :金额, :生日)'), rows)
    eng.dispose()


def check(url):
    assert list_db_tables(url) == sorted(["empty", "客户"])
    table, source = read_db_table(url, "客户")
    rows = sorted(table.to_pylist(), key=lambda r: r["id"])
    assert rows == EXPECTED
    assert source.format == "db" and source.table == "客户" and source.headers == list(EXPECTED[0])
    assert not source.truncated and source.rows == 3
    sample, source = read_db_table(url, "客户", limit=2)
    assert sample.num_rows == 2 and source.truncated
    empty, _ = read_db_table(url, "empty")
    assert empty.num_rows == 0 and empty.column_names == ["a"]
    assert sum(b.num_rows for b in iter_db_batches(url, "客户", limit=None)) == 3
    with pytest.raises(UnknownName, match="Did you mean '客户'"):
        read_db_table(url, "客户s")


def test_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'crm.db'}"
    fill(url)
    check(url)


def test_sqlite_missing_file_is_bad_input(tmp_path):
    with pytest.raises(BadInput, match="no such SQLite database file"):
        list_db_tables(f"sqlite:///{tmp_path}/typo.db")
    assert not (tmp_path / "typo.db").exists()


@pytest.mark.postgres
def test_postgres(postgres_url):
    fill(postgres_url)
    check(postgres_url)
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    assert "客户" in list_db_tables(plain)


@pytest.mark.postgres
def test_postgres_bad_database_hides_password(postgres_url):
    url = postgres_url.replace("piguard@", "piguard:hunter2@").rsplit("/", 1)[0] + "/no_such_db"
    with pytest.raises(BadInput) as info:
        list_db_tables(url)
    assert "hunter2" not in str(info.value) and "no_such_db" in str(info.value)
