"""PERSON_NAME detection in free text: candidate spans scored by a small model.

Candidates are spans of two to four Han characters that start at a character
that can begin a name (a surname, or a character that began names in the
training corpora), longer spans (five to ten) made only of characters seen
in transliterated and minority names, spans around middle dots (乔·科尔,
买买提·吐尔逊), and runs of Latin letters that no digit or ``@._-/``
touches. Two models score them, both trained by
``python -m piguard.detect.train_names`` and shipped in
``data/names_model.npz`` (about 2 MB):

1. a screen: a linear model over single characters in twelve roles (first,
   second, middle, last, two on each side, the length), read from dense
   per-character tables, that drops about four candidates in five while
   keeping about 97% of the real names;
2. a feature-hashed logistic regression over the survivors: the span's
   characters and bigrams, surname and given-name statistics, the words on
   both sides (cue words such as ``收件人``/``借款人`` on the left,
   ``先生``/``的``/``,`` on the right), the kinds of characters at the edges,
   how much the span reads as a transliteration (克林斯曼), the letter case of
   Latin runs, and word evidence: how common the character pairs across the
   span's edges are outside names, and whether the span (or the span with a
   neighbour) is a word of a general lexicon (高兴, 波涛, 锡林郭勒).

A surname followed by a title (王主任, 李某) is never a name. The best
non-overlapping candidates above the threshold are kept; their scores are
calibrated so that the threshold reads as 0.5, the engine's cut. Everything
runs as a few dozen numpy operations over all candidates of a text (or of a
batch of texts, ``find_many``); Python only touches the accepted names.

>>> [(s.start, s.end, s.text) for s in NameRecognizer().find(normalize("借款人韩超桂的紧急联系人是欧阳娜娜"))]
[(3, 6, '韩超桂'), (13, 17, '欧阳娜娜')]
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from piguard.detect.normalize import NormalizedText, normalize
from piguard.detect.span import Span

ENTITY = "PERSON_NAME"
MODEL_FILE = "data/names_model.npz"

HASH_BITS = 20  # the default; a model file may name another (``Tables.hash_bits``)
PAD_L, PAD_R = 3, 13
BOS, EOS = 2, 3
MAX_SHORT, MAX_LONG = 4, 10
TABLE_SIZE = 0x30000
DOTS = (0xB7, 0x2022, 0x30FB, 0x2027, 0x2219, 0x22C5)
N_SCREEN_ROLES = 12

# Left-context words that the explanation names when they precede a hit.
CUES = ("客户", "借款人", "联系人", "收件人", "收货人", "签收人", "寄件人", "车主", "投保人",
        "被保险人", "受益人", "持卡人", "申请人", "姓名", "户名", "经办人",
        "法定代表人", "患者", "记者", "董事长", "总经理", "主任", "教授", "导演", "主演", "联系")

# A surname followed by one of these is a form of address, not a name
# (王主任, 李某, 张总); the candidate is dropped before decoding.
TITLES1 = "总工姐哥某氏姨嫂婶叔伯爷董局处科队"
TITLES2 = ("主任 教授 老师 先生 女士 小姐 经理 书记 局长 院长 部长 校长 医生 律师 师傅 同学 阿姨 叔叔 大爷 "
           "大妈 老板 博士 董事 处长 科长 所长 队长 班长 厂长 县长 市长 省长 主席 总裁 总监 警官 记者 导演 教练 "
           "同志 总理 大夫 护士 会计 秘书 某某 先森 老爷 太太 夫人 师父 掌柜 大哥 大姐 奶奶 爷爷 顾问 总工 总监 "
           "工程 老总 某人 家人 一家 姓人 女生 男生 医师 律所 站长 组长 社长 行长 台长 馆长 总编 主编").split()
_TITLE2 = np.array(sorted(ord(t[0]) * 0x40000 + ord(t[1]) for t in set(TITLES2)), dtype=np.int64)
# Characters that glue Latin letters into something other than a name
# (e-mail addresses, file names, codes).
GLUE = "@._-/:#&+\\%="


def _flag_table(chars: str) -> np.ndarray:
    t = np.zeros(TABLE_SIZE, dtype=bool)
    t[[ord(ch) for ch in chars]] = True
    return t


# Membership by table lookup: np.isin sorts on every call.
_IS_TITLE1 = _flag_table(TITLES1)
_IS_GLUE = _flag_table(GLUE)

_U = np.uint64
_K = [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xFF51AFD7ED558CCD]
_SPAN_P = 0x40000

# Per-candidate base values that features combine (see ``_base``).
_BASE = ("zero", "Lc", "c0", "c1", "cl", "cl1", "mid", "span", "l1", "l2", "l3", "r1", "r2", "r3",
         "sur", "comp", "gsum", "kl", "kr", "nb0", "nb1", "nbl1", "nbl", "nbL", "nbR", "nlong", "len",
         "tl", "tlz", "case", "dot", "bl", "br", "bi", "bj", "lw", "lwl", "lwr", "ll", "lr", "aft", "bef")
# Feature templates: up to three base values each. Their order is part of the model.
TEMPLATES = (
    ("Lc",), ("c0", "Lc"), ("c0", "c1", "Lc"), ("cl", "Lc"), ("c1", "Lc"), ("cl1", "cl", "Lc"),
    ("span",), ("l1",), ("l2", "l1"), ("l1", "c0"), ("r1",), ("r1", "r2"), ("cl", "r1"),
    ("l3", "l2", "l1"), ("r1", "r2", "r3"), ("sur", "comp", "Lc"), ("gsum", "comp", "Lc"),
    ("kl", "kr", "Lc"), ("mid", "Lc"), ("l1", "Lc"), ("r1", "Lc"), ("sur", "kl", "kr"),
    ("nb0", "nb1", "Lc"), ("nbl1", "nbl", "Lc"), ("nlong", "len"), ("nbL", "nbR", "Lc"),
    # Since names-lr-2: how much the span reads as a transliteration, the
    # letter case of Latin runs, dotted names.
    ("tl", "tlz", "Lc"), ("tl", "sur", "Lc"), ("tl", "l1"), ("tl", "r1"), ("case", "Lc", "kl"),
    ("case", "r1"), ("dot", "len", "tlz"), ("l1", "r1", "Lc"), ("l2", "l1", "Lc"), ("r1", "r2", "Lc"),
    # How common, outside names, the pairs across the span's edges and at
    # its ends are: a span that cuts a word (向薛, 家里) is rarely a name.
    ("bl", "Lc"), ("br", "Lc"), ("bi", "bj", "Lc"), ("bl", "br", "Lc"),
    # Words of a general lexicon: the span itself (高兴, 波涛), the span with
    # the character before or after it, the pairs across its edges.
    ("lw", "Lc"), ("lw", "sur", "Lc"), ("lwl", "lwr", "Lc"), ("ll", "lr", "Lc"), ("lw", "kl", "kr"),
    # A span that ends in a character that usually follows a name (李静说,
    # 刘洋已) or begins with one that usually precedes one (由张) has
    # probably taken in its context.
    ("aft", "gsum", "Lc"), ("bef", "sur", "Lc"), ("aft", "bef", "Lc"),
)
# Models written before names-lr-2 read only the first templates.
OLD_TEMPLATES = 26
# Column groups (training hides groups at random, see train_names.fit).
WHOLE_COLUMN = 6
INSIDE_COLUMNS = [1, 2, 3, 4, 5, 6, 18, 26, 27, 32, 38, 40, 41, 45, 46, 47]
CONTEXT_COLUMNS = [7, 8, 9, 10, 11, 12, 13, 14, 17, 19, 20, 25, 28, 29, 30, 31, 33, 34, 35, 36, 37, 39, 42, 43,
                   44]

_TPL = np.array([[_BASE.index(b) for b in t] + [0] * (3 - len(t)) for t in TEMPLATES], dtype=np.int64)
_TPL_FLAT = _TPL.ravel()
_TID = (np.arange(1, len(TEMPLATES) + 1, dtype=np.uint64) * _U(0xD6E8FEB86659FD93))


@dataclass
class Tables:
    """Per-code-point tables the features read (shipped inside the model)."""

    start_ok: np.ndarray      # uint8[TABLE_SIZE]: can begin a name
    long_ok: np.ndarray       # uint8[TABLE_SIZE]: may be part of a long (transliterated) name
    surname: np.ndarray       # int8[TABLE_SIZE]: surname frequency bucket, 0 = not a surname
    given: np.ndarray         # int8[TABLE_SIZE]: given-name likelihood bucket
    compound: np.ndarray      # sorted int64 codes c0 * TABLE_SIZE + c1 of compound surnames
    namechar: np.ndarray      # int8[TABLE_SIZE]: how much likelier in a name than in text, bucketed
    char_id: np.ndarray       # uint16[TABLE_SIZE]: dense id of the characters the screen knows, 0 = other
    translit: np.ndarray | None = None  # int8[TABLE_SIZE]: how much likelier in a transliterated name, bucketed
    n_templates: int = OLD_TEMPLATES    # the feature templates the model was trained with
    hash_bits: int = 20                 # size of the hashed weight table (log2)
    edge: np.ndarray | None = None      # int8[TABLE_SIZE]: how often right after (low 4 bits) and right
    #                                     before (high 4 bits) a name, bucketed
    dotted: bool = False                # candidates around middle dots (乔·科尔)
    bigram: KeyTable | None = None      # c0 * TABLE_SIZE + c1 of pairs common outside names -> how common
    lexicon: KeyTable | None = None     # ``word_hash`` of general words of two to five characters ->
    #                                     1 + frequency bucket * 3 + kind (0 other, 1 person, 2 place)


@dataclass
class Prepared:
    """Per-character arrays of one padded text (or a batch joined by padding)."""

    c: np.ndarray       # code points
    cc: np.ndarray      # code points capped to the tables' range
    k_table: np.ndarray  # context class per code point (read at candidate edges only)
    kind: np.ndarray    # 0 Han, 1 digit, 2 letter, 3 BOS/EOS, 4 space, 5 other
    ids: np.ndarray     # the screen's character ids
    han: np.ndarray
    cum_han: np.ndarray
    cum_long: np.ndarray
    start_ok: np.ndarray
    dot: np.ndarray | None = None       # positions of middle dots
    cum_dot: np.ndarray | None = None


def _lookup(table: np.ndarray, c: np.ndarray) -> np.ndarray:
    return table[np.minimum(c, TABLE_SIZE - 1)]


def encode(texts) -> tuple[np.ndarray, list[int]]:
    """Padded code points of one text or of several (each with its own
    padding, so a batch reads exactly as its texts one by one); and the
    offset of each text's first character."""
    if isinstance(texts, str):
        texts = [texts]
    sep = chr(EOS) * PAD_R + chr(BOS) * PAD_L
    joined = chr(BOS) * PAD_L + sep.join(texts) + chr(EOS) * PAD_R
    c = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    starts, at = [], PAD_L
    for t in texts:
        starts.append(at)
        at += len(t) + len(sep)
    return c, starts


