"""CSV and TSV: sniffing, fast all-string reading, and same-shape writing.

Reading learns the encoding (see :mod:`piguard.io.encoding`), the delimiter
(``,`` ``\\t`` ``;`` ``|``: the one that splits the header into the most
consistent field counts), the line terminator, whether every field was
quoted, whether the file ended with a newline, and the header exactly. The
data is parsed by pyarrow with every column typed ``string`` (nothing is
inferred: ``007``, ``+86 138…``, full-width digits and 19-digit numbers stay
as they are; an empty cell is null), transcoding GBK/GB18030 on the fly.

Ragged rows (more or fewer fields than the header) are decided row by row,
so a user gets the good rows and a warning naming the bad ones:

* fewer fields: kept, the missing trailing cells are null;
* more fields, the extra ones all empty (a trailing delimiter): kept, the
  extras dropped;
* more fields with content: skipped (which cell belongs to which column
  cannot be known).

Record numbers count data rows from 1 (the first row under the header). Once
pyarrow meets such a row the file is read by Python's csv module instead
(about ten times slower), which sees every row in order.

A record longer than ``limits.MAX_RECORD_BYTES`` raises BadInput after at
most that many bytes were buffered.

>>> import os, tempfile
>>> p = os.path.join(tempfile.mkdtemp(), "t.csv")
>>> _ = open(p, "wb").write("编号,手机\\n007,+86 13800138000\\n008,\\n".encode("gbk"))
>>> table, source = read_csv(p)
>>> table.to_pylist()
[{'编号': '007', '手机': '+86 13800138000'}, {'编号': '008', '手机': None}]
>>> source.encoding, source.delimiter, source.lineterminator
('gbk', ',', '\\n')
>>> out = write_csv(table, p + ".out.csv", like=source)
>>> open(p, "rb").read() == open(p + ".out.csv", "rb").read()
True
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from piguard.errors import BadInput
from piguard.io import limits
from piguard.io.atomic import atomic_write
from piguard.io.encoding import decodes, detect_encoding, locate_decode_error, reject_binary
from piguard.io.files import bounded_lines, check_file
from piguard.io.source import BatchReader, LoadedTable, Source, numbers_note, string_schema, unique_names

DELIMITERS = (",", "\t", ";", "|")
QUOTE = '"'


@dataclass(frozen=True)
class _Plan:
    """What was learnt from a file's first bytes, before parsing it."""

    path: Path
    format: str
    encoding: str
    bom: bool
    delimiter: str
    lineterminator: str
    quoting: str
    final_newline: bool
    headers: tuple
    ascii_sample: bool

    @property
    def where(self) -> str:
        return str(self.path)

    def source(self) -> Source:
        return Source(path=str(self.path), format=self.format, headers=list(self.headers),
                      columns=unique_names(list(self.headers)), encoding=self.encoding, bom=self.bom,
                      delimiter=self.delimiter, quotechar=QUOTE, lineterminator=self.lineterminator,
                      quoting=self.quoting, final_newline=self.final_newline)


