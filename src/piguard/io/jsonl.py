"""JSON Lines of objects, as all-string tables, written back in the same style.

Each line holds one object; the columns are the keys in first-seen order.
Values become text without being re-formatted: a string as is, a number as
its literal text (``0.10`` stays ``0.10``, a 20-digit number keeps every
digit), ``true``/``false`` as those words, a nested object or array as
compact JSON, ``null`` and missing keys as null. Lines that are not JSON
objects are skipped with a warning naming their line numbers; blank lines
are ignored.

The writer writes numbers, booleans and nested values back unquoted in
columns that held them (when the value still is one), omits keys the input
left out, and reuses the input's separators (``", "``/``": "`` or compact) and
whether it escaped non-ASCII text.

>>> import os, tempfile
>>> p = os.path.join(tempfile.mkdtemp(), "t.jsonl")
>>> _ = open(p, "w", encoding="utf-8").write('{"id": 7, "phone": "+86 138", "amt": 0.10}\\n{"id": 8, "ok": true}\\n')
>>> table, source = read_jsonl(p)
>>> table.to_pylist()
[{'id': '7', 'phone': '+86 138', 'amt': '0.10', 'ok': None}, {'id': '8', 'phone': None, 'amt': None, 'ok': 'true'}]
>>> out = write_jsonl(table, p + ".out", like=source); open(p + ".out").read() == open(p).read()
True
"""
from __future__ import annotations

import json
import re

import pyarrow as pa

from piguard.errors import BadInput
from piguard.io import limits
from piguard.io.atomic import atomic_write
from piguard.io.encoding import detect_encoding, reject_binary
from piguard.io.files import bounded_lines, check_file
from piguard.io.source import BatchReader, LoadedTable, Source, numbers_note, string_schema, unique_names

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _encoding(p, where) -> tuple[str, bool]:
    with open(p, "rb") as f:
        head = f.read(limits.SAMPLE_BYTES)
    reject_binary(head, where)
    return detect_encoding(head, final=len(head) == p.stat().st_size, where=where)


def _value(v, kinds: set):
    if v is None:
        kinds.add("null")
        return None
    if isinstance(v, _Num):
        kinds.add("number")
        return str(v)
    if isinstance(v, str):
        kinds.add("string")
        return v
    if isinstance(v, bool):
        kinds.add("bool")
        return "true" if v else "false"
    kinds.add("json")
    return json.dumps(_plain(v), ensure_ascii=False, separators=(",", ":"))


class _Num(str):
    """A number's literal text, told apart from a string value."""


def _plain(v):
    # Nested numbers were kept as literal text; turn them back into numbers.
    if isinstance(v, _Num):
        return json.loads(v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _parse(line: str):
    return json.loads(line, parse_int=_Num, parse_float=_Num, parse_constant=_Num)


def _records(p, encoding, where, bad: list):
    """``(line number, object)`` for every object line."""
    with open(p, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="") as f:
        for number, line in enumerate(bounded_lines(f, where), 1):
            if not line.strip():
                continue
            try:
                obj = _parse(line)
            except ValueError:
                bad.append(number)
                continue
            if not isinstance(obj, dict):
                bad.append(number)
                continue
            yield number, obj


def _style(p, encoding) -> dict:
    with open(p, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="") as f:
        first = f.readline(1 << 16)
    spaced = bool(re.search(r'"\s*:\s', first)) or bool(re.search(r'[^\\]",\s"', first))
    escaped = "\\u" in first and first.isascii()
    newline = "\r\n" if first.endswith("\r\n") else "\n"
    return {"spaced": spaced, "ascii": escaped, "newline": newline}


def open_jsonl(path, *, limit: int | None = None) -> BatchReader:
    """Stream a JSON Lines file of objects as all-string record batches.

    The column set is learnt by a first pass over the file (or the first
    ``limit`` objects), so every batch has the same schema.
    """
    p = check_file(path)
    where = str(path)
    encoding, bom = _encoding(p, where)
    keys: dict[str, None] = {}
    missing_seen: set[str] = set()
    count = 0
    for _, obj in _records(p, encoding, where, []):
        for k in obj:
            keys.setdefault(k, None)
        count += 1
        if limit is not None and count >= limit:
            break
    if not keys:
        raise BadInput("holds no JSON objects (one object per line expected)", where=where)
    headers = list(keys)
    source = Source(path=where, format="jsonl", headers=headers, columns=unique_names(headers), encoding=encoding,
                    bom=bom, details={"json_style": _style(p, encoding)})
    schema = string_schema(source.columns)

    def batches():
        kinds = {k: set() for k in headers}
        bad: list[int] = []
        rows, done = [], 0
        index = {k: i for i, k in enumerate(headers)}
        for _, obj in _records(p, encoding, where, bad):
            if limit is not None and done >= limit:
                source.truncated = True
                break
            row = [None] * len(headers)
            for k, v in obj.items():
                i = index.get(k)
                if i is not None:
                    row[i] = _value(v, kinds[k])
            if len(obj) < len(headers):
                missing_seen.update(k for k in headers if k not in obj)
            rows.append(row)
            done += 1
            if len(rows) >= limits.BATCH_ROWS:
                yield _batch(rows, schema)
                rows = []
        if rows or not done:
            yield _batch(rows, schema)
        source.rows = done
        for k in missing_seen:
            kinds[k].add("missing")
        source.details["json_kinds"] = {k: sorted(v) for k, v in kinds.items()}
        if bad:
            source.warn(numbers_note("lines", bad) + " are not JSON objects and were skipped")

    return BatchReader(source, batches())


def _batch(rows, schema):
    cols = list(zip(*rows)) if rows else [()] * len(schema)
    return pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in cols], schema=schema)


