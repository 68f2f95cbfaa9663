"""BANK_CARD (银行卡号): a payment card or bank account number.

14 to 19 digits, bare or in groups (``6228 4829 0924 1663 632``). A card
number carries a Luhn (ISO/IEC 7812) check digit; ``is_valid`` demands it.
Free text also holds account numbers without one (corporate and some
savings accounts): the text recogniser accepts those only next to a
bank-account word (``text_score``), and a Luhn-valid number without any
context only when it starts like a card (issuer identifiers: UnionPay
62/60, Visa 4, Mastercard 5 and 2221-2720, JCB/Amex 3) and is not shaped like a
resident ID (an 18-digit ID whose check character is wrong is not a card).

Level: the bank card number is the 支付账号 of JR/T 0171-2020 C2 (track
data, CVN and PIN would be C3); a bank account is sensitive personal
information in GB/T 35273-2020 (Annex B, 个人财产信息).

>>> validate("6228 4829 0924 1663 632"), is_valid("6228482909241663633")
('6228482909241663632', False)
>>> mask("6222600032649363653"), format("6222600032649363653")
('622260*********3653', '6222 6000 3264 9363 653')
>>> text_score("6222600032649363653", None), text_score("6222600032649363654", "账号")
(0.75, 0.6)
"""
from __future__ import annotations

import random
import re

from piguard.entities import cn_resident_id
from piguard.entities.base import (
    NOT_AFTER_RUN, NOT_BEFORE_RUN, compact_value, has_mask, luhn_digit, luhn_ok, make_date, never_raises,
)
from piguard.errors import InvalidChecksum, InvalidFormat, InvalidLength

NAME = "BANK_CARD"
LABEL_ZH = "银行卡号"
LEVEL = "C2"
SENSITIVE = True
HEADER_CUES = (
    "银行卡", "银行卡号", "卡号", "银行账号", "银行帐号", "账号", "帐号", "收款账号", "付款账号",
    "还款账号", "放款账号", "开户账号", "借记卡", "信用卡", "信用卡号", "储蓄卡", "结算账户", "账户",
    "yhk", "yhkh", "kh", "yhzh", "skzh", "card", "card_no", "cardno", "card_number",
    "bank_card", "bank_account", "account_no", "acct_no", "account_number", "pan", "iban",
)
PATTERN = re.compile(
    NOT_AFTER_RUN
    + r"(?P<value>\d{14,19}|\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?|\d{6}[ -]\d{7,13})"
    + NOT_BEFORE_RUN)
CONTEXT = (
    "银行卡", "卡号", "账号", "帐号", "账户", "帐户", "借记卡", "信用卡", "储蓄卡", "银行", "收款",
    "转账", "汇款", "开户", "还款", "放款", "打款", "card", "Card", "account",
)
NEEDS_CONTEXT = False
BASE_SCORE = 0.75
WEAK_SCORE = 0.6
CONTEXT_SCORE = 0.95


def compact(value) -> str:
    """Digits only.

    >>> compact("６２２２ ６０００-３２６４")
    '622260003264'
    """
    return compact_value(value)


def validate(value) -> str:
    number = compact(value)
    if not number.isdigit():
        raise InvalidFormat()
    if not 14 <= len(number) <= 19:
        raise InvalidLength()
    if not luhn_ok(number):
        raise InvalidChecksum()
    return number


is_valid = never_raises(validate)


def _id_shaped(number: str) -> bool:
    """An 18-digit number laid out like a resident ID (region and birth date)."""
    if len(number) != 18:
        return False
    return (make_date(number[6:10], number[10:12], number[12:14]) is not None
            and number[6:8] in ("19", "20") and cn_resident_id.known_region(number[:6]))


def text_score(value: str, context: str | None) -> float | None:
    """Score for a number found in free text, ``None`` when it is no hit."""
    number = compact(value)
    if not number.isdigit() or not 14 <= len(number) <= 19:
        return None
    if context:
        return CONTEXT_SCORE if luhn_ok(number) else WEAK_SCORE
    if not luhn_ok(number) or not _card_like(number) or _id_shaped(number):
        return None
    return BASE_SCORE


def _card_like(number: str) -> bool:
    """Starts like a payment card: 3 (JCB, Amex), 4 (Visa), 5 (Mastercard),
    6 (UnionPay, Discover), or Mastercard's 2221-2720 range."""
    head = number[0]
    return head in "3456" or (head == "2" and 2221 <= int(number[:4]) <= 2720)


def format(value) -> str:
    n = validate(value)
    return " ".join(n[i:i + 4] for i in range(0, len(n), 4))


def mask(value) -> str:
    """JR/T 0171 display: the first 6 and last 4 digits."""
    n = compact(value)
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def is_masked(value) -> bool:
    """``622260*********3653``-like.

    >>> is_masked("622260*********3653"), is_masked("6222600032649363653")
    (True, False)
    """
    s = compact_value(value)
    return has_mask(s) and len(s) >= 12 and s[:1].isdigit()


def generate(rng: random.Random) -> str:
    """A Luhn-valid UnionPay-style number (16 or 19 digits)."""
    iin = rng.choice(("621483", "622588", "622700", "621700", "622202", "622848", "621661", "603367", "622609"))
    body = iin + "".join(str(rng.randrange(10)) for _ in range(rng.choice((16, 19)) - 7))
    return body + luhn_digit(body)