def _plan(path, fmt: str, encoding: str | None = None, delimiter: str | None = None) -> _Plan:
    p = check_file(path)
    where = str(path)
    size = p.stat().st_size
    with open(p, "rb") as f:
        head = f.read(limits.SAMPLE_BYTES)
        if b"\n" not in head and b"\r" not in head and size > len(head):
            head += f.read(max(0, limits.MAX_RECORD_BYTES + 1 - len(head)))
            if b"\n" not in head and b"\r" not in head:
                raise BadInput(f"line 1 is longer than {limits.MAX_RECORD_BYTES} bytes "
                               "(piguard.io.limits.MAX_RECORD_BYTES)", where=where)
    whole = len(head) == size
    reject_binary(head, where)
    if encoding:
        try:
            enc = codecs.lookup(encoding).name
        except LookupError:
            raise BadInput(f"unknown encoding '{encoding}'", where=where) from None
        bom = (enc == "utf-8" and head.startswith(codecs.BOM_UTF8)) or (
            enc.startswith("utf-16") and head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    else:
        enc, bom = detect_encoding(head, final=whole, where=where)
    text = decodes(head, "utf-8-sig" if enc == "utf-8" else enc, final=whole)
    if text is None:
        raise BadInput(f"cannot decode the text as {enc}", where=where)
    if not text.strip():
        raise BadInput("has no header row (the file is blank)", where=where)
    if not whole:
        # Sniff complete lines only.
        cut = max(text.rfind("\n"), text.rfind("\r"))
        text = text[: cut + 1] if cut >= 0 else text
    sniff = text[: limits.SNIFF_CHARS]
    cut = max(sniff.rfind("\n"), sniff.rfind("\r"))
    if 0 <= cut < len(sniff) - 1 and len(sniff) < len(text):
        sniff = sniff[: cut + 1]
    term = _line_terminator(sniff)
    if delimiter is None:
        delimiter = sniff_delimiter(sniff, default="\t" if fmt == "tsv" else ",")
    elif len(delimiter) != 1:
        raise BadInput(f"the delimiter must be one character, not {delimiter!r}", where=where)
    _raise_field_limit()
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=QUOTE, strict=False)
    # Blank lines before the header are skipped, as pyarrow skips them.
    headers = next((r for r in reader if r), None)
    if not headers:
        raise BadInput("has no header row in its first lines", where=where)
    with open(p, "rb") as f:
        f.seek(max(0, size - 8))
        tail = f.read()
    if enc == "utf-16":
        tail = tail.decode("utf-16-be" if head.startswith(codecs.BOM_UTF16_BE) else "utf-16-le", "ignore")
    else:
        tail = tail.decode("latin-1")
    final_newline = tail.endswith(("\n", "\r"))
    return _Plan(path=p, format=fmt, encoding=enc, bom=bom, delimiter=delimiter, lineterminator=term,
                 quoting=_quoting(sniff, delimiter), final_newline=final_newline, headers=tuple(headers),
                 ascii_sample=head.isascii())


def _raise_field_limit() -> None:
    if csv.field_size_limit() < limits.MAX_RECORD_BYTES:
        csv.field_size_limit(limits.MAX_RECORD_BYTES)


def _line_terminator(text: str) -> str:
    for i, ch in enumerate(text):
        if ch == "\n":
            return "\n"
        if ch == "\r":
            return "\r\n" if text[i + 1: i + 2] == "\n" else "\r"
    return "\n"


def sniff_delimiter(text: str, default: str = ",") -> str:
    """The delimiter that splits the first lines into consistent field counts.

    >>> sniff_delimiter("姓名;电话;地址\\n张三;138;北京,朝阳\\n")
    ';'
    >>> sniff_delimiter("a\\tb\\n1\\t2\\n", default=",")
    '\\t'
    >>> sniff_delimiter("just one column\\nvalue\\n")
    ','
    """
    order = sorted(DELIMITERS, key=lambda d: d != default)
    best, best_share = default, 0.0
    for d in order:
        rows = [r for r in itertools.islice(csv.reader(io.StringIO(text), delimiter=d, quotechar=QUOTE,
                                                       strict=False), 200) if r]
        if not rows or len(rows[0]) < 2:
            continue
        n = len(rows[0])
        share = sum(len(r) == n for r in rows) / len(rows)
        if share >= 0.9:
            return d
        if share > best_share:
            best, best_share = d, share
    return best if best_share >= 0.5 else default


def _quoting(text: str, delimiter: str) -> str:
    """``all`` when every field of the first lines is quoted, else ``minimal``."""
    field = r'"(?:[^"]|"")*"'
    pattern = re.compile(f"{field}(?:{re.escape(delimiter)}{field})*")
    lines = [ln for ln in text.splitlines()[:20] if ln]
    if lines and all(pattern.fullmatch(ln) for ln in lines):
        return "all"
    return "minimal"


# ---------------------------------------------------------------- reading


# pyarrow parses in blocks that must each hold whole records. Start small
# (fast first rows, little memory); on a longer record retry once with
# blocks of limits.MAX_RECORD_BYTES, the most a record may take.
FIRST_BLOCK = 1 << 20


def _arrow_options(plan: _Plan, on_invalid, block: int):
    read = pacsv.ReadOptions(block_size=max(block, 1 << 12),
                             encoding="utf8" if plan.encoding == "utf-8" else plan.encoding)
    parse = pacsv.ParseOptions(delimiter=plan.delimiter, quote_char=QUOTE, double_quote=True,
                               escape_char=False, newlines_in_values=True, ignore_empty_lines=True,
                               invalid_row_handler=on_invalid)
    convert = pacsv.ConvertOptions(column_types={h: pa.string() for h in plan.headers},
                                   null_values=[""], strings_can_be_null=True,
                                   quoted_strings_can_be_null=True)
    return read, parse, convert


