"""XLSX workbooks through openpyxl (read-only streaming, write-only writing).

A sheet's first row is the header; every cell becomes text the way Excel
shows it: whole numbers without ``.0`` (``13800138000``), a number whose
format is all zeros padded to it (format ``000000`` shows 123 as
``000123``), other numbers in Python's shortest exact form, booleans as
``TRUE``/``FALSE``, dates as ISO 8601 (``2024-05-01``, or
``2024-05-01 08:30:00`` with a time). Text cells are kept as they are.
Trailing empty rows and columns are dropped; empty rows in between are kept.
Numbers of 16 or more digits were already rounded by Excel; a warning says so.

Written workbooks hold every value as a text cell, so leading zeros and long
digit strings survive, and a value starting with ``=`` stays text, never a
formula.

>>> import os, tempfile
>>> import pyarrow as pa
>>> p = os.path.join(tempfile.mkdtemp(), "t.xlsx")
>>> _ = write_xlsx(pa.table({"编号": ["007", None], "公式": ["=1+1", "x"]}), p)
>>> table, source = read_xlsx(p)
>>> table.to_pylist(), source.sheet
([{'编号': '007', '公式': '=1+1'}, {'编号': None, '公式': 'x'}], 'Sheet1')
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile

import pyarrow as pa

from piguard.errors import BadInput
from piguard.io import limits
from piguard.io.atomic import atomic_path
from piguard.io.files import check_file
from piguard.io.source import BatchReader, LoadedTable, Source, numbers_note, string_schema, unique_names

_ZEROS = re.compile(r"0+")


def _open(path):
    from openpyxl import load_workbook

    p = check_file(path)
    with open(p, "rb") as f:
        magic = f.read(4)
    if magic != b"PK\x03\x04":
        raise BadInput("is not an XLSX workbook (an XLSX file is a ZIP archive)", where=str(path))
    try:
        return load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as e:
        raise BadInput(f"is not a readable XLSX workbook (corrupt: {type(e).__name__})", where=str(path)) from None
    except Exception as e:  # openpyxl and its XML parsers raise many kinds
        raise BadInput(f"is not a readable XLSX workbook ({type(e).__name__})", where=str(path)) from None


def cell_text(value, number_format: str | None = None) -> str | None:
    """The text Excel shows for a cell value.

    >>> cell_text(13800138000.0), cell_text(123, "000000"), cell_text(0.1), cell_text(True)
    ('13800138000', '000123', '0.1', 'TRUE')
    >>> cell_text(dt.datetime(2024, 5, 1)), cell_text(dt.datetime(2024, 5, 1, 8, 30))
    ('2024-05-01', '2024-05-01 08:30:00')
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e17:
            value = int(value)
        if isinstance(value, int):
            text = str(value)
            if number_format and _ZEROS.fullmatch(number_format) and value >= 0:
                text = text.zfill(len(number_format))
            return text
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _sheet(wb, sheet, where):
    names = wb.sheetnames
    if sheet is None:
        return wb[names[0]]
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise BadInput(f"has no sheet number {sheet} (it has {len(names)})", where=where)
        return wb[names[sheet]]
    if sheet not in names:
        from piguard.errors import UnknownName

        raise UnknownName("sheet", sheet, names)
    return wb[sheet]


def _rows(ws):
    """Rows of cell texts, trailing empty rows dropped (buffered lazily)."""
    pending = 0
    for row in ws.iter_rows():
        texts = [cell_text(getattr(c, "value", None), getattr(c, "number_format", None)) for c in row]
        if not any(t is not None for t in texts):
            pending += 1
            continue
        for _ in range(pending):
            yield []
        pending = 0
        yield texts


def _batch(rows, schema):
    cols = list(zip(*rows)) if rows else [()] * len(schema)
    return pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in cols], schema=schema)


def open_xlsx(path, *, sheet: str | int | None = None, limit: int | None = None) -> BatchReader:
    """Stream one sheet (default: the first) as all-string record batches."""
    wb = _open(path)
    try:
        ws = _sheet(wb, sheet, str(path))
        rows = _rows(ws)
        header = next(rows, None)
    except Exception:
        wb.close()
        raise
    if header is None:
        wb.close()
        raise BadInput(f"sheet '{ws.title}' is empty", where=str(path))
    while header and header[-1] is None:
        header.pop()
    headers = ["" if h is None else h for h in header]
    source = Source(path=str(path), format="xlsx", headers=headers, columns=unique_names(headers), sheet=ws.title)
    others = [s for s in wb.sheetnames if s != ws.title]
    if sheet is None and others:
        source.warn(f"read sheet '{ws.title}'; the workbook also has " + ", ".join(f"'{s}'" for s in others))
    gen = _batches_from(wb, rows, source, limit)
    return BatchReader(source, gen)