_DERIVED: dict[int, tuple] = {}


def _char_tables(tables: Tables) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    got = _DERIVED.get(id(tables))
    if got is None or got[0] is not tables:
        got = _DERIVED[id(tables)] = (tables, *_build_char_tables(tables))
    return got[1:]


def _build_char_tables(tables: Tables) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(flags, context class, screen id) per code point: one gather each per text.

    flags: bit 0 Han, bit 1 may be in a long name, bit 2 may begin a name, bits 3-5 kind, bit 6 dot."""
    cp = np.arange(TABLE_SIZE, dtype=np.int64)
    digit = (cp >= 0x30) & (cp <= 0x39)
    letter = ((cp >= 0x41) & (cp <= 0x5A)) | ((cp >= 0x61) & (cp <= 0x7A))
    dot = np.isin(cp, DOTS)
    han = ((cp >= 0x3400) & (cp <= 0x9FFF)) | ((cp >= 0xF900) & (cp <= 0xFAFF)) | (cp >= 0x20000)
    kind = np.select([han, digit, letter, (cp == BOS) | (cp == EOS), np.isin(cp, (0x20, 0x09, 0x0A, 0x0D))],
                     [0, 1, 2, 3, 4], 5)
    flags = (han.astype(np.uint8) | ((tables.long_ok.astype(bool) | dot).astype(np.uint8) << 1)
             | ((tables.start_ok.astype(bool) & han).astype(np.uint8) << 2) | (kind.astype(np.uint8) << 3)
             | (dot.astype(np.uint8) << 6))
    k = np.where(digit, 0x30, np.where(letter, 0x61, np.where(dot, 0xB7, cp)))
    # int32: half the cache footprint of the per-text gathers.
    return flags, k.astype(np.int32), tables.char_id[k].astype(np.int32)


def prepare(c: np.ndarray, tables: Tables) -> Prepared:
    flags_t, k_t, ids_t = _char_tables(tables)
    cc = np.minimum(c, TABLE_SIZE - 1)
    f = flags_t[cc]
    han = (f & 1).astype(bool)
    p = Prepared(c, cc, k_t, (f >> 3) & 7, ids_t[cc], han,
                 np.concatenate(([0], np.cumsum(han))),
                 np.concatenate(([0], np.cumsum((f >> 1) & 1))), (f & 4).astype(bool))
    if tables.dotted:
        dot = f & 64
        p.dot = np.flatnonzero(dot)
        if len(p.dot):
            p.cum_dot = np.concatenate(([0], np.cumsum(dot >> 6)))
    return p


def _dotted(p: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Spans around one middle dot, or two with one to five Han characters
    (and nothing else) between them: one to five Han characters before the
    first dot (乔·科尔, 珍妮佛·杰森·李), one to eight after the last; those
    the long candidates already hold are left out."""
    han, ch, d = p.han, p.cum_han, p.dot
    gap = d[1:] - d[:-1]
    link = (gap > 1) & (gap <= 6) & (ch[d[1:]] - ch[d[:-1] + 1] == gap - 1)
    d0, d1 = np.concatenate((d, d[:-1][link])), np.concatenate((d, d[1:][link]))
    ok = han[d0 - 1] & han[d1 + 1]
    d0, d1 = d0[ok], d1[ok]
    a = np.ones(len(d0), dtype=np.int64)
    for k in range(1, 5):
        a += (a == k) & han[d0 - k - 1]
    b = np.ones(len(d1), dtype=np.int64)
    for k in range(1, 8):
        b += (b == k) & han[d1 + k + 1]
    i = np.arange(1, 6)[None, :, None]
    j = np.arange(1, 9)[None, None, :]
    keep = (i <= a[:, None, None]) & (j <= b[:, None, None])
    starts = np.broadcast_to(d0[:, None, None] - i, keep.shape)[keep]
    lens = np.broadcast_to(d1[:, None, None] + 1 + j, keep.shape)[keep] - starts
    # Already a long candidate: five to ten long-name characters from a start.
    dup = ((lens >= 5) & (lens <= MAX_LONG) & p.start_ok[starts]
           & (p.cum_long[starts + np.minimum(lens, MAX_LONG)] - p.cum_long[starts] == lens))
    return starts[~dup], lens[~dup]