def _arrow_error(e: Exception, plan: _Plan) -> Exception:
    """A BadInput for a pyarrow/codec failure, or a new plan to retry with."""
    text = str(e)
    if isinstance(e, UnicodeDecodeError) or "invalid UTF8" in text:
        found = locate_decode_error(plan.path, "utf-8-sig" if plan.encoding == "utf-8" else plan.encoding)
        if plan.encoding == "utf-8" and plan.ascii_sample:
            # The sample was plain ASCII; the Chinese text further on may be GBK.
            for enc in ("gbk", "gb18030"):
                if locate_decode_error(plan.path, enc) is None:
                    return _Retry(replace(plan, encoding=enc))
        if found:
            offset, line = found
            return BadInput(f"line {line} (byte {offset}) cannot be decoded as {plan.encoding}",
                            where=plan.where)
        return BadInput(f"cannot be decoded as {plan.encoding}", where=plan.where)
    if "straddl" in text:
        line = _long_line(plan.path, limits.MAX_RECORD_BYTES)
        at = f"line {line}: " if line else ""
        return BadInput(f"{at}a record is longer than {limits.MAX_RECORD_BYTES} bytes "
                        "(piguard.io.limits.MAX_RECORD_BYTES), or a quote is never closed", where=plan.where)
    first = text.strip().splitlines()[0] if text.strip() else type(e).__name__
    return BadInput(f"cannot parse the CSV: {first}", where=plan.where)


def _ascii_then(encoding: str) -> str:
    return (f"the first {limits.SAMPLE_BYTES} bytes are ASCII and the rest is {encoding}; "
            f"the file was read as {encoding}")


class _Retry(Exception):
    def __init__(self, plan: _Plan):
        self.plan = plan


def _retry_plan(e: Exception, plan: _Plan, source) -> _Plan:
    """After a read failure: the plan to read again with (a file whose ASCII
    start hid a GBK body), recorded on ``source``; otherwise the user-facing
    BadInput is raised."""
    err = _arrow_error(e, plan)
    if not isinstance(err, _Retry):
        raise err from None
    source.encoding = err.plan.encoding
    source.warn(_ascii_then(err.plan.encoding))
    return err.plan


def _long_line(path: Path, limit: int) -> int | None:
    """The number of the first line longer than ``limit`` bytes (streamed)."""
    run = 0
    line = 1
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            start = 0
            while True:
                nl = block.find(b"\n", start)
                if nl < 0:
                    run += len(block) - start
                    if run > limit:
                        return line
                    break
                if run + nl - start > limit:
                    return line
                run = 0
                line += 1
                start = nl + 1
    return None


def _typed_plan(schema: pa.Schema, plan: _Plan) -> _Plan | None:
    """A plan keyed by pyarrow's own header names when it parsed the header
    differently from Python's csv module: a column missing from the type map
    would get its type inferred, and ``007`` would become 7."""
    if all(pa.types.is_string(f.type) for f in schema) or tuple(schema.names) == plan.headers:
        return None
    return replace(plan, headers=tuple(schema.names))


def _renamed(batch, names: list[str]):
    if batch.schema.names == names:
        return batch
    return batch.rename_columns(names)


def _arrow_batches(plan: _Plan, skip: int, state: dict, block: int):
    """Record batches from pyarrow's streaming reader, skipping ``skip`` rows."""
    def on_invalid(_row):
        state["ragged"] = True
        return "error"

    names = unique_names(list(plan.headers))
    read, parse, convert = _arrow_options(plan, on_invalid, block)
    source = plan.path
    if plan.encoding != "utf-8":
        # pyarrow's own transcoding calls Python codecs from its read-ahead
        # threads, which can deadlock or abort the interpreter when a stream
        # is closed early; transcode here, in this thread, to a temporary file.
        source = _transcoded(plan)
        read.encoding = "utf8"
    reader = pacsv.open_csv(source, read_options=read, parse_options=parse, convert_options=convert)
    try:
        retyped = _typed_plan(reader.schema, plan)
        if retyped is not None:
            raise _Retry(retyped)
        for batch in reader:
            if skip:
                if batch.num_rows <= skip:
                    skip -= batch.num_rows
                    continue
                batch = batch.slice(skip)
                skip = 0
            yield _renamed(batch, names)
    finally:
        reader.close()
        if not isinstance(source, Path):
            source.close()


