"""Every reader and writer piguard has, in one place.

Readers return ``(table, source)``: a ``pyarrow.Table`` whose columns are
all strings (values exactly as in the input, empty cells null) and a
:class:`Source` describing the input (path, format, encoding, BOM,
delimiter, line terminator, sheet, original headers, warnings). Writers take
``like=source`` and write the same shape back, atomically.

>>> import os, tempfile
>>> from piguard.io import read_table, write_table
>>> p = os.path.join(tempfile.mkdtemp(), "客户.csv")
>>> _ = open(p, "wb").write("\\ufeff姓名,手机\\r\\n张三,013800138000\\r\\n".encode("utf-8"))
>>> table, source = read_table(p)
>>> source.encoding, source.bom, source.lineterminator, table.column("手机").to_pylist()
('utf-8', True, '\\r\\n', ['013800138000'])
>>> _ = write_table(table, p + ".copy.csv", like=source)
>>> open(p, "rb").read() == open(p + ".copy.csv", "rb").read()
True
"""
from piguard.io import limits
from piguard.io.atomic import atomic_path, atomic_write
from piguard.io.encoding import detect_encoding
from piguard.io.files import EXTENSIONS, TABLE_FORMATS, format_of
from piguard.io.source import BatchReader, LoadedTable, Source
from piguard.io.db import iter_batches as iter_db_batches
from piguard.io.db import iter_tables as iter_db_tables
from piguard.io.db import list_tables as list_db_tables
from piguard.io.db import normalize_url, redact
from piguard.io.db import read_table as read_db_table
from piguard.io.tables import iter_batches, iter_tables, read_table, table_writer, write_table
from piguard.io.text import Document, read_texts

__all__ = [
    "BatchReader",
    "Document",
    "EXTENSIONS",
    "LoadedTable",
    "Source",
    "TABLE_FORMATS",
    "atomic_path",
    "atomic_write",
    "detect_encoding",
    "format_of",
    "iter_batches",
    "iter_db_batches",
    "iter_db_tables",
    "iter_tables",
    "limits",
    "list_db_tables",
    "normalize_url",
    "read_db_table",
    "read_table",
    "read_texts",
    "redact",
    "table_writer",
    "write_table",
]
