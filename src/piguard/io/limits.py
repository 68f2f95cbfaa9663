"""Bounds every reader respects, so a hostile file cannot hang or exhaust memory.

They are read at call time (``limits.MAX_RECORD_BYTES``, not copied), so a
test or a caller may lower or raise them:

>>> from piguard.io import limits
>>> limits.MAX_RECORD_BYTES >= 1 << 20
True
"""

# The longest CSV record / JSON or text line accepted, in bytes. A longer one
# raises BadInput after reading at most about this many bytes of it. It is
# also the CSV block size, which pyarrow needs to hold one whole record.
MAX_RECORD_BYTES = 8 << 20

# How much of a file's start is examined to guess its encoding (a strict
# decode of 1 MiB costs about a millisecond).
SAMPLE_BYTES = 1 << 20

# How much decoded text is used to guess the CSV delimiter and quoting.
SNIFF_CHARS = 64 << 10

# Rows per record batch yielded by the streaming readers.
BATCH_ROWS = 65536

# Largest whole document (one HTML page, one XLSX sheet row-count is not
# bounded: openpyxl streams) read into memory at once by read_texts.
MAX_DOCUMENT_BYTES = 64 << 20

# How many record numbers a warning lists before it says "and N more".
WARN_LIST = 20