def _transcoded(plan: _Plan) -> pa.NativeFile:
    """``plan.path`` re-encoded as UTF-8 in an anonymous temporary file."""
    dec = codecs.getincrementaldecoder(plan.encoding)("strict")
    with tempfile.NamedTemporaryFile(prefix="piguard-", suffix=".csv", delete=False) as out:
        try:
            with open(plan.path, "rb") as f:
                while chunk := f.read(1 << 20):
                    out.write(dec.decode(chunk).encode("utf-8"))
                out.write(dec.decode(b"", final=True).encode("utf-8"))
            out.flush()
            native = pa.OSFile(out.name)
        except UnicodeDecodeError:
            os.unlink(out.name)
            offset, line = locate_decode_error(plan.path, plan.encoding) or (0, 1)
            raise BadInput(f"line {line} (byte {offset}) cannot be decoded as {plan.encoding}",
                           where=plan.where) from None
        except BaseException:
            os.unlink(out.name)
            raise
    os.unlink(out.name)  # the open handle keeps the data until it is closed
    return native


def _python_rows(plan: _Plan, source: Source):
    """Rows via Python's csv module, with the per-row ragged decisions."""
    n = len(plan.headers)
    short, trailing, skipped = [], [], []
    encoding = "utf-8-sig" if plan.encoding == "utf-8" else plan.encoding
    with open(plan.path, encoding=encoding, newline="") as f:
        reader = csv.reader(bounded_lines(f, plan.where), delimiter=plan.delimiter, quotechar=QUOTE,
                            strict=False)
        for header in reader:  # the header: the first non-blank record
            if header:
                break
        record = 0
        for row in reader:
            if not row or (len(row) == 1 and row[0] == "" and n > 1):
                continue
            record += 1
            if len(row) < n:
                short.append(record)
                row = row + [""] * (n - len(row))
            elif len(row) > n:
                if any(row[n:]):
                    skipped.append(record)
                    continue
                trailing.append(record)
                row = row[:n]
            yield record, [v if v != "" else None for v in row]
    if short:
        source.warn(numbers_note("records", short) + f" had fewer than {n} fields; the missing cells are empty")
    if trailing:
        source.warn(numbers_note("records", trailing) + " had extra empty fields; they were dropped")
    if skipped:
        source.warn(numbers_note("records", skipped) + f" had more than {n} fields and were skipped")


def _python_batches(plan: _Plan, source: Source, skip: int, batch_rows: int | None = None):
    names = unique_names(list(plan.headers))
    schema = string_schema(names)
    batch_rows = batch_rows or limits.BATCH_ROWS
    rows = []
    for record, row in _python_rows(plan, source):
        if record <= skip:
            continue
        rows.append(row)
        if len(rows) >= batch_rows:
            yield _rows_batch(rows, schema)
            rows = []
    if rows:
        yield _rows_batch(rows, schema)


def _rows_batch(rows, schema):
    cols = list(zip(*rows)) if rows else [()] * len(schema)
    return pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in cols], schema=schema)


def _batches(plan: _Plan, source: Source, limit: int | None):
    done = 0
    state: dict = {}
    # A sample of a non-UTF-8 file is read by Python's csv module: cheaper
    # than transcoding the whole file first.
    python = limit is not None and plan.encoding != "utf-8"
    block = min(FIRST_BLOCK, limits.MAX_RECORD_BYTES)
    while True:
        if python:
            # With a limit, stop parsing right after it (plus one row, to set truncated).
            wanted = None if limit is None else min(limits.BATCH_ROWS, limit - done + 1)
            gen = _python_batches(plan, source, done, wanted)
        else:
            gen = _arrow_batches(plan, done, state, block)
        try:
            for batch in gen:
                if limit is not None and done + batch.num_rows >= limit:
                    keep = limit - done
                    done = limit
                    if keep:
                        yield batch.slice(0, keep)
                    source.truncated = _more_after(gen, batch, keep)
                    source.rows = done
                    gen.close()
                    return
                done += batch.num_rows
                yield batch
            source.rows = done
            return
        except _Retry as retry:
            plan = retry.plan
            source.headers, source.columns = list(plan.headers), unique_names(list(plan.headers))
            continue
        except (pa.ArrowInvalid, UnicodeDecodeError) as e:
            gen.close()
            if state.pop("ragged", False):
                python = True
                continue
            if "straddl" in str(e) and block < limits.MAX_RECORD_BYTES:
                block = limits.MAX_RECORD_BYTES
                continue
            plan = _retry_plan(e, plan, source)
            continue


