"""Train the PERSON_NAME model shipped as ``detect/data/names_model.npz``.

Run (CPU, about two minutes): ``python -m piguard.detect.train_names [--data DIR] [--out FILE]``

Data: the train part of shared/data's name corpora (CLUENER2020, Resume NER,
Weibo NER), split 85/15 by a hash of the document id (``split_of``), plus
synthetic business sentences (``piguard.detect.name_synth``). The train part
is split again 90/10: the model is fitted on the 90 and its threshold chosen
on the 10, so the dev part is only read for the report at the end.

Model: logistic regression over hashed features of candidate spans
(``piguard.detect.names.features``), fitted with AdaGrad; the weights of
eight fits with different seeds are averaged.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from piguard.detect import names as N
from piguard.detect import name_synth
from piguard.detect.normalize import normalize

# shared/ sits beside the checkout (repo/src/piguard/detect/this file).
DEFAULT_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
CORPORA = ("cluener_train_names", "resume_train", "weibo_train")
VERSION = "names-lr-2"
PROVENANCE = ("Trained by `python -m piguard.detect.train_names` on the train part (85%, split by a hash of the "
              "document id) of shared/data cluener_train_names (CLUENER2020), resume_train (Resume NER) and "
              "weibo_train (Weibo NER 2nd release; annotations CC BY-SA 3.0), see shared/data/README.md, plus "
              "a word list derived from jieba's dictionary (MIT; hashed general words with frequency classes), plus "
              "synthetic sentences of piguard.detect.name_synth with generated names. No real person's record "
              "is stored: weights are hashed feature scores.")

# Characters of transliterated and minority names (long candidates), beyond
# those the corpora show.
TRANSLIT = ("阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁东杜顿多厄恩尔法范菲费芬"
            "丰弗福夫盖甘冈高戈格古哈海汉豪赫亨洪侯胡华霍基吉加贾杰金卡凯坎康考柯科克肯库拉莱赖兰朗劳"
            "勒雷黎里利莉丽列林琳卢鲁路伦罗洛马玛迈麦曼梅门蒙米密明莫姆穆纳娜内尼妮涅宁纽努诺欧帕潘佩"
            "彭皮珀普奇齐乔切琴丘萨塞桑瑟森沙莎尚舍什圣施史斯松苏索塔泰坦汤唐特提图托瓦万旺威韦维温沃"
            "乌伍西希锡谢辛休修雅亚扬耶伊因英尤于约扎泽詹赞兹佐买热合曼吐逊木依拜古麦提孜素甫")


def split_of(doc_id: str) -> str:
    """'dev' for 15% of ids, 'train' for the rest; stable across runs.

    >>> split_of("weibo-train-00087") in ("train", "dev")
    True
    """
    return "dev" if zlib.crc32(doc_id.encode("utf-8")) % 100 < 15 else "train"


def _fit_part(doc_id: str, fold: int = 0) -> str:
    """'calib' for a tenth of the train part (fold 0, 1 or 2: disjoint tenths), 'fit' for the rest."""
    return "calib" if zlib.crc32(("calib:" + doc_id).encode("utf-8")) % 100 // 10 == fold else "fit"


def fit_all(docs: list[dict], tables: N.Tables, args, calib: list[dict] | None = None,
            screen_thr: float | None = None) -> tuple[np.ndarray, float, np.ndarray, float]:
    """The screen (and its threshold: from ``calib``'s names unless given)
    and the averaged model over what passes it: (screen, threshold, w, b)."""
    S, X, Y, missed, bypassed = examples(docs, tables)
    gold = sum(len(d["spans"]) for d in docs)
    print(f"{len(docs)} docs, {len(Y)} candidates, {int(Y.sum())} positive, "
          f"{missed}/{gold} gold spans not among candidates", flush=True)
    # The screen: a few characters per candidate, no hashing.
    sw, sb = fit(S, Y, epochs=2, size=N.screen_size(tables), dropout=False, seed=args.seed)
    V = N.screen_size(tables) // N.N_SCREEN_ROLES
    sw[8 * V:8 * V + 4] += sb  # the bias lives in the length rows
    if screen_thr is None:
        Sc, _, Yc, _, _ = examples(calib, tables)
        pos_scores = sw[Sc[Yc == 1]].sum(axis=1)  # (bypassed candidates barely move the quantile)
        screen_thr = float(np.quantile(pos_scores, args.screen_loss))
    keep = (sw[S].sum(axis=1) >= screen_thr) | bypassed
    print(f"screen keeps {keep.mean():.1%} of candidates, {Y[keep].sum() / Y.sum():.2%} of positives", flush=True)
    X, Y = X[keep], Y[keep]
    # Features seen fewer than --min-count times are dropped (index 0).
    counts = np.bincount(X.ravel(), minlength=1 << N.HASH_BITS)
    X[counts[X] < args.min_count] = 0
    w, b = fit_averaged(X, Y, args.average, args.seed, epochs=args.epochs, drop_context=args.drop_context)
    return sw, screen_thr, w, b


def load_corpora(data: Path = DEFAULT_DATA) -> list[dict]:
    """Name corpora as normalised documents with a ``split`` and ``corpus`` key."""
    docs = []
    for name in CORPORA:
        with open(data / f"{name}.jsonl", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                nt = normalize(d["text"])
                if len(nt.text) != len(d["text"]):
                    continue  # NFKC changed lengths (rare); offsets would move
                spans = [s for s in d["spans"] if s["entity"] == "PERSON_NAME"]
                spans = [dict(s, text=nt.text[s["start"]:s["end"]]) for s in spans]
                docs.append({"id": d["id"], "text": nt.text, "spans": spans, "corpus": name,
                             "split": split_of(d["id"])})
    return docs


def _bucket_log(x: float, lo: float, step: float, top: int) -> int:
    return int(min(top, max(1, math.floor((math.log(x) - lo) / step) + 1)))


def build_tables(train_docs: list[dict]) -> dict:
    """The per-character tables the model ships (see ``names.Tables``)."""
    from piguard.entities import person_name
    from piguard.entities.update import name_stats
    single, compound = person_name._surnames()
    counts = Counter(ch for d in train_docs for ch in d["text"])
    stats = name_stats.build(train_docs)
    start = ({c for c, (a, _, _) in stats.items() if a >= 1} | set(single) | {s[0] for s in compound}
             | {part[0] for part in name_synth.DOT_PARTS})
    long_chars = Counter()
    for d in train_docs:
        for s in d["spans"]:
            if len(s["text"]) >= 4 and s["text"][:1] not in single:
                long_chars.update(s["text"])
    long_ok = set(TRANSLIT) | {c for c, k in long_chars.items() if k >= 2}
    han = lambda c: len(c) == 1 and ("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"  # noqa: E731
                                      or "\U00020000" <= c <= "\U0002ffff")
    surname_bucket = {s: _bucket_log(p, math.log(1e-4), math.log(10), 6) for s, p in single.items()}
    given_pri = {}
    curated = {c: w for g, rows in person_name._given_chars().items() for c, w in rows}
    for c, (_, g, t) in stats.items():
        given_pri[c] = (g + 20 * curated.get(c, 0) + 0.5) / (t + 5)
    for c, w in curated.items():
        given_pri.setdefault(c, (20 * w + 0.5) / 5)
    given_bucket = {c: _bucket_log(r, math.log(1e-3), math.log(3), 8) for c, r in given_pri.items()}
    namechar = {}
    for c, (a, g, t) in stats.items():
        r = (a + g + 0.1) / (t + 2)
        namechar[c] = _bucket_log(r, math.log(1e-3), math.log(3), 8)
    for c in TRANSLIT:
        namechar.setdefault(c, 2)
    # The screen's characters: frequent ones, the context classes and the padding.
    known = {ch for ch, k in counts.items() if k >= 3 and ord(ch) < N.TABLE_SIZE and not ch.isalnum()}
    known |= {ch for ch, k in counts.items() if k >= 3 and han(ch) and ord(ch) < N.TABLE_SIZE}
    known |= {"0", "a", "\u00b7", chr(N.BOS), chr(N.EOS)}
    # Transliteration: how much likelier a character is in a foreign or
    # minority name (a long one, or one that no common surname begins) than
    # in running text.
    foreign = Counter()
    for d in train_docs:
        for s in d["spans"]:
            t = s["text"]
            dotted = any(ord(c) in N.DOTS for c in t)
            if all(han(c) or ord(c) in N.DOTS for c in t) and (
                    len(t) >= 4 and t[:2] not in compound or single.get(t[0], 0.0) < 0.05 or dotted):
                foreign.update(c for c in t if han(c))
    translit = {}
    for c in sorted(set(foreign) | set(TRANSLIT) | {c for c, k in counts.items() if k >= 3 and han(c)}):
        r = (foreign[c] + 3 * (c in TRANSLIT) + 0.05) / (counts[c] + 3)
        translit[c] = _bucket_log(r, math.log(3e-3), math.log(2.5), 7)
    # Characters right after and right before names, against their count.
    after, before = Counter(), Counter()
    for d in train_docs:
        for s in d["spans"]:
            after[d["text"][s["end"]:s["end"] + 1]] += 1
            before[d["text"][max(0, s["start"] - 1):s["start"]]] += 1
    edge = {}
    for c in sorted(set(after) | set(before)):
        if han(c) and ord(c) < N.TABLE_SIZE:
            a = _bucket_log((after[c] + 0.05) / (counts[c] + 3), math.log(1e-3), math.log(3), 7) if after[c] else 0
            b = _bucket_log((before[c] + 0.05) / (counts[c] + 3), math.log(1e-3), math.log(3), 7) if before[c] else 0
            edge[c] = a | (b << 4)
    # Pairs of Han characters common outside names (word evidence).
    pairs = Counter()
    for d in train_docs:
        t, inside = d["text"], bytearray(len(d["text"]))
        for s in d["spans"]:
            inside[s["start"]:s["end"]] = b"\x01" * (s["end"] - s["start"])
        pairs.update(t[i:i + 2] for i in range(len(t) - 1)
                     if not (inside[i] and inside[i + 1]) and han(t[i]) and han(t[i + 1]))
    common = sorted((ord(p[0]) * N.TABLE_SIZE + ord(p[1]), _bucket_log(k, math.log(2), math.log(2.5), 7))
                    for p, k in pairs.items() if k >= 2 and max(map(ord, p)) < N.TABLE_SIZE)
    enc = lambda chars: np.array(sorted(ord(c) for c in chars if han(c)), dtype=np.int32)  # noqa: E731
    return {
        "start_ok": enc(start),
        "long_ok": enc(long_ok),
        "surname_cp": np.array([ord(s) for s in surname_bucket], dtype=np.int32),
        "surname_bucket": np.array(list(surname_bucket.values()), dtype=np.int8),
        "given_cp": np.array([ord(c) for c in given_bucket if han(c)], dtype=np.int32),
        "given_bucket": np.array([b for c, b in given_bucket.items() if han(c)], dtype=np.int8),
        "namechar_cp": np.array([ord(c) for c in namechar if han(c)], dtype=np.int32),
        "namechar_bucket": np.array([b for c, b in namechar.items() if han(c)], dtype=np.int8),
        "char_cp": np.array(sorted({ord(ch) for ch in known} | {ord(ch) for ch in start | long_ok}), dtype=np.int32),
        "translit_cp": np.array([ord(c) for c in translit if ord(c) < N.TABLE_SIZE], dtype=np.int32),
        "translit_bucket": np.array([b for c, b in translit.items() if ord(c) < N.TABLE_SIZE], dtype=np.int8),
        "n_templates": np.int32(len(N.TEMPLATES)),
        "hash_bits": np.int32(N.HASH_BITS),
        "edge_cp": np.array([ord(c) for c in edge], dtype=np.int32),
        "edge_bucket": np.array(list(edge.values()), dtype=np.uint8),
        **lexicon_arrays(),
        "bigram": np.array([c for c, _ in common], dtype=np.int64),
        "bigram_bucket": np.array([b for _, b in common], dtype=np.int8),
        "dotted": np.bool_(True),
        "compound": np.array(sorted(ord(s[0]) * N.TABLE_SIZE + ord(s[1]) for s in compound), dtype=np.int64),
    }


def lexicon_arrays() -> dict:
    """General words of two to five Han characters from jieba's dictionary
    (MIT licence; word, frequency, part of speech), as hashes with a class:
    frequency bucket and kind (person name, place, other). The model learns
    from its data how much each class says; person-name entries are kept as
    a class of their own, not as names to find."""
    from importlib import resources
    words = {}
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as f:
        for line in f:
            w, freq, tag = line.split()
            k = int(freq)
            if 2 <= len(w) <= 5 and k >= 10 and all("\u4e00" <= ch <= "\u9fff" for ch in w):
                kind = 1 if tag.startswith("nr") else 2 if tag == "ns" else 0
                words[normalize(w).text] = _bucket_log(k, math.log(10), math.log(4), 6) * 3 + kind
    words = {w: v for w, v in words.items() if len(w) == len(normalize(w).text)}
    keys = sorted(words)
    c = np.array([ord(ch) for w in keys for ch in w], dtype=np.int64)
    lens = np.array([len(w) for w in keys], dtype=np.int64)
    start = np.concatenate(([0], np.cumsum(lens)[:-1]))
    h = N.word_hash(c, start, lens)
    order = np.argsort(h, kind="stable")
    return {"lexicon": h[order], "lexicon_class": np.array([words[keys[i]] for i in order], dtype=np.int8)}


def examples(docs: list[dict], tables: N.Tables, batch: int = 400):
    """Screen indices, feature indices and labels of every candidate; and
    the number of gold spans that no candidate covers."""
    S, X, Y, missed, latin = [], [], [], 0, []
    for k in range(0, len(docs), batch):
        part = docs[k:k + batch]
        c, starts = N.encode([d["text"] for d in part])
        p = N.prepare(c, tables)
        pos, lens = N.candidates(p, tables)
        gold = {(st + s["start"], s["end"] - s["start"]) for d, st in zip(part, starts) for s in d["spans"]}
        cand = set(zip(pos.tolist(), lens.tolist()))
        missed += len(gold - cand)
        S.append(N.screen_index(p, pos, lens, tables))
        latin.append(N.bypass(p, pos, lens))
        X.append(N.features(p, pos, lens, tables))
        y = np.array([(a, n) in gold for a, n in zip(pos.tolist(), lens.tolist())], dtype=np.float32)
        y[N.titled(p, pos, lens)] = 0.0  # never a name; keeps the weights off those cases
        Y.append(y)
    return np.concatenate(S), np.concatenate(X), np.concatenate(Y), missed, np.concatenate(latin)


def fit(X: np.ndarray, Y: np.ndarray, epochs: int = 4, lr: float = 0.2, l2: float = 1e-6,
        seed: int = 0, drop_context: float = 0.4, drop_inside: float = 0.15,
        drop_whole: float = 0.5, size: int = 1 << N.HASH_BITS, dropout: bool = True) -> tuple[np.ndarray, float]:
    """Logistic regression with AdaGrad over hashed one-hot features.

    Feature-group dropout: for some examples every context feature (or every
    feature of the span's own characters) is hidden, so that each side alone
    must recognise a name. Without it the model learns the corpora's frames
    and misses names in wording it never saw.
    """
    w = np.zeros(size, dtype=np.float64)
    G = np.full(size, 1e-8)
    b, Gb = 0.0, 1e-8
    rng = np.random.default_rng(seed)
    n, F = X.shape
    batch = 2048
    for ep in range(epochs):
        order = rng.permutation(n)
        loss = 0.0
        for k in range(0, n, batch):
            j = order[k:k + batch]
            xi = X[j].copy()
            m = len(j)
            if dropout:
                xi[np.ix_(rng.random(m) < drop_context, N.CONTEXT_COLUMNS)] = 0
                xi[np.ix_(rng.random(m) < drop_inside, N.INSIDE_COLUMNS)] = 0
                xi[rng.random(m) < drop_whole, N.WHOLE_COLUMN] = 0
            z = w[xi].sum(1) + b
            p = 1 / (1 + np.exp(-z))
            y = Y[j]
            loss += float(-(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)).sum())
            g = p - y
            grad = np.bincount(xi.ravel(), weights=np.repeat(g, F), minlength=size)
            touched = grad != 0
            grad[touched] += l2 * w[touched]
            G += grad * grad
            w -= lr * grad / np.sqrt(G)
            w[0] = 0.0  # index 0 stands for a hidden feature
            gb = float(g.sum())
            Gb += gb * gb
            b -= lr * gb / math.sqrt(Gb)
        print(f"  epoch {ep + 1}: loss {loss / n:.5f}", flush=True)
    return w.astype(np.float32), b


def fit_averaged(X: np.ndarray, Y: np.ndarray, models: int, seed: int, **kw) -> tuple[np.ndarray, float]:
    """Mean weights of ``models`` fits that differ only in their seed (the
    order of the examples and the hidden feature groups): one linear model,
    as cheap to run as any, with less of the noise of a single fit."""
    fits = [fit(X, Y, seed=seed + 7919 * k, **kw) for k in range(models)]
    return np.mean([w for w, _ in fits], axis=0).astype(np.float32), float(np.mean([b for _, b in fits]))


def predict_grid(model: N.Model, docs: list[dict], grid: list[float]) -> dict[float, list]:
    """``predict`` at each threshold of ``grid``, scoring the candidates once."""
    out = {t: [] for t in grid}
    for k in range(0, len(docs), 200):
        part = docs[k:k + 200]
        c, starts = N.encode([d["text"] for d in part])
        pos, lens, probs = model.scores(c)
        for t in grid:
            found = [[] for _ in part]
            for s, e, _ in decode_docs(pos, lens, probs, t, starts):
                found[s[0]].append((s[1], e))
            out[t].extend(found)
    return out


def decode_docs(pos, lens, probs, threshold, starts):
    """``names.decode`` with offsets as (document, start), end."""
    doc = 0
    for s, e, p in N.decode(pos, lens, probs, threshold):
        while doc + 1 < len(starts) and starts[doc + 1] <= s:
            doc += 1
        yield (doc, s - starts[doc]), e - starts[doc], p


def predict(model: N.Model, docs: list[dict], threshold: float | None = None) -> list[list[tuple[int, int]]]:
    rec = N.NameRecognizer(model, threshold)
    out = []
    for k in range(0, len(docs), 200):
        found = rec.find_many([normalize(d["text"]) for d in docs[k:k + 200]])
        out.extend([(s.start, s.end) for s in spans] for spans in found)
    return out


def prf(docs: list[dict], preds: list[list[tuple[int, int]]]) -> tuple[float, float, float, int, int, int]:
    """Precision, recall, F1 with shared/eval/score.py's matching (IoU >= 0.5, one-to-one)."""
    tp = fp = fn = 0
    for d, ps in zip(docs, preds):
        used = set()
        for g in d["spans"]:
            best, bi = 0.0, None
            for i, (s, e) in enumerate(ps):
                if i in used:
                    continue
                inter = max(0, min(e, g["end"]) - max(s, g["start"]))
                union = max(e, g["end"]) - min(s, g["start"])
                v = inter / union if union else 0.0
                if v > best:
                    best, bi = v, i
            if bi is not None and best >= 0.5:
                used.add(bi)
                tp += 1
            else:
                fn += 1
        fp += len(ps) - len(used)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / N.MODEL_FILE)
    ap.add_argument("--synthetic", type=int, default=8000)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--drop-context", type=float, default=0.2)
    ap.add_argument("--min-count", type=int, default=1)
    ap.add_argument("--average", type=int, default=8, help="fits (seeds) whose weights are averaged")
    ap.add_argument("--folds", type=int, default=3, help="calibration folds (a tenth of the train part each)")
    ap.add_argument("--screen-loss", type=float, default=0.03,
                    help="share of true names the screen may drop (on the calibration part)")
    ap.add_argument("--seed", type=int, default=20241122)
    args = ap.parse_args(argv)
    t0 = time.time()
    docs = load_corpora(args.data)
    train = [d for d in docs if d["split"] == "train"]
    dev = [d for d in docs if d["split"] == "dev"]
    arrays = build_tables(train)
    tables = N.tables_from(arrays)
    given_pool = [c for d in train for s in d["spans"] if 2 <= len(s["text"]) <= 3 for c in s["text"][1:]]
    rng = random.Random(args.seed)
    synth = name_synth.documents(rng, args.synthetic, given_pool=given_pool)
    for d in synth:
        d["split"], d["corpus"] = "train", "synthetic"
    # 1-2. Screen and model fitted without one calibration fold at a time;
    # the thresholds are chosen on what the folds left out (real text only:
    # synthetic sentences are easy), so they rest on 30% of the train part.
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.8, 0.05)]
    held, held_preds, screen_thrs = [], {t: [] for t in grid}, []
    for fold in range(args.folds):
        fit_docs = [d for d in train + synth if _fit_part(d["id"], fold) == "fit"]
        calib = [d for d in train if _fit_part(d["id"], fold) == "calib"]
        sw, screen_thr, w, b = fit_all(fit_docs, tables, args, calib=calib)
        screen_thrs.append(screen_thr)
        model = N.Model(weights=w, bias=b, threshold=0.5, screen=sw.astype(np.float32), screen_threshold=screen_thr,
                        tables=tables, version=VERSION)
        held.extend(calib)
        for t, preds in predict_grid(model, calib, grid).items():
            held_preds[t].extend(preds)
    screen_thr = float(np.mean(screen_thrs))
    # The calibration curve is flat near its top: take the middle of the
    # thresholds within half a point of the best F1, not a noisy argmax.
    f1s = [prf(held, held_preds[t])[2] for t in grid]
    near = [t for t, f in zip(grid, f1s) if f >= max(f1s) - 0.005]
    threshold = round(near[len(near) // 2], 2)
    print(f"threshold {threshold} (calibration F1 {max(f1s):.3f} on {len(held)} held-out documents)")
    # 3. Refit on the whole train part with the settings and thresholds chosen above.
    sw, _, w, b = fit_all(train + synth, tables, args, screen_thr=screen_thr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.stem + ".tmp.npz")
    nz = np.nonzero(np.abs(w) >= 1e-3)[0]
    snz = np.nonzero(np.abs(sw) >= 1e-3)[0]
    np.savez_compressed(tmp, weight_index=nz.astype(np.int32), weight_value=w[nz].astype(np.float16),
                        screen_index=snz.astype(np.int32), screen_value=sw[snz].astype(np.float16),
                        screen_threshold=np.float32(screen_thr), bias=np.float32(b),
                        threshold=np.float32(threshold), version=np.str_(VERSION),
                        provenance=np.str_(PROVENANCE), **arrays)
    tmp.replace(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s")
    model = N.load_model(args.out)
    for corpus in CORPORA + ("all",):
        part = [d for d in dev if corpus in ("all", d["corpus"])]
        p, r, f, tp, fp, fn = prf(part, predict(model, part))
        print(f"dev {corpus:<22} P {p:.3f} R {r:.3f} F1 {f:.3f}  (tp {tp} fp {fp} fn {fn})")
    check = name_synth.documents(random.Random(7), 500, frames=name_synth.CHECK_FRAMES)
    p, r, f, *_ = prf(check, predict(model, check))
    print(f"unseen synthetic frames    P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
