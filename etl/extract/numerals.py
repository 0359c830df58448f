"""Numbers as written: the arithmetic of numerals, and the mention every number finder returns.

The shared layer under :mod:`etl.extract.numbers` (the grammar that finds numbers with
a unit in running text) and :mod:`etl.extract.tables` (numbers in flattened tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from etl.extract.numeral_arith import numeral_value

MULTIPLIERS = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
               "千万": 10_000_000, "亿": 100_000_000}
MONEY_SCALE = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}


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


@dataclass(slots=True, unsafe_hash=True)
class UnreadableNumber:
    """A run of numeral characters before a unit that is not one number read with certainty
    (十一十二元, 三五百人, 5万-3000元): kept as an unclassified mention, never given a value.
    A figure written with no unit at all (人数从3万下降到2.5万) has the unit word ``""``."""

    start: int
    end: int
    unit_word: str
    unit: str | None


# --------------------------------------------------------------------------- Chinese numerals
# The characters a numeral is written with: plain, formal (大写) and traditional forms.
CN_DIGITS = "零〇一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
CN_POWERS = "十百千拾佰仟万亿萬億"
# 廿 (20), 卅 (30) and 卌 (40) write a digit and its 十 in one character (廿三万 = 230,000).
CN_TENS = "廿卅卌"
# Every character a Chinese numeral is written with.
CN_NUMERALS = CN_DIGITS + CN_TENS + CN_POWERS
_TENS_WRITTEN = {"廿": "二十", "卅": "三十", "卌": "四十"}
# Formal and traditional forms read as the plain ones (one character for one, so positions hold).
# (参: the simplified 參, read as a digit only where the grammar takes it, before a unit character)
_CANON = str.maketrans("〇兩壹贰貳叁參参肆伍陆陸柒捌玖拾佰仟萬億", "零两一二二三三三四五六六七八九十百千万亿")
_DIGIT_VALUE = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_ARABIC_SCALED = re.compile(r"(\d[\d,]*(?:\.\d+)?)([十百千]?(?:万亿|万|亿)?)")
_DIGIT_SCALED = re.compile(r"[一二两三四五六七八九]([十百千]?(?:万亿|万|亿)?)")
# 数 and 几 stand for a digit: 2..9 in front (数十, 几百), 1..9 after a unit (十几, 一百几十).
_VAGUE_FRONT = ("二", "九")
_VAGUE_AFTER = ("一", "九")


@dataclass(slots=True)
class Reading:
    """What a run of numeral characters says, before any qualifier or unit."""

    low: Decimal | int
    high: Decimal | int | None  # the upper end of a fuzzy amount (三四百, 数十, 十几), else None
    lone: bool  # only unit characters (百, 千, 万, 百万): a number only with a qualifier (百余人, 上千人)
    big: bool  # written with 万 or 亿
    plain: bool  # a bare number without unit characters (5000, 1.5, 三)
    lead_mult: int  # one number then units only (5千万, 1.2万, 三千): the units' multiplier, else 0
    tail_big: int  # the multiplier of the trailing 万/亿/万亿, else 1


def digit_value(ch: str) -> int:
    """The value of one digit, Arabic or Chinese in any form (7, 七, 柒)."""
    return int(ch) if ch.isdigit() else _DIGIT_VALUE[ch.translate(_CANON)]


def _suffix_mult(suffix: str) -> int:
    """The multiplier of a run of units (千万 -> 10^7); the caller checked the run's shape."""
    mult = 1
    for ch in suffix:
        mult *= _SMALL.get(ch) or _BIG[ch]
    return mult


def units_multiplier(written: str) -> int:
    """The multiplier of a run of unit characters as written (万 -> 10^4, 千萬 -> 10^7, "" -> 1)."""
    return _suffix_mult(written.translate(_CANON))


def _tail_big(s: str) -> int:
    """The multiplier of the 万/亿 that end ``s`` (一百五十万 -> 10^4, 3千万 -> 10^4, 2万亿 -> 10^12)."""
    mult = 1
    for ch in reversed(s):
        if ch not in _BIG:
            break
        mult *= _BIG[ch]
    return mult


def read_numeral(written: str) -> Reading | None:
    """Read a run of numeral characters (3000, 1.2万, 三万五, 壹仟贰佰, 1万5千, 一点二亿, 三四百,
    数十, 十几, 百): its value, or ``None`` when it is not one number read with certainty
    (十一十二, 一二三, 三五百).

    Arabic digits with units are read here; other numerals are checked here and their
    arithmetic is done by :func:`etl.extract.numeral_arith.numeral_value` (which also reads
    Arabic digits mixed with Chinese units, 1万5千).
    """
    s = written.translate(_CANON)
    if s[0] in _TENS_WRITTEN:
        s = _TENS_WRITTEN[s[0]] + s[1:]
    if any(ch in _TENS_WRITTEN for ch in s):
        return None  # 三廿, 十廿: only a number's first place may be written so
    m = _ARABIC_SCALED.fullmatch(s)
    if m is not None:
        n = arabic_number(m[1])
        if n is None:
            return None
        mult = _suffix_mult(m[2])
        return Reading(n * mult, None, False, m[2] != "" and m[2][-1] in _BIG, m[2] == "", mult, _tail_big(m[2]))
    if all(ch in _SMALL or ch in _BIG for ch in s) and (len(s) == 1 or s[0] != "十"):
        if not _ARABIC_SCALED.fullmatch("1" + s):
            return None  # 亿万, 千百: not a run of units
        return Reading(_suffix_mult(s), None, True, s[-1] in _BIG, False, 0, _tail_big(s))
    if "点" in s:
        return _decimal(s)
    if "数" in s or "几" in s or _digit_pair(s) >= 0:
        return _fuzzy(s)
    n = _plain(s)
    if n is None:
        return None
    dm = _DIGIT_SCALED.fullmatch(s)
    return Reading(n, None, False, "万" in s or "亿" in s, len(s) == 1, _suffix_mult(dm[1]) if dm else 0,
                   _tail_big(s))