def _more_after(gen, batch, keep) -> bool:
    if keep < batch.num_rows:
        return True
    try:
        return any(b.num_rows for b in itertools.islice(gen, 1))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return True


def open_csv(path, *, fmt: str = "csv", encoding: str | None = None, delimiter: str | None = None,
             limit: int | None = None) -> BatchReader:
    """Stream a CSV/TSV file as all-string record batches (bounded memory)."""
    plan = _plan(path, fmt, encoding, delimiter)
    source = plan.source()
    return BatchReader(source, _batches(plan, source, limit))


def read_csv(path, *, fmt: str = "csv", encoding: str | None = None, delimiter: str | None = None,
             limit: int | None = None) -> LoadedTable:
    """Read a CSV/TSV file into an all-string table (see the module doc)."""
    if limit is not None:
        reader = open_csv(path, fmt=fmt, encoding=encoding, delimiter=delimiter, limit=limit)
        return LoadedTable(reader.read_all(), reader.source)
    plan = _plan(path, fmt, encoding, delimiter)
    source = plan.source()
    state: dict = {}

    def on_invalid(_row):
        state["ragged"] = True
        return "error"

    block = min(FIRST_BLOCK, limits.MAX_RECORD_BYTES)
    while True:
        read, parse, convert = _arrow_options(plan, on_invalid, block)
        try:
            table = pacsv.read_csv(plan.path, read_options=read, parse_options=parse, convert_options=convert)
        except (pa.ArrowInvalid, UnicodeDecodeError) as e:
            if "straddl" in str(e) and block < limits.MAX_RECORD_BYTES:
                block = limits.MAX_RECORD_BYTES
                continue
            if state.pop("ragged", False):
                batches = list(_python_batches(plan, source, 0))
                table = pa.Table.from_batches(batches, schema=string_schema(source.columns))
                source.rows = table.num_rows
                return LoadedTable(table, source)
            plan = _retry_plan(e, plan, source)
            continue
        retyped = _typed_plan(table.schema, plan)
        if retyped is None:
            break
        plan = retyped
        source.headers, source.columns = list(plan.headers), unique_names(list(plan.headers))
    table = table.rename_columns(source.columns)
    source.rows = table.num_rows
    return LoadedTable(table, source)


# ---------------------------------------------------------------- writing


