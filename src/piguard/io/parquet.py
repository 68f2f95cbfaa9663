"""Parquet through pyarrow, as all-string tables, written back in the original types.

Reading casts every column to ``string`` (integers as their digits, floats in
shortest exact form, timestamps as ISO text, binary as UTF-8 when it is
valid text else ``\\x``-prefixed hex, nested values as JSON). The original
Arrow schema is kept in ``source.details["arrow_schema"]``; the writer casts
each column back to its original type when every value still fits (a masked
phone number no longer fits an integer column, so that column stays text).

>>> import os, tempfile
>>> import pyarrow as pa, pyarrow.parquet as pq
>>> p = os.path.join(tempfile.mkdtemp(), "t.parquet")
>>> pq.write_table(pa.table({"id": [7, 8], "phone": ["+86 138", None]}), p)
>>> table, source = read_parquet(p)
>>> table.to_pylist()
[{'id': '7', 'phone': '+86 138'}, {'id': '8', 'phone': None}]
>>> _ = write_parquet(table, p, like=source); pq.read_table(p).schema.field("id").type
DataType(int64)
"""
from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from piguard.errors import BadInput
from piguard.io import limits
from piguard.io.atomic import atomic_path
from piguard.io.files import check_file
from piguard.io.source import BatchReader, LoadedTable, Source, string_schema, unique_names


def _open(path) -> pq.ParquetFile:
    p = check_file(path)
    try:
        return pq.ParquetFile(p)
    except (pa.ArrowException, OSError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise BadInput(f"is not a readable Parquet file ({first})", where=str(path)) from None


def to_text(array: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """An Arrow array of any type as strings (see the module doc).

    >>> to_text(pa.array([1, None, 30])).to_pylist()
    ['1', None, '30']
    """
    t = array.type
    if pa.types.is_string(t):
        return array
    if pa.types.is_large_string(t) or pa.types.is_string_view(t) or pa.types.is_dictionary(t):
        return pc.cast(array, pa.string())
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        values = [None if v is None else _bytes_text(v) for v in array.to_pylist()]
        return pa.array(values, pa.string())
    if pa.types.is_nested(t):
        values = [None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in array.to_pylist()]
        return pa.array(values, pa.string())
    try:
        return pc.cast(array, pa.string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return pa.array([None if v is None else str(v) for v in array.to_pylist()], pa.string())


def _bytes_text(v: bytes) -> str:
    try:
        return v.decode("utf-8")
    except UnicodeDecodeError:
        return "\\x" + v.hex()


def _as_text(batch: pa.RecordBatch, names: list[str]) -> pa.RecordBatch:
    arrays = [to_text(batch.column(i)) for i in range(batch.num_columns)]
    return pa.RecordBatch.from_arrays(arrays, schema=string_schema(names))


def open_parquet(path, *, limit: int | None = None) -> BatchReader:
    """Stream a Parquet file as all-string record batches."""
    pf = _open(path)
    schema = pf.schema_arrow
    headers = list(schema.names)
    source = Source(path=str(path), format="parquet", headers=headers, columns=unique_names(headers),
                    details={"arrow_schema": schema})
    total = pf.metadata.num_rows

    def batches():
        done = 0
        try:
            for batch in pf.iter_batches(batch_size=limits.BATCH_ROWS):
                if limit is not None and done + batch.num_rows >= limit:
                    batch = batch.slice(0, limit - done)
                    done += batch.num_rows
                    source.truncated = total > done
                    if batch.num_rows:
                        yield _as_text(batch, source.columns)
                    break
                done += batch.num_rows
                yield _as_text(batch, source.columns)
        except (pa.ArrowException, OSError) as e:
            raise BadInput(f"cannot read the Parquet data ({str(e).strip().splitlines()[0]})",
                           where=str(path)) from None
        finally:
            pf.close()
        source.rows = done

    return BatchReader(source, batches())


def read_parquet(path, *, limit: int | None = None) -> LoadedTable:
    """Read a Parquet file into an all-string table."""
    reader = open_parquet(path, limit=limit)
    return LoadedTable(reader.read_all(), reader.source)


def _restore(table: pa.Table, like: Source | None) -> pa.Table:
    """Cast columns back to the types ``like`` recorded, where the values fit."""
    schema = like.details.get("arrow_schema") if like is not None else None
    if schema is None:
        return table
    arrays, fields = [], []
    for name, column in zip(table.column_names, table.columns):
        original = like.header_for(name)
        idx = schema.get_field_index(original) if original in schema.names else -1
        target = schema.field(idx) if idx >= 0 else None
        if target is not None and pa.types.is_string(column.type) and not pa.types.is_string(target.type):
            try:
                column = pc.cast(column, target.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                pass
        arrays.append(column)
        fields.append(pa.field(original, column.type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(table: pa.Table, path, like: Source | None = None) -> Source:
    """Write ``table`` as Parquet (original types restored where they fit)."""
    out = _restore(table, like)
    with atomic_path(path) as tmp:
        pq.write_table(out, tmp)
    headers = out.column_names
    return Source(path=str(path), format="parquet", headers=headers, columns=unique_names(headers),
                  rows=out.num_rows, details={"arrow_schema": out.schema})


class ParquetWriter:
    """Write record batches to Parquet; atomic on close."""

    def __init__(self, path, columns: list[str], like: Source | None = None):
        self.path = str(path)
        self.like = like
        self._ctx = atomic_path(path)
        self._tmp = self._ctx.__enter__()
        self._writer = None
        self.rows = 0

    def write(self, data: pa.Table | pa.RecordBatch) -> None:
        table = data if isinstance(data, pa.Table) else pa.Table.from_batches([data])
        table = _restore(table, self.like)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self._tmp, table.schema)
        else:
            try:
                table = table.cast(self._writer.schema)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                raise BadInput("a later batch no longer fits the column types of the first one; "
                               "write the whole table with write_table instead", where=self.path) from None
        self._writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> Source:
        if self._writer is None:
            raise BadInput("nothing was written", where=self.path)
        schema = self._writer.schema
        self._writer.close()
        self._ctx.__exit__(None, None, None)
        return Source(path=self.path, format="parquet", headers=list(schema.names),
                      columns=unique_names(list(schema.names)), rows=self.rows, details={"arrow_schema": schema})

    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            self.close()
        else:
            if self._writer is not None:
                self._writer.close()
            self._ctx.__exit__(et, ev, tb)
        return False
