"""Rebuild ``data/t2s_chars.tsv``: single traditional characters that OpenCC's
``t2s`` configuration turns into a different single simplified character.

Run: ``python -m piguard.detect.update.t2s_chars``. Phrase-level conversions
are left out on purpose: detection needs a one-to-one character map so that
offsets stay put.
"""
from pathlib import Path

import opencc

RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF)]


def build() -> list[tuple[str, str]]:
    conv = opencc.OpenCC("t2s")
    pairs = []
    for lo, hi in RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            out = conv.convert(ch)
            if len(out) == 1 and out != ch:
                pairs.append((ch, out))
    return pairs


def main() -> None:
    path = Path(__file__).resolve().parent.parent / "data" / "t2s_chars.tsv"
    pairs = build()
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# source: OpenCC {getattr(opencc, '__version__', '')} t2s, one character at a time; "
                "rebuild with python -m piguard.detect.update.t2s_chars\n")
        for a, b in pairs:
            f.write(f"{a}\t{b}\n")
    print(f"{len(pairs)} pairs -> {path}")


if __name__ == "__main__":
    main()
