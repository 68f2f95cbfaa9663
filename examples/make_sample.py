"""Regenerate examples/customers.csv: 300 synthetic insurance customers.

    python examples/make_sample.py

Every value is generated (piguard.synth); no real person is in the file.
"""
import csv
import random
from pathlib import Path

from piguard import synth

HEADER = ["保单号", "客户姓名", "证件号码", "手机号", "家庭住址", "银行卡号", "车牌号",
          "车架号", "出生日期", "电子邮箱", "保费", "投保日期", "所属机构"]
BRANCHES = ["电销中心", "杭州分公司", "宁波中心支公司", "客服中心", "风控部"]


def main() -> None:
    rng = random.Random(20261122)
    out = Path(__file__).with_name("customers.csv")
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for _ in range(300):
            c = synth.customer(rng)
            w.writerow([
                f"PDAA2024{rng.randrange(10**14):014d}", c["name"], c["resident_id"], c["mobile"],
                c["address"], c["bank_card"], c["plate"], c["vin"], c["birth_date"], c["email"],
                f"{rng.uniform(300, 20000):.2f}",
                f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", rng.choice(BRANCHES),
            ])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