def read_jsonl(path, *, limit: int | None = None) -> LoadedTable:
    """Read a JSON Lines file of objects into an all-string table."""
    reader = open_jsonl(path, limit=limit)
    return LoadedTable(reader.read_all(), reader.source)


class JsonlWriter:
    """Write record batches as JSON Lines shaped like a source; atomic."""

    def __init__(self, path, headers: list[str], like: Source | None = None, encoding: str | None = None):
        like_json = like if like is not None and like.format == "jsonl" else None
        style = (like_json.details.get("json_style") if like_json else None) or {}
        self.kinds = (like_json.details.get("json_kinds") if like_json else None) or {}
        self.path = str(path)
        self.headers = list(headers)
        self.encoding = encoding or (like_json.encoding if like_json and like_json.encoding else "utf-8")
        self.bom = bool(like_json and like_json.bom and self.encoding == "utf-8")
        self.sep = (", ", ": ") if style.get("spaced") else (",", ":")
        self.ascii = bool(style.get("ascii"))
        self.newline = style.get("newline", "\n")
        self.rows = 0
        self._keys = [json.dumps(h, ensure_ascii=self.ascii) for h in self.headers]
        self._ctx = atomic_write(path, "w", encoding="utf-8-sig" if self.bom else self.encoding, newline="")
        self._f = self._ctx.__enter__()

    def _literal(self, header: str, value: str) -> str | None:
        kinds = self.kinds.get(header, ())
        if "number" in kinds and _NUMBER.fullmatch(value):
            return value
        if "bool" in kinds and value in ("true", "false"):
            return value
        if "json" in kinds and value[:1] in "[{":
            try:
                return json.dumps(json.loads(value), ensure_ascii=self.ascii, separators=self.sep)
            except ValueError:
                return None
        return None

    def write(self, data: pa.Table | pa.RecordBatch) -> None:
        columns = [data.column(i).to_pylist() for i in range(data.num_columns)]
        omit = [("missing" in self.kinds.get(h, ())) and ("null" not in self.kinds.get(h, ())) for h in self.headers]
        item_sep, key_sep = self.sep
        lines = []
        for row in zip(*columns):
            parts = []
            for i, value in enumerate(row):
                if value is None:
                    if omit[i]:
                        continue
                    text = "null"
                elif not isinstance(value, str):
                    text = json.dumps(value, ensure_ascii=self.ascii, default=str)
                else:
                    text = self._literal(self.headers[i], value) or json.dumps(value, ensure_ascii=self.ascii)
                parts.append(self._keys[i] + key_sep + text)
            lines.append("{" + item_sep.join(parts) + "}" + self.newline)
        try:
            self._f.write("".join(lines))
        except UnicodeEncodeError as e:
            raise BadInput(f"a value cannot be written in {self.encoding}: {e.object[e.start]!r}",
                           where=self.path) from None
        self.rows += len(lines)

    def close(self) -> Source:
        if self._f is not None:
            self._f = None
            self._ctx.__exit__(None, None, None)
        return Source(path=self.path, format="jsonl", headers=self.headers, columns=unique_names(self.headers),
                      encoding=self.encoding, bom=self.bom, rows=self.rows)

    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            self.close()
        elif self._f is not None:
            self._f = None
            self._ctx.__exit__(et, ev, tb)
        return False


def jsonl_writer(path, columns: list[str], like: Source | None = None, *, encoding: str | None = None) -> JsonlWriter:
    headers = [like.header_for(c) if like is not None else c for c in columns]
    return JsonlWriter(path, headers, like, encoding=encoding)


def write_jsonl(table: pa.Table, path, like: Source | None = None, *, encoding: str | None = None) -> Source:
    """Write ``table`` as JSON Lines shaped like ``like``; returns its Source."""
    with jsonl_writer(path, table.column_names, like, encoding=encoding) as writer:
        for batch in table.to_batches(max_chunksize=limits.BATCH_ROWS):
            writer.write(batch)
    return writer.close()  # already closed by the block; returns the Source
