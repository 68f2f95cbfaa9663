"""Table-driven checks of the PERSON_NAME recogniser (piguard.detect.names)."""
import random

import numpy as np
import pytest

from piguard.detect import name_synth
from piguard.detect import names as N
from piguard.detect.normalize import normalize


def found(text):
    """Names found in ``text``, as written there (normalisation mapped back)."""
    nt = normalize(text)
    out = []
    for s in N.NameRecognizer().find(nt):
        a, b = nt.to_original(s.start, s.end)
        out.append(text[a:b])
    return out


HITS = [
    ("借款人韩超桂的紧急联系人是丁子琳,电话151-6784-6212", ["韩超桂", "丁子琳"]),
    ("运单SF1234567890已签收,签收人司马艳国。", ["司马艳国"]),
    ("苏轩艳出生于1993年5月22日。", ["苏轩艳"]),
    ("车辆识别代号LGW2HXNM8ZJAPKESU,车主雷英。", ["雷英"]),
    ("请联系欧阳娜娜处理退款。", ["欧阳娜娜"]),
    ("诸葛明远是本案的经办人。", ["诸葛明远"]),
    ("收件人:公孙梅,电话13800138000", ["公孙梅"]),
    ("获奖者：买买提·吐尔逊", ["买买提·吐尔逊"]),
    ("收件人:阿依古丽•艾买提,电话13800138000", ["阿依古丽•艾买提"]),
    ("客户張偉的銀行卡號已變更。", ["張偉"]),
    ("联系人王建国13912345678", ["王建国"]),
    ("13912345678李秀英", ["李秀英"]),
    ("姓名：陈静，性别：女", ["陈静"]),
    ("负责人刘洋", ["刘洋"]),
    ("客服（刘洋）", ["刘洋"]),
    ("参加培训的有张伟、李娜、王芳。", ["张伟", "李娜", "王芳"]),
    ("王小明先生您好，您的订单已发货。", ["王小明"]),
    ("投保人赵丽颖,身份证号110101199003071234", ["赵丽颖"]),
    # Two-character names between Han characters, common names in short sentences.
    ("借款人薛志的贷款已结清。", ["薛志"]),
    ("会议由张伟主持。", ["张伟"]),
    ("李静说明天到。", ["李静"]),
    ("刘洋已到", ["刘洋"]),
    # Compound surname with a two-character given name (not 孙磊振).
    ("联系人公孙磊振", ["公孙磊振"]),
    # Dotted and transliterated names.
    ("前锋乔·科尔在比赛中受伤。", ["乔·科尔"]),
    ("据报道，买买提·吐尔逊当选代表。", ["买买提·吐尔逊"]),
    ("贝克汉姆出席了活动。", ["贝克汉姆"]),
]

MISSES = [
    "王女士您好，您的快递已到。",
    "李先生，请问您方便接听电话吗？",
    "大家都很高兴，黄金周去了王国主题公园。",
    "周末请勿在此张贴广告，罚款五万元。",
    "客户张**已完成实名认证。",
    "借款人李某于2020年失联。",
    "王",
    "",
    "请下载客户端查看详情。",
    "方向盘需要定期保养。",
    "保单PDZA202492320376298093的保费为14430.89元,起保日期2024-09-08。",
    # Common words (some that begin with a surname character), minority place names.
    "阴天心情不好。",
    "回顾过去一年，我们成绩显著。",
    "本月万元以上订单免运费。",
    "地址内蒙古自治区锡林郭勒盟阿巴嘎旗长安镇",
]


