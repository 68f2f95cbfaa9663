"""Named protection presets: an operator (and parameters) per entity type.

Each rule names where it comes from; docs/protect.md prints the same table.

>>> get("display").rule("PHONE_MOBILE")
('mask', {'keep_first': 3, 'keep_last': 4})
>>> get("dispaly")
Traceback (most recent call last):
...
piguard.errors.UnknownName: unknown preset 'dispaly'. Did you mean 'display'?
"""
from __future__ import annotations

from dataclasses import dataclass, field

from piguard.errors import UnknownName

ENTITIES = (
    "PERSON_NAME", "CN_RESIDENT_ID", "PHONE_MOBILE", "PHONE_LANDLINE", "EMAIL", "ADDRESS",
    "BANK_CARD", "LICENSE_PLATE", "VIN", "PASSPORT_CN", "TRAVEL_PERMIT", "QQ_NUMBER",
    "WECHAT_ID", "IP_ADDRESS", "DEVICE_ID", "BIRTH_DATE",
)

# Quasi-identifiers: not identifying alone, identifying in combination.
QUASI = ("BIRTH_DATE", "ADDRESS")


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str
    rules: dict                      # entity -> (operator, params, source)
    default: tuple = ("keep", {})    # columns with no entity
    reversible: bool = False
    k: int | None = None             # anonymize: the k-anonymity target
    sources: tuple = field(default_factory=tuple)

    def rule(self, entity: str | None):
        if entity is None:
            return self.default
        op, params, *_ = self.rules.get(entity, self.rules.get("*", ("keep", {})))
        return op, dict(params)


JRT = "JR/T 0171-2020 (个人金融信息保护技术规范) display masking, as the bank_card entity module applies it"
HUTOOL = "Hutool DesensitizedUtil default"
OWN = "piguard rule (no standard covers this type)"

DISPLAY = Preset(
    "display",
    "Display masking for screens and exports (JR/T 0171-2020; Hutool defaults where it is silent).",
    {
        "PERSON_NAME": ("mask", {"keep_first": 1}, HUTOOL + ": chineseName keeps the first character, 张**"),
        "CN_RESIDENT_ID": ("mask", {"keep_first": 1, "keep_last": 2}, HUTOOL + ": idCardNum(1, 2), 5***************1X"),
        "PHONE_MOBILE": ("mask", {"keep_first": 3, "keep_last": 4}, HUTOOL + ": mobilePhone, 138****8000"),
        "PHONE_LANDLINE": ("mask", {"keep_first": 4, "keep_last": 2}, HUTOOL + ": fixedPhone, 0915*****79"),
        "EMAIL": ("mask", {"style": "entity"}, HUTOOL + ": email keeps the first character and @domain"),
        "ADDRESS": ("mask", {"style": "address"}, "piguard: keep province/city/county only, 北京市海淀区**** "
                    "(Hutool hides only the last 8 characters, which leaves streets visible)"),
        "BANK_CARD": ("mask", {"keep_first": 6, "keep_last": 4}, JRT + ": first 6 / last 4 digits "
                      "(also the PCI DSS display limit)"),
        "LICENSE_PLATE": ("mask", {"keep_first": 3, "keep_last": 1}, HUTOOL + ": carLicense, 苏D4***0"),
        "VIN": ("mask", {"keep_first": 3, "keep_last": 2}, OWN + ": manufacturer code (WMI) and two characters"),
        "PASSPORT_CN": ("mask", {"keep_first": 1, "keep_last": 2}, OWN + ": as ID documents"),
        "TRAVEL_PERMIT": ("mask", {"keep_first": 1, "keep_last": 2}, OWN + ": as ID documents"),
        "QQ_NUMBER": ("mask", {"keep_first": 2, "keep_last": 2}, OWN),
        "WECHAT_ID": ("mask", {"keep_first": 2, "keep_last": 1}, OWN),
        "IP_ADDRESS": ("mask", {"style": "entity"}, OWN + ": the entity module's rule (network part kept)"),
        "DEVICE_ID": ("mask", {"keep_first": 4, "keep_last": 2}, OWN),
        "BIRTH_DATE": ("generalize", {"level": "year"}, OWN + ": year of birth only"),
    },
)

WAYBILL = Preset(
    "waybill",
    "Courier privacy waybill (隐私面单): the recipient can still be reached and identified at the door.",
    {
        "PERSON_NAME": ("mask", {"keep_first": 1}, "privacy waybill practice: surname only, 张**"),
        "PHONE_MOBILE": ("mask", {"keep_first": 3, "keep_last": 4}, "privacy waybill practice: middle four hidden; "
                         "the last four stay because pickup and tracking checks ask for them"),
        "PHONE_LANDLINE": ("mask", {"keep_first": 4, "keep_last": 4}, "last four kept for the same check"),
        "ADDRESS": ("mask", {"style": "digits"}, "street and community kept for delivery, house/building/room "
                    "numbers hidden"),
        "*": ("redact", {"text": ""}, "nothing else belongs on a waybill"),
    },
)

PSEUDONYMIZE = Preset(
    "pseudonymize",
    "Reversible format-preserving encryption (FF1) of every identifier: valid values of the same type, "
    "consistent across files and runs under one key, restored by unmask.",
    {"*": ("fpe", {}, "NIST SP 800-38G FF1 per entity (piguard.protect.formats)")},
    reversible=True,
)

ENCRYPT = Preset(
    "encrypt",
    "Field encryption with AES-256-GCM; key id and column bound into each token.",
    {"*": ("encrypt", {"algorithm": "aes-256-gcm"}, "NIST SP 800-38D GCM")},
    reversible=True,
)

ENCRYPT_SM4 = Preset(
    "encrypt-sm4",
    "Field encryption with SM4-GCM (GB/T 32907 SM4, GB/T 36624 modes) for commercial-cryptography rules.",
    {"*": ("encrypt", {"algorithm": "sm4-gcm"}, "GB/T 32907-2016 SM4 in GCM mode")},
    reversible=True,
)

ANONYMIZE = Preset(
    "anonymize",
    "Irreversible: direct identifiers suppressed, quasi-identifiers (birth date, address) generalised "
    "step by step, then rows suppressed, until every combination is shared by at least k rows.",
    {
        "BIRTH_DATE": ("generalize", {"level": "year"}, "generalisation ladder year -> 5/10-year band -> *"),
        "ADDRESS": ("generalize", {"level": "district"}, "ladder district -> city -> province -> *"),
        "*": ("redact", {"text": ""}, "direct identifiers are suppressed (GB/T 37964-2019 suppression)"),
    },
    k=5,
)

PRESETS = {p.name: p for p in (DISPLAY, WAYBILL, PSEUDONYMIZE, ENCRYPT, ENCRYPT_SM4, ANONYMIZE)}


def get(name: str) -> Preset:
    p = PRESETS.get(name)
    if p is None:
        raise UnknownName("preset", name, PRESETS)
    return p


def names() -> list[str]:
    return list(PRESETS)


def table_markdown() -> str:
    """The rules of every preset as Markdown (docs/protect.md)."""
    lines = []
    for p in PRESETS.values():
        lines += [f"### `{p.name}`", "", p.summary, "", "| entity | operator | parameters | source |",
                  "|---|---|---|---|"]
        for ent, (op, params, src) in p.rules.items():
            ps = ", ".join(f"{k}={v}" for k, v in params.items()) or "—"
            lines.append(f"| {ent if ent != '*' else 'every other entity'} | {op} | {ps} | {src} |")
        lines.append("")
    return "\n".join(lines)
