"""Rebuild ``entities/data/name_char_stats.tsv``: how often each character
begins a name, sits in a given name, or occurs at all, in the training part
of the public name corpora (shared/data, see its README).

Run: ``python -m piguard.entities.update.name_stats [DATA_DIR]``. Only the
train part of the deterministic split (``piguard.detect.train_names.split_of``)
is counted, so the dev part stays unseen.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "name_char_stats.tsv"


def build(docs) -> dict[str, tuple[int, int, int]]:
    """char -> (begins a name, in a given name, occurrences in text)."""
    from piguard.entities.person_name import split
    first, given, total = Counter(), Counter(), Counter()
    for d in docs:
        total.update(d["text"])
        for s in d["spans"]:
            name = s["text"]
            first[name[0]] += 1
            surname, rest = split(name)
            if surname and len(name) <= 4:
                given.update(rest)
    return {c: (first[c], given[c], total[c]) for c in total if first[c] or given[c]}


def write(stats: dict[str, tuple[int, int, int]], path: Path = OUT) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("# Character statistics of PERSON_NAME spans in the train part (85%, split by id hash) of\n")
        f.write("# shared/data cluener_train_names, resume_train and weibo_train (CLUENER2020, Resume NER,\n")
        f.write("# Weibo NER; see shared/data/README.md for sources and licences). Derived, do not edit:\n")
        f.write("# python -m piguard.entities.update.name_stats\n")
        f.write("# columns: char<TAB>begins a name<TAB>in a given name<TAB>occurrences in the text\n")
        for c, (a, b, t) in sorted(stats.items(), key=lambda kv: (-kv[1][0] - kv[1][1], kv[0])):
            if c.isprintable() and c not in "\t\n":
                f.write(f"{c}\t{a}\t{b}\t{t}\n")
    tmp.replace(path)


def read(path: Path = OUT) -> dict[str, tuple[int, int, int]]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            c, a, b, t = line.rstrip("\n").split("\t")
            out[c] = (int(a), int(b), int(t))
    return out


def main(argv=None) -> None:
    from piguard.detect.train_names import DEFAULT_DATA, load_corpora
    argv = sys.argv[1:] if argv is None else argv
    data = Path(argv[0]) if argv else DEFAULT_DATA
    docs = [d for d in load_corpora(data) if d["split"] == "train"]
    stats = build(docs)
    write(stats)
    print(f"{len(stats)} characters -> {OUT}")


if __name__ == "__main__":
    main()