def _batches_from(wb, rows, source: Source, limit: int | None):
    try:
        n = len(source.headers)
        schema = string_schema(source.columns)
        buf, done, long_numbers, beyond = [], 0, set(), []
        for row in rows:
            if limit is not None and done >= limit:
                source.truncated = True
                break
            if len(row) > n and any(v is not None for v in row[n:]):
                beyond.append(done + 1)
            row = (row + [None] * n)[:n]
            for i, v in enumerate(row):
                if v is not None and len(v) >= 16 and v.isdigit():
                    long_numbers.add(source.headers[i])
            buf.append(row)
            done += 1
            if len(buf) >= limits.BATCH_ROWS:
                yield _batch(buf, schema)
                buf = []
        if buf or not done:
            yield _batch(buf, schema)
        source.rows = done
        if beyond:
            source.warn(numbers_note("records", beyond) + " have cells right of the last header; they were left out")
        if long_numbers:
            source.warn("columns " + ", ".join(sorted(long_numbers)) + " hold numbers of 16+ digits; Excel keeps "
                        "only 15 significant digits, so they may already be rounded")
    except BadInput:
        raise
    except Exception as e:
        raise BadInput(f"cannot read the workbook (corrupt: {type(e).__name__})", where=source.path) from None
    finally:
        wb.close()


def read_xlsx(path, *, sheet: str | int | None = None, limit: int | None = None) -> LoadedTable:
    """Read one sheet (default: the first) into an all-string table."""
    reader = open_xlsx(path, sheet=sheet, limit=limit)
    table = reader.read_all()
    return LoadedTable(table, reader.source)


def sheet_names(path) -> list[str]:
    wb = _open(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


class XlsxWriter:
    """Write record batches as one sheet of text cells; atomic on close."""

    def __init__(self, path, headers: list[str], sheet: str | None = None):
        from openpyxl import Workbook

        self.path = str(path)
        self.headers = list(headers)
        self._wb = Workbook(write_only=True)
        self._ws = self._wb.create_sheet(sheet or "Sheet1")
        self.rows = 0
        self._append(self.headers, header=True)

    def _cells(self, values):
        from openpyxl.cell import WriteOnlyCell

        out = []
        for v in values:
            if v is None:
                out.append(None)
                continue
            cell = WriteOnlyCell(self._ws, value=str(v))
            cell.data_type = "s"  # text, even for "=..." or "0012"
            out.append(cell)
        return out

    def _append(self, values, header=False):
        from openpyxl.utils.exceptions import IllegalCharacterError

        try:
            self._ws.append(self._cells(values))
        except IllegalCharacterError:
            where = "the header" if header else f"record {self.rows + 1}"
            raise BadInput(f"{where} holds a control character XLSX cannot store", where=self.path) from None

    def write(self, data: pa.Table | pa.RecordBatch) -> None:
        columns = [data.column(i).to_pylist() for i in range(data.num_columns)]
        for row in zip(*columns):
            self._append(row)
            self.rows += 1

    def close(self) -> Source:
        if self._wb is not None:
            wb, self._wb = self._wb, None
            with atomic_path(self.path) as tmp:
                wb.save(tmp)
        return Source(path=self.path, format="xlsx", headers=self.headers, columns=unique_names(self.headers),
                      sheet=self._ws.title, rows=self.rows)

    def __enter__(self):
        return self

    def abort(self) -> None:
        """Drop what was written (openpyxl buffers rows in a temporary file)."""
        if self._wb is not None:
            self._wb = None
            try:
                self._ws.close()
            except Exception:
                pass
            self._ws = None

    def __exit__(self, et, ev, tb):
        if et is None:
            self.close()
        else:
            self.abort()
        return False


def xlsx_writer(path, columns: list[str], like: Source | None = None, *, sheet: str | None = None) -> XlsxWriter:
    headers = [like.header_for(c) if like is not None else c for c in columns]
    return XlsxWriter(path, headers, sheet=sheet or (like.sheet if like is not None else None))


def write_xlsx(table: pa.Table, path, like: Source | None = None, *, sheet: str | None = None) -> Source:
    """Write ``table`` as a one-sheet workbook of text cells; returns its Source."""
    with xlsx_writer(path, table.column_names, like, sheet=sheet) as writer:
        for batch in table.to_batches(max_chunksize=limits.BATCH_ROWS):
            writer.write(batch)
    return writer.close()
