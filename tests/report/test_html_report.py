"""The HTML scan report: self-contained, readable, no raw values."""
import random
import re

import pyarrow as pa

from piguard import entities, scan
from piguard.report.render import render


def gen(entity, n, seed=3):
    rng = random.Random(seed)
    return [entities.get(entity).generate(rng) for _ in range(n)]


def test_html_is_self_contained_with_thresholds_and_no_raw_values():
    n = 70
    data = {"姓名": gen("PERSON_NAME", n), "身份证号": gen("CN_RESIDENT_ID", n),
            "卡号": gen("BANK_CARD", n), "手机": gen("PHONE_MOBILE", n)}
    report = scan(pa.table(data))
    html = render([report], "html")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    # Nothing loaded from elsewhere, nothing executed.
    assert not re.search(r"(src|href)\s*=\s*\"(https?:)?//", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html
    # The threshold section, with the bank cards in the 50-record category.
    assert "法释〔2017〕10号" in html and "情节严重" in html
    assert "5,000" in html and "500" in html
    assert re.search(r"财产信息.*?<td class=\"num\">50</td>.*?<td class=\"num\">70</td>", html, re.S)
    # Entities, Chinese labels and levels per column; masked examples only.
    for e in ("PERSON_NAME", "CN_RESIDENT_ID", "BANK_CARD", "PHONE_MOBILE"):
        assert e in html and entities.get(e).LABEL_ZH in html
    for vals in data.values():
        for v in vals:
            assert v not in html
    assert "****" in html


def test_html_escapes_headers():
    report = scan(pa.table({"<b>x</b>": ["1", "2"]}))
    html = render([report], "html")
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
