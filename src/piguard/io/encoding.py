"""Telling text from binary, and which encoding a Chinese text file uses.

Detection order (fast paths first; a 1 MiB sample is examined):

1. a byte-order mark: UTF-8 (``bom=True``) or UTF-16;
2. a strict UTF-8 decode: it succeeds on UTF-8 (and ASCII) and almost never
   on anything else, in about 1 ms per MiB;
3. a strict GB18030 decode, accepted when at least 80 % of the non-ASCII
   characters it yields are GB2312 characters (the common hanzi and
   punctuation real Chinese text is made of). Big5 or Latin-1 bytes often
   decode as GBK too, but into rare characters, so they fail this test.
   The result is reported as ``gbk`` when the sample also decodes strictly
   as GBK (so it is written back byte for byte), else ``gb18030``;
4. otherwise charset-normalizer's best guess, kept only if it decodes the
   sample strictly.

Anything else raises BadInput. The sample is trimmed at a character
boundary, so a multi-byte character cut by the sample end is not an error.

>>> detect_encoding("姓名,电话\\n张三,138".encode("gbk"))
('gbk', False)
>>> detect_encoding("\\ufeff姓名".encode("utf-8"))
('utf-8', True)
>>> detect_encoding("姓名".encode("utf-8")[:-1])   # cut mid-character
('utf-8', False)
"""
from __future__ import annotations

import codecs
import os

from piguard.errors import BadInput

# Magic numbers of files people rename to .csv/.txt by mistake.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\x7fELF", "an ELF executable"),
    (b"PK\x03\x04", "a ZIP archive (an XLSX/DOCX workbook?)"),
    (b"%PDF-", "a PDF document"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PAR1", "a Parquet file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office (XLS/DOC) file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
]

_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def reject_binary(head: bytes, where: str) -> None:
    """Raise BadInput when ``head`` (a file's first bytes) is not text.

    >>> reject_binary(b"\\x89PNG\\r\\n\\x1a\\n....", "x.csv")
    Traceback (most recent call last):
    ...
    piguard.errors.BadInput: x.csv: is a PNG image, not a text table
    """
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BadInput(f"is {what}, not a text table", where=where)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    chunk = head[:8192]
    # Text never holds NUL; other C0 controls besides tab/CR/LF/FF are rare.
    if b"\x00" in chunk:
        raise BadInput("is a binary file (it contains NUL bytes), not text", where=where)
    controls = sum(chunk.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13, 27))
    if chunk and controls > len(chunk) // 20:
        raise BadInput("is a binary file (many control bytes), not text", where=where)


def bom_of(head: bytes) -> tuple[str, int] | None:
    """``(encoding, bom length)`` when ``head`` starts with a byte-order mark."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    return None


def decodes(data: bytes, encoding: str, final: bool = False) -> str | None:
    """The strictly decoded text, or None. Unless ``final``, a character cut
    at the end of ``data`` is left out instead of failing."""
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(data, final)
    except (UnicodeDecodeError, LookupError):
        return None


def _gb2312_share(text: str) -> float:
    """Share of the non-ASCII characters that are in GB2312 (1.0 if none)."""
    n_ascii = len(text.encode("ascii", "ignore"))
    others = len(text) - n_ascii
    if not others:
        return 1.0
    common = (len(text.encode("gb2312", "ignore")) - n_ascii) // 2
    return common / others


def _python_codec(name: str) -> str:
    return codecs.lookup(name).name


def detect_encoding(sample: bytes, final: bool = False, where: str = "input") -> tuple[str, bool]:
    """``(codec name, has BOM)`` for a file whose first bytes are ``sample``.

    ``final`` says the sample is the whole file. See the module doc for the
    order of checks.
    """
    found = bom_of(sample)
    if found:
        return found[0], True
    if decodes(sample, "utf-8", final) is not None:
        return "utf-8", False
    gb_text = decodes(sample, "gb18030", final)
    if gb_text is not None and _gb2312_share(gb_text) >= 0.8:
        return ("gbk" if decodes(sample, "gbk", final) is not None else "gb18030"), False
    guess = _charset_normalizer_guess(sample)
    if guess and decodes(sample, guess, final) is not None:
        if guess in ("gbk", "gb2312", "gb18030", "hz"):
            return ("gbk" if decodes(sample, "gbk", final) is not None else "gb18030"), False
        return guess, False
    if gb_text is not None:
        return ("gbk" if decodes(sample, "gbk", final) is not None else "gb18030"), False
    offset = _first_bad_utf8(sample)
    line = sample.count(b"\n", 0, offset) + 1
    raise BadInput(f"cannot decode the text: byte {offset} (line {line}) is neither UTF-8 nor "
                   "GBK/GB18030, and no other encoding fits", where=where)


def _charset_normalizer_guess(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample[: 256 << 10]).best()
    if best is None:
        return None
    try:
        return _python_codec(best.encoding)
    except LookupError:
        return None


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start
    return len(data)


def locate_decode_error(path: str | os.PathLike, encoding: str, chunk: int = 1 << 20) -> tuple[int, int] | None:
    """``(byte offset, line)`` of the first byte of ``path`` that ``encoding``
    cannot decode, or None when the whole file decodes. Streams the file."""
    dec = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    with open(path, "rb") as f:
        if encoding in ("utf-8", "utf-8-sig") and f.read(3) != codecs.BOM_UTF8:
            f.seek(0)
        offset = f.tell()
        while True:
            pending = dec.getstate()[0]
            block = f.read(chunk)
            try:
                dec.decode(block, final=not block)
            except UnicodeDecodeError as e:
                # Positions count from the bytes the decoder still held.
                bad = offset - len(pending) + e.start
                f.seek(0)
                lines = 1
                done = 0
                while done < bad:
                    part = f.read(min(chunk, bad - done))
                    lines += part.count(b"\n")
                    done += len(part)
                return bad, lines
            if not block:
                return None
            offset += len(block)
