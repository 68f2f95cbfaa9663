"""Record counts against the 2017 SPC/SPP thresholds for personal-information crimes.

《最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》
(法释〔2017〕10号), article 5: obtaining, selling or providing

* 50 records or more of 行踪轨迹信息、通信内容、征信信息、财产信息,
* 500 or more of 住宿信息、通信记录、健康生理信息、交易信息 and other
  information that may affect personal or property safety,
* 5,000 or more of any other personal information

is 情节严重; counts that reach ten times those figures are 情节特别严重; and
counts below each figure that reach it "按相应比例合计" (n50/50 + n500/500 +
n5000/5000 >= 1) are 情节严重 too. Article 11: a batch is counted as found,
duplicates and proven-false records excepted.

A record here is a table row (one person's entry). A row is counted once, in
the strictest category any of its matched values falls in. The mapping from
entity types to categories, and why, is in docs/thresholds.md.

>>> category("BANK_CARD").threshold, category("PHONE_MOBILE").threshold
(50, 5000)
>>> r = assess({50: 10, 500: 0, 5000: 4000})
>>> round(r["ratio"], 2), r["verdict"]
(1.0, '情节严重')
"""
from __future__ import annotations

from dataclasses import dataclass

SOURCE = "法释〔2017〕10号 第五条"


@dataclass(frozen=True)
class Category:
    threshold: int
    label_zh: str
    label_en: str


TRACK_CONTENT_CREDIT_PROPERTY = Category(50, "行踪轨迹、通信内容、征信、财产信息", "whereabouts, communication content, credit, property")
STAY_RECORDS_HEALTH_TRADE = Category(500, "住宿、通信记录、健康生理、交易信息", "lodging, communication records, health, transactions")
OTHER = Category(5000, "其他公民个人信息", "other personal information")

CATEGORIES = (TRACK_CONTENT_CREDIT_PROPERTY, STAY_RECORDS_HEALTH_TRADE, OTHER)

# Entity types that fall in a stricter category than "other" on their own.
# A bank card or account number is 财产信息 (it opens a property account).
# Phone numbers are not 通信记录 (call records), IP addresses and device IDs
# are not 行踪轨迹 (located traces over time) by themselves: see
# docs/thresholds.md.
ENTITY_CATEGORY = {
    "BANK_CARD": TRACK_CONTENT_CREDIT_PROPERTY,
}


def category(entity: str) -> Category:
    """The threshold category of an entity type's records."""
    return ENTITY_CATEGORY.get(entity, OTHER)


def assess(records: dict[int, int]) -> dict:
    """Verdict for row counts per threshold (``{50: n, 500: n, 5000: n}``).

    ``ratio`` is the proportional sum of article 5 (6): 1 reaches 情节严重,
    10 reaches 情节特别严重.
    """
    ratio = sum(records.get(c.threshold, 0) / c.threshold for c in CATEGORIES)
    if ratio >= 10:
        verdict = "情节特别严重"
    elif ratio >= 1:
        verdict = "情节严重"
    else:
        verdict = "未达标准"
    rows = [{"threshold": c.threshold, "category_zh": c.label_zh, "category": c.label_en,
             "records": int(records.get(c.threshold, 0)),
             "reached": records.get(c.threshold, 0) >= c.threshold}
            for c in CATEGORIES]
    return {"source": SOURCE, "categories": rows, "ratio": round(ratio, 4), "verdict": verdict}
