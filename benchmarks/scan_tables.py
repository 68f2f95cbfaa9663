"""Generated tables for the column classifier: accuracy across header styles,
encodings and value formats, and the scan rate on a large table.

    python benchmarks/scan_tables.py accuracy [--rows 300] [--seed 1]
    python benchmarks/scan_tables.py speed [--rows 1000000]

Every value comes from the entity modules' ``generate`` (synthetic people),
reformatted the ways exports write them; decoys are written here. Headers
are drawn from lists kept apart from the modules' ``HEADER_CUES`` (many of
them are not cues at all), and one style has no meaningful headers, so the
values must carry the decision. Types that need context (QQ, WeChat, travel
permits) are expected to be ``null`` under meaningless headers.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import string
import sys
import tempfile
import time
import uuid

HEADERS = {
    "PERSON_NAME": {"zh": ["客户名称", "真实姓名", "乘车人", "持卡人", "业主姓名", "姓名（中文）"],
                    "en": ["CustomerName", "full name", "contact_person", "holder", "recipient_name"],
                    "py": ["khmc", "zsxm", "lxrxm", "xm1"]},
    "CN_RESIDENT_ID": {"zh": ["身份证", "公民身份号码", "证件号", "身份证件号码"],
                       "en": ["IDCardNo", "ID Card No.", "national_id", "cert_no"], "py": ["sfzh", "sfzhm", "zjh"]},
    "PHONE_MOBILE": {"zh": ["手机", "联系手机", "移动电话", "本人手机"],
                     "en": ["MobilePhone", "cell", "Phone Number", "msisdn"], "py": ["sjh", "lxsj", "yddh"]},
    "PHONE_LANDLINE": {"zh": ["固定电话", "办公电话", "座机", "单位电话"],
                       "en": ["landline", "office_tel", "work_phone"], "py": ["gddh", "bgdh", "zj"]},
    "EMAIL": {"zh": ["邮箱", "电子邮件", "联系邮箱"], "en": ["e-mail", "E-Mail Address", "mail"], "py": ["yx", "dzyx"]},
    "ADDRESS": {"zh": ["居住地址", "收货地址", "通讯地址", "详细地址"],
                "en": ["home_address", "AddressLine", "shipping_addr"], "py": ["jzdz", "txdz", "xxdz"]},
    "BANK_CARD": {"zh": ["银行卡号", "还款账号", "卡号", "银行账号"],
                  "en": ["card_no", "bank_account", "CardNumber", "acct_no"], "py": ["yhkh", "hkzh", "khzh"]},
    "LICENSE_PLATE": {"zh": ["车牌", "车牌号码", "号牌"], "en": ["plate_no", "license_plate", "PlateNumber"],
                      "py": ["cph", "hphm"]},
    "VIN": {"zh": ["车辆识别代号", "车架号码", "VIN码"], "en": ["vin", "vin_code", "chassis_no"], "py": ["cjhm", "clsbdh"]},
    "PASSPORT_CN": {"zh": ["护照号码", "护照"], "en": ["passport", "PassportNumber"], "py": ["hzh", "hzhm"]},
    "TRAVEL_PERMIT": {"zh": ["港澳通行证", "通行证号码", "回乡证号"], "en": ["permit_no", "hk_macau_permit"],
                      "py": ["txzh", "gatxz"]},
    "QQ_NUMBER": {"zh": ["QQ", "QQ号码", "联系QQ"], "en": ["qq_no", "QQNumber"], "py": ["qq", "qqhm"]},
    "WECHAT_ID": {"zh": ["微信", "微信号码", "联系微信"], "en": ["wechat", "WeChatID", "wx_id"], "py": ["wx", "wxid"]},
    "IP_ADDRESS": {"zh": ["登录IP", "客户端IP", "IP"], "en": ["client_ip", "ip_addr", "remote_addr"], "py": ["ip", "dlip"]},
    "DEVICE_ID": {"zh": ["设备号", "IMEI号", "设备标识", "手机串号"], "en": ["imei", "DeviceId", "mac_address", "idfa"],
                  "py": ["sbh", "sbbs"]},
    "BIRTH_DATE": {"zh": ["出生年月日", "生日", "出生日期"], "en": ["dob", "DateOfBirth", "birthday"], "py": ["csrq", "sr"]},
}
CONTEXT_BOUND = ("QQ_NUMBER", "WECHAT_ID", "TRAVEL_PERMIT")
JUNK = ("无", "不详", "-", "待补充", "见附件", "N/A", "0", "同上", "?")

DECOY_HEADERS = {
    "order_no": ["订单编号", "order_id", "ddbh"], "policy_no": ["保单号", "policy", "bdh"],
    "waybill": ["运单号", "tracking_no", "ydh"], "ts_ms": ["创建时间", "created_at", "cjsj"],
    "ts_s": ["更新时间", "updated", "gxsj"], "amount": ["金额", "price", "je"], "status": ["状态", "status", "zt"],
    "product": ["产品名称", "product", "cpmc"], "masked_phone": ["手机号", "mobile", "sjh"],
    "masked_id": ["身份证号", "id_card", "sfzh"], "masked_name": ["姓名", "name", "xm"],
    "masked_card": ["银行卡号", "card_no", "yhkh"], "bad_id": ["证件号码", "id_no", "zjhm"],
    "event_date": ["办理日期", "date", "blrq"], "qty": ["数量", "qty", "sl"], "gender": ["性别", "gender", "xb"],
    "age": ["年龄", "age", "nl"], "zip": ["邮编", "zipcode", "yb"], "company": ["单位名称", "company", "dwmc"],
    "city": ["所在城市", "city", "szcs"], "md5": ["校验值", "checksum", "jyz"], "remark": ["备注", "remark", "bz"],
    "serial11": ["序列号", "serial", "xlh"], "emp_code": ["员工编号", "employee_no", "ygbh"],
    "hospital": ["就诊医院", "hospital", "jzyy"], "diagnosis": ["诊断", "diagnosis", "zd"],
    "area": ["所属片区", "district", "sspq"], "ip_port": ["服务地址", "endpoint", "fwdz"],
}


def _ent(name):
    from piguard import entities
    return entities.get(name)


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def value(entity: str, rng: random.Random) -> str:
    """A synthetic value of ``entity`` in one of the formats exports use."""
    mod = _ent(entity)
    v = mod.generate(rng)
    r = rng.random()
    if entity == "PHONE_MOBILE":
        return (v if r < .4 else f"+86 {v[:3]} {v[3:7]} {v[7:]}" if r < .55 else f"{v[:3]}-{v[3:7]}-{v[7:]}"
                if r < .7 else "86" + v if r < .8 else _fullwidth(v) if r < .9 else f"+86-{v}")
    if entity == "CN_RESIDENT_ID":
        return v.lower() if r < .2 else f"{v[:6]} {v[6:14]} {v[14:]}" if r < .3 else _fullwidth(v) if r < .4 else v
    if entity == "BANK_CARD":
        return " ".join(v[i:i + 4] for i in range(0, len(v), 4)) if r < .3 else v
    if entity == "EMAIL":
        return v.upper() if r < .1 else v
    if entity == "LICENSE_PLATE":
        return v[:2] + "·" + v[2:] if r < .3 else v[:2] + " " + v[2:] if r < .4 else v
    if entity == "BIRTH_DATE":
        d = dt.date.fromisoformat(v)
        return (v if r < .3 else f"{d.year}/{d.month}/{d.day}" if r < .5 else d.strftime("%Y%m%d") if r < .7
                else f"{d.year}年{d.month}月{d.day}日" if r < .85 else d.strftime("%Y.%m.%d"))
    if entity == "DEVICE_ID":
        return (":".join(f"{rng.randrange(256):02X}" for _ in range(6)) if r < .15
                else str(uuid.UUID(int=rng.getrandbits(128))).upper() if r < .25 else v)
    return v


def decoy(kind: str, rng: random.Random) -> str:
    now = int(time.time())
    if kind == "order_no":
        return "2024" + "".join(rng.choice(string.digits) for _ in range(14))
    if kind == "policy_no":
        return rng.choice(["PDAA", "PDZA", "P1A"]) + "2024" + "".join(rng.choice(string.digits) for _ in range(14))
    if kind == "waybill":
        return rng.choice(["SF", "YT", "JD", ""]) + "".join(rng.choice(string.digits) for _ in range(13))
    if kind == "ts_ms":
        return str((now - rng.randrange(10 ** 8)) * 1000 + rng.randrange(1000))
    if kind == "ts_s":
        return str(now - rng.randrange(10 ** 8))
    if kind == "amount":
        return f"{rng.uniform(1, 50000):.2f}"
    if kind == "status":
        return rng.choice(["正常", "逾期", "已结清", "派送中", "已签收"])
    if kind == "product":
        return rng.choice(["意外险", "医疗险", "车损险", "年金险", "定期寿险"])
    if kind == "masked_phone":
        return _ent("PHONE_MOBILE").mask(_ent("PHONE_MOBILE").generate(rng))
    if kind == "masked_id":
        return _ent("CN_RESIDENT_ID").mask(_ent("CN_RESIDENT_ID").generate(rng))
    if kind == "masked_name":
        return _ent("PERSON_NAME").mask(_ent("PERSON_NAME").generate(rng))
    if kind == "masked_card":
        return _ent("BANK_CARD").mask(_ent("BANK_CARD").generate(rng))
    if kind == "bad_id":
        v = _ent("CN_RESIDENT_ID").generate(rng)
        return v[:17] + rng.choice([c for c in "0123456789X" if c != v[17]])
    if kind == "event_date":
        return (dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2500))).isoformat()
    if kind == "qty":
        return str(rng.randrange(1, 200))
    if kind == "gender":
        return rng.choice("男女")
    if kind == "age":
        return str(rng.randrange(18, 85))
    if kind == "zip":
        return f"{rng.randrange(100000, 860000)}"
    if kind == "company":
        return rng.choice(["华夏", "中科", "远航", "恒信", "金源"]) + rng.choice(["科技", "贸易", "物流"]) + "有限公司"
    if kind == "city":
        return rng.choice(["广东省深圳市", "浙江省杭州市", "北京市", "四川省成都市", "湖北省武汉市"])
    if kind == "md5":
        return "%032x" % rng.getrandbits(128)
    if kind == "remark":
        return rng.choice(["客户要求周末送货", "已电话确认", "", "加急处理", "请放门卫"])
    if kind == "serial11":
        return str(rng.randrange(10 ** 10, 10 ** 11))
    if kind == "emp_code":
        return "E%08d" % rng.randrange(10 ** 8)
    if kind == "hospital":
        return rng.choice(["北京协和医院", "上海瑞金医院", "四川大学华西医院", "中山大学附属第一医院"])
    if kind == "diagnosis":
        return rng.choice(["高血压", "糖尿病", "急性阑尾炎", "上呼吸道感染", "腰椎间盘突出", "冠心病"])
    if kind == "area":
        return rng.choice(["南山区", "福田区", "西湖区", "朝阳区"]) + rng.choice(["科技园", "中关村", "华强北", "望京"])
    if kind == "ip_port":
        return "%d.%d.%d.%d:%d" % (rng.randrange(1, 255), rng.randrange(255), rng.randrange(255),
                                   rng.randrange(255), rng.randrange(1024, 65535))
    raise ValueError(kind)


def make_table(rng: random.Random, rows: int, style: str, entities: list[str], decoys: list[str]):
    """(headers, columns, gold) for one generated table."""
    cols, headers, gold = [], [], []
    used = set()
    for e in entities:
        h = (f"col_{len(headers) + 1:02d}" if style == "opaque" else rng.choice(HEADERS[e][style]))
        headers.append(h)
        gold.append(None if (style == "opaque" and e in CONTEXT_BOUND) else e)
        fill = rng.choice([0.95, 0.95, 0.6, 0.3])  # some columns are sparse
        junk = rng.choice([0.0, 0.0, 0.05, 0.1])   # and some hold junk
        cols.append([(value(e, rng) if rng.random() >= junk else rng.choice(JUNK)) if rng.random() < fill else ""
                     for _ in range(rows)])
    for d in decoys:
        idx = {"zh": 0, "en": 1, "py": 2}.get(style)
        h = f"col_{len(headers) + 1:02d}" if idx is None else DECOY_HEADERS[d][idx]
        headers.append(h)
        gold.append(None)
        cols.append([decoy(d, rng) for _ in range(rows)])
    # Unique headers, shuffled column order.
    for i, h in enumerate(headers):
        while headers[i] in used:
            headers[i] = headers[i] + "_2"
        used.add(headers[i])
    order = list(range(len(headers)))
    rng.shuffle(order)
    return [headers[i] for i in order], [cols[i] for i in order], [gold[i] for i in order]


def write_csv(path, headers, cols, encoding):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(headers)
        for row in zip(*cols):
            w.writerow(row)


def write_any(folder, stem, headers, cols, fmt) -> str:
    """Write a generated table as CSV in an encoding, TSV, XLSX, Parquet or JSON Lines."""
    if fmt in ("utf-8", "utf-8-sig", "gbk", "gb18030"):
        path = os.path.join(folder, stem + ".csv")
        write_csv(path, headers, cols, fmt)
        return path
    if fmt == "tsv":
        path = os.path.join(folder, stem + ".tsv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t")
            w.writerow(headers)
            w.writerows(zip(*cols))
        return path
    import pyarrow as pa

    from piguard.io.tables import write_table

    path = os.path.join(folder, f"{stem}.{fmt}")
    table = pa.table([pa.array([v or None for v in c], pa.string()) for c in cols], names=headers)
    write_table(table, path)
    return path


def accuracy(rows: int, seed: int, out_dir: str | None = None) -> dict:
    from piguard import scan

    rng = random.Random(seed)
    ents = list(HEADERS)
    kinds = list(DECOY_HEADERS)
    tmp = out_dir or tempfile.mkdtemp(prefix="piguard-gen-")
    results = {}
    misses = []
    for style in ("zh", "en", "py", "opaque"):
        tp = fp = fn = 0
        for k, fmt in enumerate(("utf-8", "utf-8-sig", "gbk", "gb18030", "tsv", "xlsx", "parquet", "jsonl")):
            es = rng.sample(ents, 9)
            ds = rng.sample(kinds, 7)
            headers, cols, gold = make_table(rng, rows, style, es, ds)
            path = write_any(tmp, f"gen_{style}_{k}", headers, cols, fmt)
            report = scan(path)
            got = {c.name: c.entity for c in report.columns}
            for h, g in zip(headers, gold):
                p = got.get(h)
                if g and p == g:
                    tp += 1
                else:
                    fn += bool(g)
                    fp += bool(p)
                    if g or p:
                        col = next(c for c in report.columns if c.name == h)
                        misses.append((style, fmt, h, g, p, col.explanation.get("reason")))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        results[style] = {"tp": tp, "fp": fp, "fn": fn,
                          "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0}
    T = {k: sum(r[k] for r in results.values()) for k in ("tp", "fp", "fn")}
    p = T["tp"] / (T["tp"] + T["fp"]) if T["tp"] + T["fp"] else 0
    r = T["tp"] / (T["tp"] + T["fn"]) if T["tp"] + T["fn"] else 0
    results["micro_f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    results["misses"] = misses
    return results


def speed(rows: int, seed: int = 1) -> dict:
    """Scan a rows x 12 CSV (8 personal columns, 4 decoys); rows per second."""
    import numpy as np

    from piguard import scan

    rng = random.Random(seed)
    ents = ["PERSON_NAME", "CN_RESIDENT_ID", "PHONE_MOBILE", "ADDRESS", "BANK_CARD", "EMAIL",
            "DEVICE_ID", "BIRTH_DATE"]
    decs = ["order_no", "amount", "ts_ms", "status"]
    base = 20_000
    headers, cols, _ = make_table(rng, base, "zh", ents, decs)
    tmp = tempfile.mkdtemp(prefix="piguard-speed-")
    path = os.path.join(tmp, "big.csv")
    # Tile the generated block up to ``rows`` (values repeat; the work does not shrink).
    reps = -(-rows // base)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(headers)
        block = list(zip(*cols))
        left = rows
        for _ in range(reps):
            w.writerows(block[:left])
            left -= len(block)
    t0, c0 = time.perf_counter(), time.process_time()
    r = scan(path)
    el, cpu = time.perf_counter() - t0, time.process_time() - c0
    del np
    # CPU time is what one dedicated core would need; wall time depends on
    # what else the machine runs (pin with ``taskset -c 0`` for one core).
    return {"rows": r.rows, "columns": len(r.columns), "seconds": round(el, 2), "cpu_seconds": round(cpu, 2),
            "rows_per_s": int(r.rows / el), "rows_per_cpu_s": int(r.rows / cpu),
            "found": [c.entity for c in r.columns]}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["accuracy", "speed"])
    ap.add_argument("--rows", type=int)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    if a.what == "accuracy":
        res = accuracy(a.rows or 300, a.seed)
        for m in res.pop("misses"):
            print("MISS", *m, file=sys.stderr)
        print(json.dumps(res, ensure_ascii=False))
    else:
        print(json.dumps(speed(a.rows or 1_000_000, a.seed), ensure_ascii=False))


if __name__ == "__main__":
    main()