@pytest.mark.parametrize("text, expected", HITS)
def test_hits(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", MISSES)
def test_misses(text):
    assert found(text) == []


def test_offsets_and_explanation():
    nt = normalize("借款人韩超桂的紧急联系人是欧阳娜娜")
    spans = N.NameRecognizer().find(nt)
    assert [(s.start, s.end) for s in spans] == [(3, 6), (13, 17)]
    assert all(s.entity == "PERSON_NAME" and 0.0 < s.score <= 1.0 for s in spans)
    first, second = spans
    assert first.explanation["cue"] == "借款人" and first.explanation["surname"] == "韩"
    assert second.explanation["surname"] == "欧阳" and second.explanation["length"] == 4
    assert first.explanation["recognizer"] == "names" and first.explanation["model"]


def test_engine_maps_traditional_text_back():
    from piguard.detect.engine import detect
    text = "客户歐陽娜娜的電話"
    names = [s for s in detect(text, entities=["PERSON_NAME"])]
    assert [(s.start, s.end, s.text) for s in names] == [(2, 6, "歐陽娜娜")]


def test_batch_reads_like_one_by_one():
    rec = N.NameRecognizer()
    texts = ["请联系张伟", "王女士", "收件人:欧阳娜娜,电话138", "", "李娜和王芳", "x"]
    nts = [normalize(t) for t in texts]
    one = [[(s.start, s.end, s.score) for s in rec.find(nt)] for nt in nts]
    many = [[(s.start, s.end, s.score) for s in spans] for spans in rec.find_many(nts)]
    assert one == many


def test_spans_never_overlap_and_index_the_text():
    rng = random.Random(4)
    docs = name_synth.documents(rng, 200)
    rec = N.NameRecognizer()
    text = "。".join(d["text"] for d in docs)
    spans = rec.find(normalize(text))
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_shipped_model_quality_on_unseen_wording():
    """The shipped model on generated sentences whose frames it never saw."""
    docs = name_synth.documents(random.Random(2024), 300, frames=name_synth.CHECK_FRAMES)
    rec = N.NameRecognizer()
    tp = fp = fn = 0
    for d in docs:
        got = {(s.start, s.end) for s in rec.find(normalize(d["text"]))}
        gold = {(s["start"], s["end"]) for s in d["spans"]}
        tp += len(got & gold)
        fp += len(got - gold)
        fn += len(gold - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    # Exact boundaries; the training report shows about 1.00 / 0.96 on these frames.
    assert precision > 0.9 and recall > 0.8


def test_model_is_small_and_shipped():
    from importlib import resources
    f = resources.files("piguard.detect").joinpath(N.MODEL_FILE)
    assert f.is_file()
    with f.open("rb") as fh:
        assert len(fh.read()) < 5_000_000
    m = N.shipped_model()
    assert 0.0 < m.threshold < 1.0
    assert np.isfinite(m.weights).all()


def test_long_text_is_handled():
    text = "无关文字，" * 20000 + "客户王建国"
    spans = N.NameRecognizer().find(normalize(text))
    assert [s.text for s in spans] == ["王建国"]


def test_screen_shortcut_agrees_with_its_definition():
    m = N.shipped_model()
    c, _ = N.encode(["借款人韩超桂的紧急联系人是欧阳娜娜", "王女士", "买买提·吐尔逊获得一等奖 Lucifer回归"])
    p = N.prepare(c, m.tables)
    pos, lens = N.candidates(p, m.tables)
    slow = m.screen[N.screen_index(p, pos, lens, m.tables)].sum(axis=1)
    assert np.allclose(N.screen_scores(p, pos, lens, m.screen), slow, atol=1e-4)


def test_dotted_spans_are_candidates():
    """Short dotted names (乔·科尔) and those with characters outside the
    transliteration set are candidates, each span once."""
    m = N.shipped_model()
    text = "前锋乔·科尔和珍妮佛·杰森·李出席"
    c, starts = N.encode(text)
    p = N.prepare(c, m.tables)
    pos, lens = N.candidates(p, m.tables)
    spans = [text[a - starts[0]:a - starts[0] + n] for a, n in zip(pos.tolist(), lens.tolist())]
    assert "乔·科尔" in spans and "珍妮佛·杰森·李" in spans
    assert len(spans) == len(set(zip(pos.tolist(), lens.tolist())))
    assert N.bypass(p, pos, lens)[spans.index("乔·科尔")]


def test_key_table_finds_every_key_and_nothing_else():
    rng = np.random.default_rng(3)
    keys = np.unique(rng.integers(-2**62, 2**62, 5000))
    values = (np.arange(len(keys)) % 20 + 1).astype(np.int8)
    t = N.KeyTable(keys, values)
    assert (t.get(keys) == values).all()
    others = rng.integers(-2**62, 2**62, 5000)
    others = others[~np.isin(others, keys)]
    assert (t.get(others) == 0).all()


def test_word_hash_reads_only_the_span():
    c = np.array([ord(ch) for ch in "我很高兴高兴啊"], dtype=np.int64)
    h = N.word_hash(c, np.array([2, 4, 2]), np.array([2, 2, 3]))
    assert h[0] == h[1] and h[0] != h[2]


def test_models_of_the_first_format_still_load(tmp_path):
    """A model file without the names-lr-2 tables reads the first 26
    templates and makes no dotted candidates (older files keep working)."""
    from importlib import resources
    with resources.files("piguard.detect").joinpath(N.MODEL_FILE).open("rb") as f:
        z = dict(np.load(f))
    for key in ("translit_cp", "translit_bucket", "n_templates", "hash_bits", "edge_cp", "edge_bucket", "dotted", "bigram", "bigram_bucket",
                "lexicon", "lexicon_class"):
        z.pop(key, None)
    path = tmp_path / "old.npz"
    np.savez(path, **z)
    m = N.load_model(path)
    assert m.tables.n_templates == N.OLD_TEMPLATES and not m.tables.dotted
    c, _ = N.encode("借款人韩超桂的紧急联系人是欧阳娜娜")
    p = N.prepare(c, m.tables)
    pos, lens = N.candidates(p, m.tables)
    assert N.features(p, pos, lens, m.tables).shape == (len(pos), N.OLD_TEMPLATES)
    assert N.NameRecognizer(m).find(normalize("我是王建国")) is not None