def candidates(p: Prepared, tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    """Start positions and lengths of candidate spans (padded offsets)."""
    n = len(p.c)
    starts = np.nonzero(p.start_ok[:n - PAD_R])[0]
    ps, ls = [], []
    for L in range(2, MAX_SHORT + 1):
        ok = (p.cum_han[starts + L] - p.cum_han[starts]) == L
        ps.append(starts[ok])
        ls.append(np.full(len(ps[-1]), L))
    # Long names only where the first three characters are name characters.
    s3 = starts[(p.cum_long[starts + 3] - p.cum_long[starts]) == 3]
    for L in range(5, MAX_LONG + 1):
        if not len(s3):
            break
        s3 = s3[(p.cum_long[np.minimum(s3 + L, n)] - p.cum_long[s3]) == L]
        ok = p.han[s3 + L - 1]
        ps.append(s3[ok])
        ls.append(np.full(len(ps[-1]), L))
    # Latin-script names (CLUENER and Weibo write them without spaces): a run
    # of letters that no digit or glue character touches.
    letter = p.kind == 2
    if letter.any():
        edge = np.diff(np.concatenate(([False], letter, [False])).astype(np.int8))
        ls_, le_ = np.nonzero(edge == 1)[0], np.nonzero(edge == -1)[0]
        n_ = le_ - ls_
        ok = (n_ >= 2) & (n_ <= 20) & (p.kind[ls_ - 1] != 1) & (p.kind[le_] != 1)
        ok &= ~_lookup(_IS_GLUE, p.c[ls_ - 1]) & ~_lookup(_IS_GLUE, p.c[le_])
        ps.append(ls_[ok])
        ls.append(n_[ok])
    if p.dot is not None and len(p.dot):
        dp, dl = _dotted(p)
        ps.append(dp)
        ls.append(dl)
    return np.concatenate(ps), np.concatenate(ls)


def bypass(p: Prepared, pos: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Candidates the screen does not judge: Latin runs (the screen knows no
    letters) and dotted spans (few, and the screen reads only their edges)."""
    out = p.kind[pos] == 2
    if p.cum_dot is not None:
        out |= p.cum_dot[pos + lens] > p.cum_dot[pos]
    return out


def titled(p: Prepared, pos: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Candidates that are a single-character surname and a title (王主任, 李某)."""
    c1 = p.c[pos + 1]
    two = _lookup(_IS_TITLE1, c1) & (lens == 2)
    code = c1 * 0x40000 + p.c[pos + 2]
    i = np.minimum(np.searchsorted(_TITLE2, code), len(_TITLE2) - 1)
    return two | ((_TITLE2[i] == code) & (lens == 3))


def _lbin(lens: np.ndarray) -> np.ndarray:
    return np.minimum(lens, 5) - 2


def screen_size(tables: Tables) -> int:
    return N_SCREEN_ROLES * (int(tables.char_id.max()) + 1)


def screen_index(p: Prepared, pos: np.ndarray, lens: np.ndarray, tables: Tables) -> np.ndarray:
    """Indices into the screen's weight table, one column per role (first,
    second, middle and last character, two on each side, the length).

    Characters go through dense ids, so the screen's weights (a few hundred
    KB) stay in cache."""
    V = screen_size(tables) // N_SCREEN_ROLES
    ids = p.ids
    last = pos + lens - 1
    lb = _lbin(lens)
    return np.stack((ids[pos], V + ids[pos + 1], (2 + lb) * V + ids[last],
                     6 * V + ids[pos - 1], 7 * V + ids[last + 1], 8 * V + lb,
                     9 * V + np.where(lens > 2, ids[pos + 2], 0), 10 * V + ids[pos - 2],
                     11 * V + ids[last + 2]), axis=1)


def screen_scores(p: Prepared, pos: np.ndarray, lens: np.ndarray, screen: np.ndarray) -> np.ndarray:
    """The screen's score of each candidate: ``screen[screen_index(...)].sum(1)``
    computed with per-position sums shared by the candidates that start at
    the same place, which halves the work."""
    W = screen.reshape(N_SCREEN_ROLES, -1)
    ids = p.ids
    a = W[0][ids]
    a[:-1] += W[1][ids[1:]]
    a[1:] += W[6][ids[:-1]]
    a[2:] += W[10][ids[:-2]]
    last = pos + lens - 1
    lb = _lbin(lens)
    out = a[pos] + np.where(lens > 2, W[9][ids[np.minimum(pos + 2, len(ids) - 1)]], W[9][0])
    out += screen[(2 + lb) * W.shape[1] + ids[last]]
    out += W[7][ids[last + 1]]
    out += W[11][ids[last + 2]]
    out += W[8][lb]
    return out


def features(p: Prepared, pos: np.ndarray, lens: np.ndarray, tables: Tables) -> np.ndarray:
    """Weight indices (n_candidates, tables.n_templates) of candidate spans."""
    c, kind = p.c, p.kind

    def k(i):  # context class: digits -> '0', letters -> 'a', dots -> '·'
        return p.k_table[p.cc[i]]

    last = pos + lens - 1
    c0, c1 = c[pos], c[pos + 1]
    code01 = c0 * TABLE_SIZE + c1
    comp = np.zeros(len(pos), dtype=np.int64)
    if len(tables.compound):
        i = np.minimum(np.searchsorted(tables.compound, code01), len(tables.compound) - 1)
        comp = (tables.compound[i] == code01).astype(np.int64)
    gpos = pos + 1 + comp  # first given-name character
    gv1 = _lookup(tables.given, c[np.minimum(gpos, last)]).astype(np.int64)
    gv2 = np.where(gpos + 1 <= last, _lookup(tables.given, c[np.minimum(gpos + 1, last)]).astype(np.int64), 9)

    def nb(i):  # name-character bucket
        return tables.namechar[p.cc[i]]

    mid = c[np.minimum(pos + 2, last)]
    n = len(pos)
    nt = tables.n_templates
    if not n:
        return np.zeros((0, nt), dtype=np.int64)
    zero = np.zeros(n, dtype=np.int64)
    if nt > OLD_TEMPLATES and tables.translit is not None:
        tl_c = np.concatenate(([0], np.cumsum(tables.translit[p.cc[pos.min():(pos + lens).max()]].astype(np.int64))))
        zero_c = np.concatenate(([0], np.cumsum(tables.translit[p.cc[pos.min():(pos + lens).max()]] <= 1)))
        o = pos - pos.min()
        tl = (tl_c[o + lens] - tl_c[o]) * 2 // lens
        tlz = np.minimum(zero_c[o + lens] - zero_c[o], 3)
        latin = kind[pos] == 2
        case = np.zeros(n, dtype=np.int64)
        if latin.any():
            def up(x):  # upper-case Latin letters
                return ((x >= 0x41) & (x <= 0x5A)).astype(np.int64)
            li = np.flatnonzero(latin)
            lo, hi = int(pos[li].min()), int((pos[li] + lens[li]).max())
            cum_up = np.concatenate(([0], np.cumsum(up(c[lo:hi]))))
            n_up = cum_up[pos[li] + lens[li] - lo] - cum_up[pos[li] - lo]
            case[li] = 1 + up(c[pos[li]]) + 2 * up(c[last[li]]) + 4 * np.minimum(n_up - up(c[pos[li]]), 2)
        tl = np.where(latin, 0, tl)
        dot = np.zeros(n, dtype=np.int64)
        if p.cum_dot is not None:
            dot = np.minimum(p.cum_dot[pos + lens] - p.cum_dot[pos], 3)
    else:
        tl = tlz = case = dot = zero
    if tables.bigram is not None and nt > 36:
        def pair(a, b):
            return tables.bigram.get(c[a] * TABLE_SIZE + c[b])
        bl, br, bi, bj = pair(pos - 1, pos), pair(last, last + 1), pair(pos, pos + 1), pair(last - 1, last)
    else:
        bl = br = bi = bj = zero
    if tables.edge is not None and nt > 45:
        aft = (tables.edge[p.cc[last]] & 15).astype(np.int64)
        bef = (tables.edge[p.cc[pos]] >> 4).astype(np.int64)
    else:
        aft = bef = zero
    if tables.lexicon is not None and nt > 40:
        lw = np.where(lens <= 5, _lex(tables, c, pos, np.minimum(lens, 5)), 0)
        lwl = np.where(lens <= 4, _lex(tables, c, pos - 1, np.minimum(lens + 1, 5)), 0)
        lwr = np.where(lens <= 4, _lex(tables, c, pos, np.minimum(lens + 1, 5)), 0)
        two = np.full(n, 2)
        ll, lr = _lex(tables, c, pos - 1, two), _lex(tables, c, last, two)
    else:
        lw = lwl = lwr = ll = lr = zero
    # Latin runs get length classes of their own, so no template mixes them with Han names.
    length_class = np.where(kind[pos] == 2, 6 + np.minimum(lens, 12) // 4, np.minimum(lens, 5))
    # The whole span for names of up to four characters (longer: their edges).
    span = ((c0 * _SPAN_P + c1) * _SPAN_P + mid) * _SPAN_P + c[last] + lens
    B = np.stack((
        np.zeros(len(pos), dtype=np.int64), length_class, c0, c1, c[last], c[last - 1],
        mid, span, k(pos - 1), k(pos - 2), k(pos - 3), k(last + 1), k(last + 2),
        k(last + 3), _lookup(tables.surname, c0).astype(np.int64), comp,
        np.where(lens <= 4, gv1 * 10 + gv2, 99), kind[pos - 1], kind[last + 1], nb(pos), nb(pos + 1),
        nb(last - 1), nb(last), nb(pos - 1), nb(last + 1), p.cum_long[pos + lens] - p.cum_long[pos], lens,
        tl, tlz, case, dot, bl, br, bi, bj, lw, lwl, lwr, ll, lr, aft, bef,
    ), axis=1)
    G = np.take(B, _TPL_FLAT[:3 * nt], axis=1).reshape(len(pos), nt, 3).view(np.uint64)
    h = G[:, :, 0] * _U(_K[0]) + G[:, :, 1] * _U(_K[1]) + G[:, :, 2] * _U(_K[2]) + _TID[:nt]
    h ^= h >> _U(29)
    h *= _U(_K[3])
    h ^= h >> _U(32)
    # Index 0 is reserved for a hidden feature (weight 0).
    return np.maximum((h & _U((1 << tables.hash_bits) - 1)).view(np.int64), 1)


_WH = _U(0x100000001B3)


def word_hash(c: np.ndarray, start: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Hash of the code points ``c[start:start + lens]`` (per row), the key
    of the lexicon table.

    >>> a = np.array([0x9ad8, 0x5174, 0x9ad8, 0x5174], dtype=np.int64)
    >>> h = word_hash(a, np.array([0, 2]), np.array([2, 2]))
    >>> bool(h[0] == h[1])
    True
    """
    h = lens.astype(np.uint64) * _U(_K[1])
    for i in range(int(lens.max()) if len(lens) else 0):
        ok = i < lens
        h = np.where(ok, (h ^ c[np.where(ok, start + i, start)].astype(np.uint64)) * _WH, h)
    h ^= h >> _U(31)
    return h.view(np.int64)


class KeyTable:
    """int64 keys -> small values (0 where absent), by open addressing: a
    vectorised lookup reads one or two slots where a binary search over a
    large sorted array would miss the cache a dozen times per key."""

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        bits = max(4, int(len(keys) * 3).bit_length())
        self.shift = _U(64 - bits)
        size = 1 << bits
        self.keys = np.zeros(size, dtype=np.int64)
        self.values = np.zeros(size, dtype=np.int8)
        self.used = np.zeros(size, dtype=bool)
        slot = self._slot(keys)
        todo = np.arange(len(keys))
        self.probes = 0
        while len(todo):  # place keys; a collision moves on to the next slot
            self.probes += 1
            s = slot[todo]
            free = ~self.used[s]
            s_free, first = np.unique(s[free], return_index=True)
            placed = todo[free][first]
            self.keys[s_free], self.values[s_free], self.used[s_free] = keys[placed], values[placed], True
            left = np.ones(len(todo), dtype=bool)
            left[np.flatnonzero(free)[first]] = False
            todo = todo[left]
            slot[todo] = (slot[todo] + 1) & (size - 1)

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.view(np.uint64) * _U(_K[3])) >> self.shift).astype(np.int64)

    def get(self, keys: np.ndarray) -> np.ndarray:
        mask = len(self.keys) - 1
        slot = self._slot(keys)
        out = np.zeros(len(keys), dtype=np.int64)
        todo = np.arange(len(keys))
        for _ in range(self.probes):
            s = slot[todo]
            hit = self.used[s] & (self.keys[s] == keys[todo])
            out[todo[hit]] = self.values[s[hit]]
            todo = todo[self.used[s] & ~hit]  # an empty slot ends the search
            if not len(todo):
                break
            slot[todo] = (slot[todo] + 1) & mask
        return out


def _lex(tables: Tables, c: np.ndarray, start: np.ndarray, lens: np.ndarray) -> np.ndarray:
    return tables.lexicon.get(word_hash(c, start, lens))


# -- model ------------------------------------------------------------------

@dataclass
class Model:
    weights: np.ndarray
    bias: float
    threshold: float
    screen: np.ndarray        # float32[screen_size(tables)]
    screen_threshold: float
    tables: Tables
    version: str

    def scores(self, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(positions, lengths, probabilities) of the candidates that pass the screen."""
        p = prepare(c, self.tables)
        pos, lens = candidates(p, self.tables)
        if len(pos):
            keep = screen_scores(p, pos, lens, self.screen) >= self.screen_threshold
            keep |= bypass(p, pos, lens)
            pos, lens = pos[keep], lens[keep]
        if not len(pos):
            return pos, lens, np.zeros(0)
        z = self.weights[features(p, pos, lens, self.tables)].sum(axis=1) + self.bias
        z[titled(p, pos, lens)] = -50.0
        return pos, lens, 1.0 / (1.0 + np.exp(-z))


def _dense(cps: np.ndarray, values, dtype, size: int = TABLE_SIZE) -> np.ndarray:
    t = np.zeros(size, dtype=dtype)
    t[cps.astype(np.int64)] = values
    return t


def tables_from(z) -> Tables:
    return Tables(
        start_ok=_dense(z["start_ok"], 1, np.uint8), long_ok=_dense(z["long_ok"], 1, np.uint8),
        surname=_dense(z["surname_cp"], z["surname_bucket"], np.int8),
        given=_dense(z["given_cp"], z["given_bucket"], np.int8),
        compound=np.sort(z["compound"].astype(np.int64)),
        namechar=_dense(z["namechar_cp"], z["namechar_bucket"], np.int8),
        char_id=_dense(z["char_cp"], np.arange(1, len(z["char_cp"]) + 1), np.uint16),
        translit=_dense(z["translit_cp"], z["translit_bucket"], np.int8) if "translit_cp" in z else None,
        n_templates=int(z["n_templates"]) if "n_templates" in z else OLD_TEMPLATES,
        hash_bits=int(z["hash_bits"]) if "hash_bits" in z else 20,
        edge=_dense(z["edge_cp"], z["edge_bucket"], np.uint8) if "edge_cp" in z else None,
        dotted=bool(z["dotted"]) if "dotted" in z else False,
        bigram=KeyTable(z["bigram"].astype(np.int64), z["bigram_bucket"]) if "bigram" in z else None,
        lexicon=KeyTable(z["lexicon"].astype(np.int64), z["lexicon_class"] + 1) if "lexicon" in z else None)


def load_model(path=None) -> Model:
    """Load a model file (the shipped one by default)."""
    src = path or resources.files("piguard.detect").joinpath(MODEL_FILE)
    with (open(src, "rb") if path else src.open("rb")) as f:
        z = np.load(f)
        tables = tables_from(z)
        return Model(
            weights=_dense(z["weight_index"], z["weight_value"].astype(np.float32), np.float32, 1 << tables.hash_bits),
            bias=float(z["bias"]), threshold=float(z["threshold"]),
            screen=_dense(z["screen_index"], z["screen_value"].astype(np.float32), np.float32, screen_size(tables)),
            screen_threshold=float(z["screen_threshold"]), tables=tables, version=str(z["version"]))


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    return load_model()


def decode(pos: np.ndarray, lens: np.ndarray, probs: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Best non-overlapping candidates above ``threshold``: (start, end, p), padded offsets."""
    hit = np.nonzero(probs >= threshold)[0]
    if not len(hit):
        return []
    order = hit[np.argsort(-probs[hit], kind="stable")]
    taken: list[tuple[int, int, float]] = []
    used = bytearray(int(pos[hit].max() + lens[hit].max()) + 1)
    for s, n, p in zip(pos[order].tolist(), lens[order].tolist(), probs[order].tolist()):
        if not any(used[s:s + n]):
            used[s:s + n] = b"\x01" * n
            taken.append((s, s + n, p))
    taken.sort()
    return taken


def calibrate(p, threshold: float):
    """Move probabilities so that the model's threshold reads as 0.5, the
    cut the engine and the column classifier apply to every recogniser.

    >>> round(calibrate(0.25, 0.25), 3), calibrate(0.9, 0.25) > 0.9
    (0.5, True)
    """
    t = math.log(threshold / (1.0 - threshold))
    if np.ndim(p) == 0:  # one span: plain floats, numpy scalars cost microseconds
        q = min(max(float(p), 1e-9), 1 - 1e-9)
        return 1.0 / (1.0 + math.exp(t - math.log(q / (1.0 - q))))
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return 1.0 / (1.0 + np.exp(t - np.log(q / (1.0 - q))))


def cell_score(value: str) -> float:
    """Probability that ``value`` on its own (a table cell) is one name; the
    full model reads the whole cell as one candidate (calibrated like text
    hits: 0.5 at the model's threshold).

    >>> cell_score("张伟") > 0.5, cell_score("高兴") < 0.5
    (True, True)
    """
    return _cell_score(value)


@lru_cache(maxsize=65536)
def _cell_score(value: str) -> float:
    return float(cell_scores([value])[0])


def cell_scores(values: list[str], model: Model | None = None) -> np.ndarray:
    """``cell_score`` of many cells in one pass (0.0 where a cell is not two
    to ten characters).

    >>> [round(float(x)) for x in cell_scores(["张伟", "高兴"])]
    [1, 0]
    """
    m = model or shipped_model()
    out = np.zeros(len(values))
    idx = [i for i, v in enumerate(values) if 2 <= len(v) <= MAX_LONG]
    if not idx:
        return out
    c, starts = encode([values[i] for i in idx])
    p = prepare(c, m.tables)
    pos = np.array(starts, dtype=np.int64)
    lens = np.array([len(values[i]) for i in idx], dtype=np.int64)
    z = m.weights[features(p, pos, lens, m.tables)].sum(axis=1) + m.bias
    z[titled(p, pos, lens)] = -50.0
    out[idx] = calibrate(1.0 / (1.0 + np.exp(-z)), m.threshold)
    return out


# -- recogniser -------------------------------------------------------------

class NameRecognizer:
    """Finds PERSON_NAME spans; see the module docstring."""

    name = "names"
    entities = (ENTITY,)

    def __init__(self, model: Model | None = None, threshold: float | None = None):
        self.model = model or shipped_model()
        self.threshold = self.model.threshold if threshold is None else threshold

    def find(self, nt: NormalizedText) -> list[Span]:
        """Names in one normalised text, in its offsets."""
        return self.find_many([nt])[0]

    def find_many(self, nts: list[NormalizedText]) -> list[list[Span]]:
        """Names in several texts at once: one pass over the batch, which
        saves the fixed cost of the array operations on short texts."""
        texts = [nt.text for nt in nts]
        out: list[list[Span]] = [[] for _ in texts]
        if not any(len(t) >= 2 for t in texts):
            return out
        c, starts = encode(texts)
        pos, lens, probs = self.model.scores(c)
        doc = 0
        for s, e, p in decode(pos, lens, probs, self.threshold):
            while doc + 1 < len(starts) and starts[doc + 1] <= s:
                doc += 1
            text, s0, e0 = texts[doc], s - starts[doc], e - starts[doc]
            out[doc].append(Span(s0, e0, ENTITY, round(calibrate(p, self.threshold), 4), text[s0:e0],
                                 self._explain(text, s0, e0, p)))
        return out

    def _explain(self, text: str, s: int, e: int, p: float) -> dict:
        single, compound = _surname_sets()
        name = text[s:e]
        surname = name[:2] if name[:2] in compound else name[:1] if name[:1] in single else None
        cue = _CUE_AT_END.search(text[max(0, s - 8):s].rstrip(" :：,，"))
        right = text[e:e + 2]
        return {"recognizer": self.name, "model": self.model.version, "probability": round(p, 4),
                "threshold": self.threshold,
                "surname": surname, "length": e - s,
                "cue": cue.group() if cue else None,
                "title_after": right if right in ("先生", "女士", "小姐") else None}


# The explanation names the cue word that ends right before a hit; the
# longest one when several do (联系人 rather than 人).
_CUE_AT_END = re.compile("(?:" + "|".join(sorted(map(re.escape, CUES), key=len, reverse=True)) + ")$")


@lru_cache(maxsize=1)
def _surname_sets() -> tuple[frozenset, frozenset]:
    from piguard.entities.person_name import _surnames

    single, compound = _surnames()
    return frozenset(single), frozenset(compound)


def find_names(text: str) -> list[Span]:
    """Names in a raw text (offsets into the normalised text).

    >>> [s.text for s in find_names("车主雷英已到店")]
    ['雷英']
    """
    return NameRecognizer().find(normalize(text))
