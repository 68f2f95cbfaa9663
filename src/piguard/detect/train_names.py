"""Train the PERSON_NAME model shipped as ``detect/data/names_model.npz``.

Run (CPU, about a minute): ``python -m piguard.detect.train_names [--data DIR] [--out FILE]``

Data: the train part of shared/data's name corpora (CLUENER2020, Resume NER,
Weibo NER), split 85/15 by a hash of the document id (``split_of``), plus
synthetic business sentences (``piguard.detect.name_synth``). The train part
is split again 90/10: the model is fitted on the 90 and its threshold chosen
on the 10, so the dev part is only read for the report at the end.

Model: logistic regression over hashed features of candidate spans
(``piguard.detect.names.features``), fitted with AdaGrad.
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

DEFAULT_DATA = Path("/work/shared/data")
CORPORA = ("cluener_train_names", "resume_train", "weibo_train")
VERSION = "names-lr-1"
PROVENANCE = ("Trained by `python -m piguard.detect.train_names` on the train part (85%, split by a hash of the "
              "document id) of shared/data cluener_train_names (CLUENER2020), resume_train (Resume NER) and "
              "weibo_train (Weibo NER 2nd release; annotations CC BY-SA 3.0), see shared/data/README.md, plus "
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


def _fit_part(doc_id: str) -> str:
    return "calib" if zlib.crc32(("calib:" + doc_id).encode("utf-8")) % 100 < 10 else "fit"


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
    counts = Counter(ch for d in train_docs for ch in d["text"])
    # The screen's characters: frequent ones, the context classes and the padding.
    known = {ch for ch, k in counts.items() if k >= 3 and ord(ch) < N.TABLE_SIZE and not ch.isalnum()}
    known |= {ch for ch, k in counts.items() if k >= 3 and han(ch) and ord(ch) < N.TABLE_SIZE}
    known |= {"0", "a", "\u00b7", chr(N.BOS), chr(N.EOS)}
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
        "compound": np.array(sorted(ord(s[0]) * N.TABLE_SIZE + ord(s[1]) for s in compound), dtype=np.int64),
    }


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
        latin.append(p.kind[pos] == 2)
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
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--drop-context", type=float, default=0.4)
    ap.add_argument("--min-count", type=int, default=2)
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
    fit_docs = [d for d in train + synth if _fit_part(d["id"]) == "fit"]
    # Thresholds are chosen on real text only: synthetic sentences are easy.
    calib = [d for d in train if _fit_part(d["id"]) == "calib"]
    S, X, Y, missed, LATIN = examples(fit_docs, tables)
    gold = sum(len(d["spans"]) for d in fit_docs)
    print(f"{len(fit_docs)} docs, {len(Y)} candidates, {int(Y.sum())} positive, "
          f"{missed}/{gold} gold spans not among candidates", flush=True)
    # 1. The screen: five characters per candidate, no hashing.
    sw, sb = fit(S, Y, epochs=2, size=N.screen_size(tables), dropout=False, seed=args.seed)
    V = N.screen_size(tables) // N.N_SCREEN_ROLES
    sw[8 * V:8 * V + 4] += sb  # the bias lives in the length rows
    Sc, _, Yc, _, _ = examples(calib, tables)
    pos_scores = sw[Sc[Yc == 1]].sum(axis=1)  # (Latin runs bypass the screen; they barely move the quantile)
    screen_thr = float(np.quantile(pos_scores, args.screen_loss))
    keep = sw[S].sum(axis=1) >= screen_thr
    keep |= LATIN
    print(f"screen keeps {keep.mean():.1%} of candidates, {Y[keep].sum() / Y.sum():.2%} of positives", flush=True)
    X, Y = X[keep], Y[keep]
    # 2. The model on what passes the screen. Features seen once are dropped
    # (index 0): they cannot generalise, and their weights would sit in hash
    # buckets that unseen features share.
    counts = np.bincount(X.ravel(), minlength=1 << N.HASH_BITS)
    X[counts[X] < args.min_count] = 0
    print(f"{int((counts >= args.min_count).sum())} features kept", flush=True)
    w, b = fit(X, Y, epochs=args.epochs, seed=args.seed, drop_context=args.drop_context)
    model = N.Model(weights=w, bias=b, threshold=0.5, screen=sw.astype(np.float32), screen_threshold=screen_thr,
                    tables=tables, version=VERSION)
    # The calibration curve is flat near its top: take the middle of the
    # thresholds within half a point of the best F1, not a noisy argmax.
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.8, 0.05)]
    f1s = [prf(calib, predict(model, calib, t))[2] for t in grid]
    near = [t for t, f in zip(grid, f1s) if f >= max(f1s) - 0.005]
    best = (max(f1s), near[len(near) // 2])
    model.threshold = round(best[1], 2)
    print(f"threshold {model.threshold} (calibration F1 {best[0]:.3f})")
    # 3. Refit on the whole train part (fit + calibration) with the settings
    # and thresholds chosen above.
    S, X, Y, _, LATIN = examples(fit_docs + [d for d in train + synth if _fit_part(d["id"]) == "calib"], tables)
    sw, sb = fit(S, Y, epochs=2, size=N.screen_size(tables), dropout=False, seed=args.seed)
    sw[8 * V:8 * V + 4] += sb
    keep = (sw[S].sum(axis=1) >= screen_thr) | LATIN
    X, Y = X[keep], Y[keep]
    counts = np.bincount(X.ravel(), minlength=1 << N.HASH_BITS)
    X[counts[X] < args.min_count] = 0
    w, b = fit(X, Y, epochs=args.epochs, seed=args.seed, drop_context=args.drop_context)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.stem + ".tmp.npz")
    nz = np.nonzero(np.abs(w) >= 1e-3)[0]
    snz = np.nonzero(np.abs(sw) >= 1e-3)[0]
    np.savez_compressed(tmp, weight_index=nz.astype(np.int32), weight_value=w[nz].astype(np.float16),
                        screen_index=snz.astype(np.int32), screen_value=sw[snz].astype(np.float16),
                        screen_threshold=np.float32(screen_thr), bias=np.float32(b),
                        threshold=np.float32(model.threshold), version=np.str_(VERSION),
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