def _digit_pair(s: str) -> int:
    """The index of two neighbouring Chinese digits in a row (三四, 一两, 八九) in ``s``, else -1."""
    for i in range(len(s) - 1):
        a, b = _DIGIT_VALUE.get(s[i], 0), _DIGIT_VALUE.get(s[i + 1], 0)
        if a and b == a + 1:
            return i
    return -1


def _fuzzy(s: str) -> Reading | None:
    """A fuzzy amount: exactly one 数/几 or one pair of neighbouring digits (三四百 -> 300..400,
    数十 -> 20..90, 十几万 -> 11万..19万, 一百几十 -> 110..190)."""
    vague = [i for i, ch in enumerate(s) if ch in "数几"]
    pair = _digit_pair(s)
    if len(vague) + (pair >= 0) != 1 or (pair >= 0 and _digit_pair(s[pair + 1:]) >= 0):
        return None
    if vague:
        i = vague[0]
        after = s[i + 1:i + 2]
        if after and after not in _SMALL and after not in _BIG:
            return None
        if i == 0:
            if not after:
                return None
            lo_digit, hi_digit = _VAGUE_FRONT
        elif s[i - 1] in _SMALL:
            lo_digit, hi_digit = _VAGUE_AFTER
        else:
            return None
        low_s, high_s = s[:i] + lo_digit + s[i + 1:], s[:i] + hi_digit + s[i + 1:]
    else:
        low_s, high_s = s[:pair] + s[pair] + s[pair + 2:], s[:pair] + s[pair + 1] + s[pair + 2:]
    low, high = read_numeral(low_s), read_numeral(high_s)
    if low is None or high is None or low.high is not None or high.high is not None or not low.low < high.low:
        return None
    return Reading(low.low, high.low, False, low.big, False, 0, _tail_big(s))


def _decimal(s: str) -> Reading | None:
    """A decimal written with 点 (一点二亿, 三点五万, 零点五): whole part, 点, digits, units."""
    whole, _, rest = s.partition("点")
    k = 0
    while k < len(rest) and rest[k] in _DIGIT_VALUE and rest[k] != "两":
        k += 1
    fraction, suffix = rest[:k], rest[k:]
    # The suffix must be unit characters only: 一点九0 mixes digit systems after 点 and is no number
    # (the "1" + suffix check alone let an Arabic digit through as if it were a unit).
    units_only = all(ch in _SMALL or ch in _BIG for ch in suffix)
    if not fraction or not units_only or not _ARABIC_SCALED.fullmatch("1" + suffix) or "万" in whole or "亿" in whole:
        return None
    n = 0 if whole == "零" else _plain(whole)
    if n is None:
        return None
    mult = _suffix_mult(suffix)
    value = Decimal(f"{n}.{''.join(str(_DIGIT_VALUE[ch]) for ch in fraction)}") * mult
    return Reading(value, None, False, suffix != "" and suffix[-1] in _BIG, suffix == "", mult, _tail_big(suffix))


def _below_thousand(s: str, i: int) -> bool:
    """Whether the 零 at ``i`` follows a unit and one to three Arabic digits (no leading 0) follow
    it, ending ``s`` or before a unit (1万零200, 1亿零500万): the places a 零 says are skipped leave
    no room for more."""
    j = i + 1
    while j < len(s) and s[j].isdigit():
        j += 1
    return (i > 0 and (s[i - 1] in _SMALL or s[i - 1] in _BIG) and s[i + 1] != "0" and j - i - 1 <= 3
            and (j == len(s) or s[j] in _SMALL or s[j] in _BIG))


def _plain(s: str) -> int | None:
    """A whole number in Chinese numerals, maybe with Arabic digits (一千二百, 三万五, 壹仟, 1万5千,
    100万三千): checked here, computed by :func:`numeral_value`. Digits in a row (一二三, 二〇二〇) are
    not an amount."""
    if not s or "." in s or s[0] == "零" or s[-1] == "零":
        return None
    s = s.replace(",", "")
    prev = ""
    for i, ch in enumerate(s):
        if ch in _DIGIT_VALUE and (prev in _DIGIT_VALUE and prev != "零" or prev.isdigit()):
            return None  # 一二三, 五零: a string of digits, not a numeral
        if ch.isdigit() and prev in _DIGIT_VALUE and not (prev == "零" and _below_thousand(s, i - 1)):
            return None  # 三5 (but 1万零200: a skipped place, then fewer than four digits)
        if ch == "零" and prev == "零":
            return None
        prev = ch
    if len(s) >= 2 and s[-2] == "亿" and s[-1] in _DIGIT_VALUE:
        s += "千万"  # 三亿五 = 三亿五千万 (numeral_value reads 三万五 so, but not 三亿五)
    value = numeral_value(s)
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return value if isinstance(value, int) and value > 0 else None
