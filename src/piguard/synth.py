"""Synthetic customers and texts for tests, benchmarks, canaries and demos.

No real person is in here: every value comes from an entity module's
``generate(rng)``, which draws from realistic distributions (surname
frequencies, administrative divisions, phone prefixes in service...) and
passes the entity's own validation.

>>> import random
>>> row = customer(random.Random(7))
>>> sorted(row)[:4]
['address', 'bank_card', 'birth_date', 'email']
>>> from piguard.entities import get
>>> get("CN_RESIDENT_ID").is_valid(row["resident_id"])
True
"""
from __future__ import annotations

import random

from piguard.entities import get

# Field name -> entity type, for customer records.
CUSTOMER_FIELDS = {
    "name": "PERSON_NAME",
    "resident_id": "CN_RESIDENT_ID",
    "mobile": "PHONE_MOBILE",
    "landline": "PHONE_LANDLINE",
    "email": "EMAIL",
    "address": "ADDRESS",
    "bank_card": "BANK_CARD",
    "plate": "LICENSE_PLATE",
    "vin": "VIN",
    "birth_date": "BIRTH_DATE",
}


def value(entity: str, rng: random.Random) -> str:
    """One synthetic value of ``entity``."""
    return get(entity).generate(rng)


def customer(rng: random.Random) -> dict:
    """One synthetic customer record whose ID, birth date and name agree."""
    row = {f: value(e, rng) for f, e in CUSTOMER_FIELDS.items()}
    rid = row["resident_id"]
    if len(rid) == 18:
        row["birth_date"] = f"{rid[6:10]}-{rid[10:12]}-{rid[12:14]}"
    return row


def customers(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    return [customer(rng) for _ in range(n)]


# Sentence frames for text benchmarks and tests: business wording of the kind
# found in call-centre notes, claim files, courier and loan records. The
# placeholders are entity field names above, plus ``name2``/``mobile2`` and
# filler slots without personal information.
FRAMES = (
    "来电人{name}称其保单未生效，回拨号码{mobile}，已记录工单。",
    "经核实，被保险人{name}（身份证{resident_id}）于上月申请理赔，材料齐全。",
    "快递员反馈{address}无人签收，联系收件人{name}的电话{mobile}未接通。",
    "请财务将退款打入{name}名下尾号核对无误的银行卡{bank_card}。",
    "客户要求把通讯地址改为{address}，并留了座机{landline}。",
    "车主{name}驾驶{plate}在高速上发生剐蹭，车架号{vin}。",
    "已向{email}发送电子保单，如未收到请联系{mobile}。",
    "借款人{name}逾期三十天，紧急联系人{name2}的手机{mobile2}可以联系。",
    "本人{name}，出生日期{birth_date}，现居{address}。",
    "今天天气不错，下午开会讨论第三季度的销售目标和渠道费用。",
    "系统升级将于周六凌晨进行，期间暂停服务两个小时，请提前安排。",
    "保全部已受理{name}的变更申请，新的联系电话为{mobile}。",
    "回访记录：{name}对理赔时效满意，无其他诉求。",
    "投诉工单：客户{name}反映频繁接到推销电话，号码{mobile}。",
    "营业部本月新增客户三百余户，续保率较上月提升两个百分点。",
    "{name}的身份证号码是{resident_id}，手机是{mobile}。",
)


def sentence(rng: random.Random) -> str:
    frame = rng.choice(FRAMES)
    row = customer(rng)
    row["name2"] = value("PERSON_NAME", rng)
    row["mobile2"] = value("PHONE_MOBILE", rng)
    return frame.format(**row)


def texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [sentence(rng) for _ in range(n)]