class CsvWriter:
    """Write record batches to a CSV file in a source's shape, atomically.

    Use as a context manager; the file appears only when the block ends
    without an error. Values are quoted only when needed (or all, when the
    source quoted all); nulls are written as empty cells.
    """

    def __init__(self, path, headers: list[str], *, encoding: str = "utf-8", bom: bool = False,
                 delimiter: str = ",", lineterminator: str = "\n", quoting: str = "minimal",
                 final_newline: bool = True, fmt: str = "csv"):
        try:
            self.encoding = codecs.lookup(encoding).name
        except LookupError:
            raise BadInput(f"unknown encoding '{encoding}'", where=str(path)) from None
        self.path = str(path)
        self.headers = list(headers)
        self.delimiter = delimiter
        self.lineterminator = lineterminator
        self.quoting = quoting
        self.final_newline = final_newline
        self.rows = 0
        self.warnings: list[str] = []
        self.source = Source(path=self.path, format=fmt, headers=list(headers), columns=unique_names(list(headers)),
                             encoding=self.encoding, bom=bom, delimiter=delimiter, quotechar=QUOTE,
                             lineterminator=lineterminator, quoting=quoting, final_newline=final_newline)
        self._ctx = atomic_write(path, "w+b")  # readable: close() checks the last line end
        self._f = self._ctx.__enter__()
        self._encoder = None if self.encoding == "utf-8" else codecs.getincrementalencoder(self.encoding)("strict")
        self._fallback = False
        if bom and self.encoding == "utf-8":
            self._f.write(codecs.BOM_UTF8)
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, quotechar=QUOTE, lineterminator=lineterminator,
                   quoting=csv.QUOTE_ALL if quoting == "all" else csv.QUOTE_MINIMAL).writerow(self.headers)
        self._write_text(buf.getvalue())

    def _write_text(self, text: str) -> None:
        self._write_bytes(text.encode("utf-8"), text)

    def _write_bytes(self, data: bytes, text: str | None = None) -> None:
        if self._encoder is None:
            self._f.write(data)
            return
        text = data.decode("utf-8") if text is None else text
        try:
            self._f.write(self._encoder.encode(text))
        except UnicodeEncodeError as e:
            if self.encoding == "gbk":
                # GB18030 is GBK plus the rest of Unicode; GBK's bytes are unchanged.
                self._f.write(text.encode("gb18030"))
                if not self._fallback:
                    self._fallback = True
                    self.warnings.append(f"some values cannot be written in GBK (e.g. {e.object[e.start]!r}); "
                                         "they were written in GB18030")
                return
            raise BadInput(f"a value cannot be written in {self.encoding}: {e.object[e.start]!r}; "
                           "choose another encoding (utf-8)", where=self.path) from None

    def write(self, data: pa.Table | pa.RecordBatch) -> None:
        import polars as pl

        if data.num_columns != len(self.headers):
            raise ValueError(f"expected {len(self.headers)} columns, got {data.num_columns}")
        if not data.num_rows:
            return
        data = data.rename_columns([f"c{i}" for i in range(data.num_columns)])
        frame = pl.from_arrow(data)
        buf = io.BytesIO()
        frame.write_csv(buf, include_header=False, separator=self.delimiter, line_terminator=self.lineterminator,
                        quote_char=QUOTE, quote_style="always" if self.quoting == "all" else "necessary",
                        null_value="")
        self._write_bytes(buf.getvalue())
        self.rows += data.num_rows

    def close(self) -> Source:
        if self._f is None:
            return self.source
        if not self.final_newline:
            enc = self.encoding
            if enc == "utf-16":
                enc = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"
            end = self.lineterminator.encode(enc)
            self._f.flush()
            size = self._f.tell()
            if size >= len(end):
                self._f.seek(size - len(end))
                if self._f.read(len(end)) == end:
                    self._f.truncate(size - len(end))
                self._f.seek(0, io.SEEK_END)
        self._f = None
        self._ctx.__exit__(None, None, None)
        self.source.rows = self.rows
        self.source.warnings.extend(self.warnings)
        return self.source

    def abort(self, exc: BaseException | None = None) -> None:
        if self._f is not None:
            self._f = None
            exc = exc or RuntimeError("aborted")
            try:
                self._ctx.__exit__(type(exc), exc, exc.__traceback__)
            except BaseException:
                pass

    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            self.close()
        else:
            self.abort(ev)
        return False


def csv_writer(path, columns: list[str], like: Source | None = None, *, fmt: str = "csv",
               encoding: str | None = None, delimiter: str | None = None, bom: bool | None = None,
               lineterminator: str | None = None) -> CsvWriter:
    """A :class:`CsvWriter` for table ``columns`` shaped like ``like``.

    Headers come from ``like`` (original spelling) for columns it knows;
    options given here win over the source's.
    """
    like_csv = like if like is not None and like.format in ("csv", "tsv") else None
    headers = [like.header_for(c) if like is not None else c for c in columns]
    default_delim = "\t" if fmt == "tsv" else ","
    return CsvWriter(
        path, headers,
        encoding=encoding or (like_csv.encoding if like_csv and like_csv.encoding else "utf-8"),
        bom=bom if bom is not None else bool(like_csv and like_csv.bom),
        delimiter=delimiter or (like_csv.delimiter if like_csv else default_delim),
        lineterminator=lineterminator or (like_csv.lineterminator if like_csv else "\n"),
        quoting=like_csv.quoting if like_csv and like_csv.quoting else "minimal",
        final_newline=like_csv.final_newline if like_csv else True,
        fmt=fmt,
    )


def write_csv(table: pa.Table, path, like: Source | None = None, **options) -> Source:
    """Write ``table`` as CSV shaped like ``like``; returns the written Source."""
    writer = csv_writer(path, table.column_names, like, **options)
    with writer:
        for batch in table.to_batches(max_chunksize=limits.BATCH_ROWS):
            writer.write(batch)
    return writer.source
