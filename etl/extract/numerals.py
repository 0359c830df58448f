"""Numbers as written: the arithmetic of numerals, and the mention every number finder returns.

The shared layer under :mod:`etl.extract.numbers` (the grammar that finds numbers with
a unit in running text) and :mod:`etl.extract.tables` (numbers in flattened tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MULTIPLIERS = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
               "千万": 10_000_000, "亿": 100_000_000}
MONEY_SCALE = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


# Not frozen: a frozen dataclass's __init__ costs ~4x more and one is made per
# number found. unsafe_hash keeps the hash a frozen one had; nothing assigns to it.
@dataclass(slots=True, unsafe_hash=True)
class NumberMention:
    """A number with its unit as written, in normalized-text coordinates."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit_word: str
    unit: str | None  # person, household, person_time, cny, or None for other counters
    kind: str  # count | money | other
    scaled: bool  # written with 万/亿/千
    rate_basis: str | None  # person | household (from 元/户/月 ...)
    rate_per: str | None  # month | year | other | inherit
    qualifier: str


def cn_to_int(s: str) -> int | None:
    """Convert a Chinese numeral (两万, 一千二百三十四, 一百零五, 一亿二千万) to an int."""
    yi = wan = section = 0
    digit = 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        elif ch == "万":
            wan = section + digit
            section = digit = 0
        elif ch == "亿":
            yi = wan * 10_000 + section + digit
            wan = section = digit = 0
        else:
            return None
    return yi * 100_000_000 + wan * 10_000 + section + digit


def arabic_number(text: str) -> Decimal | int | None:
    """The number as written in Arabic digits (commas allowed): an int when it has no
    decimal point (exact, and much cheaper than Decimal), else a Decimal."""
    digits = text.replace(",", "")
    if digits.isdigit() and len(digits) <= 18:
        return int(digits)
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def scaled(value: Decimal | int, mult: int) -> float:
    """``value * mult`` as a float, computed exactly before the one rounding."""
    if isinstance(value, int):
        return float(value * mult)
    return float(value * Decimal(mult))
