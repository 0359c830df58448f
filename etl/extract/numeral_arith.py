"""The arithmetic of a Chinese numeral that :mod:`etl.extract.numerals` has already checked.

:func:`numeral_value` reads a whole number written in Chinese numerals, maybe with Arabic
digits among the units (一千二百, 三万五, 1万5千, 100万三千), exactly as cn2an 0.5.24's "smart"
mode did when the extractor called it: the same value, and ``None`` for the same strings
(``tests/test_numeral_arith.py`` compares the two). cn2an's import and constructor cost ~0.09 s
of CPU in every process at its first Chinese numeral; this costs ~3 ms at import (a few small
regular expressions; one pattern of the whole standard form took 16 ms to compile).

The steps are cn2an's, on the characters the checks leave (零一二两三四五六七八九, 十百千万亿,
Arabic digits):

1. Arabic digits with at most one unit after them are that number times the unit (100万, 5十).
2. Otherwise each run of Arabic digits is written out in Chinese (100 -> 一百, 05 -> 零五), and the
   numeral is tidied: a 零 put where a place is skipped (一万五十 -> 一万零五十), 一 before a 十
   after 百 (一百十 -> 一百一十), no 零 between 万 and thousands (一万零五千 -> 一万五千).
3. A numeral of the standard form (:func:`_standard`) is summed; digits alone are read digit by
   digit (零五, which the checks let through only after a comma). One that ends in a digit after a
   unit is read as if the next lower unit followed (三万五 -> 三万五千, 一千二 -> 一千二百); after
   十 or 亿 there is no lower unit and it is no number (三十五 is standard; 三亿五 the caller
   rewrites as 三亿五千万).

One of cn2an's readings is not kept: in the standard form a 十 with no digit before it opens
its group wherever it stands (一亿十万 = 100,100,000), where cn2an counted it only at the very
start and read 一亿十万 as 一亿, a wrong value. Another is kept, as ``numbers.py`` never meets
it: Arabic digits without a unit are read as a float (more than 15 digits are rounded).
"""

from __future__ import annotations

import re
from decimal import Decimal

_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_ALPHABET = frozenset(_DIGIT) | frozenset(_UNIT) | frozenset("0123456789")
_WRITTEN = "零一二三四五六七八九"  # how a digit 0..9 is written out
# The unit read after the last digit of 三万五, 一千二, 一百二: the next lower one.
_NEXT_LOWER = {"百": "十", "千": "百", "万": "千"}

_ARABIC_WITH_UNIT = re.compile(r"([0-9]+)([十百千万亿]?)")
_ARABIC_RUN = re.compile(r"([0-9]+)")  # a capturing group: re.split keeps the runs

_D = "[零一二两三四五六七八九]"  # any digit (the tidying and the spoken form allow 零 as a digit)
_TIDY = [
    (re.compile(f"万零(?={_D}千)"), "万"),  # 一万零五千 -> 一万五千
    (re.compile(f"([万亿])({_D}[十百])"), r"\1零\2"),  # 一万五十 -> 一万零五十, 一亿三百 -> 一亿零三百
    (re.compile(f"千({_D}?十)"), r"千零\1"),  # 一千五十 -> 一千零五十, 一千十 -> 一千零十
    (re.compile("百十"), "百一十"),  # 一百十 -> 一百一十
]
# The spoken form: units each after at most two digits, then a last digit (三万五, 一千二, 十一万三).
_SPOKEN = re.compile(f"(?:{_D}{{0,2}}[十百千万亿])+{_D}")


# The places of a group of four, each digit with its unit, one 零 for skipped places, 一 before
# 十 optional at the top (十五, 一十五): up to 99, up to 999, the thousands, up to 9999.
_1_9 = "[一二两三四五六七八九]"
_TO_99 = f"(?:{_1_9}?十{_1_9}?|{_1_9})"
_HUNDREDS = f"(?:{_1_9}百(?:零{_1_9}|{_1_9}十{_1_9}?)?)"
_TO_999 = re.compile(f"{_HUNDREDS}|{_TO_99}")
_THOUSANDS = re.compile(f"{_1_9}千(?:零{_TO_99}|{_HUNDREDS})?")


def _group(text: str) -> bool:
    """A group of four places (一千零五, 三百二十, 十五); two small patterns compile faster than one."""
    return _THOUSANDS.fullmatch(text) is not None or _TO_999.fullmatch(text) is not None


def _standard(text: str) -> bool:
    """The standard form of a whole number: groups of four places under 亿 and 万 (三亿零五万,
    一万零三百, 一千零五, 二十), a skipped group or place written with one 零."""
    if text == "零":
        return True
    head, yi, rest = text.partition("亿")
    if not yi:
        return _below_yi(text)
    if not _below_yi(head):
        return False
    if not rest:
        return True
    if rest[0] == "零":
        return _below_yi(rest[1:])  # 三亿零五万, 三亿零五
    return "万" in rest and _below_yi(rest)  # 三亿五千万, not 三亿五千


def _below_yi(text: str) -> bool:
    """Below 亿: a group, or a group, 万 and the thousands or 零 and a group below them."""
    head, wan, rest = text.partition("万")
    if not wan:
        return _group(text)
    if not _group(head):
        return False
    if not rest:
        return True
    if rest[0] == "零":
        return _TO_999.fullmatch(rest[1:]) is not None  # 三万零五十
    return _THOUSANDS.fullmatch(rest) is not None  # 三万五千, not 三万五百 (tidied to 三万零五百)


def numeral_value(s: str) -> int | float | None:
    """The number a checked numeral (no commas, 三亿五 already 三亿五千万) stands for, as cn2an's
    smart mode read it; ``None`` when it is not one. A float only for bare Arabic digits."""
    if not s or not all(ch in _ALPHABET for ch in s):
        return None  # 数, 几, a decimal point: cn2an rejected them
    s = s.replace("零十", "零一十").replace("零百", "零一百")
    m = _ARABIC_WITH_UNIT.fullmatch(s)
    if m is not None:
        if not m[2]:
            return float(m[1])
        # Decimal as cn2an computed it (28 significant digits)
        return int(Decimal(m[1]) * _UNIT[m[2]])
    parts = _ARABIC_RUN.split(s)
    for i in range(1, len(parts), 2):
        written = _written_out(parts[i])
        if written is None:
            return None
        parts[i] = written
    text = "".join(parts)
    for pattern, repl in _TIDY:
        text = pattern.sub(repl, text)
    text = text.replace("零十", "零一十")
    if _standard(text):
        return _sum(text, standard=True)
    if all(ch in _DIGIT for ch in text):
        return int("".join(str(_DIGIT[ch]) for ch in text))  # digit by digit: 零五 (",零五" once its comma goes)
    if len(text) >= 3 and _SPOKEN.fullmatch(text) and text[-2] in _NEXT_LOWER:
        return _sum(text + _NEXT_LOWER[text[-2]])
    return None


def _sum(text: str, standard: bool = False) -> int:
    """The value of a numeral read from the right: each digit times the unit after it, the units
    under a 万 or 亿 times that, and 万亿 = 10^12. A unit without a digit before it counts once
    at the start (十五 = 15, 十万 = 100,000) and, in the ``standard`` form, where the 十 of a
    group after 亿 or 万 stands (一亿十万 = 100,100,000; cn2an dropped that 十万 and read
    100,000,000, a wrong value the extractor would have stored)."""
    total, place, big = 0, 1, 1
    for i, ch in enumerate(reversed(text)):
        if ch in _DIGIT:
            total += _DIGIT[ch] * place
            continue
        unit = _UNIT[ch]
        if unit >= 10_000:
            big = unit if unit > big else unit * big  # 五亿三万: 亿 takes over; 三万亿: 万 under 亿
            place = big
        else:
            place = unit * big
        if i == len(text) - 1 or (standard and unit < 10_000 and text[-i - 2] not in _DIGIT):
            total += place  # a unit with no digit before it opens the number or its group: 十五, 一亿十万
    return total


def _written_out(run: str) -> str | None:
    """A run of Arabic digits in Chinese numerals as cn2an wrote it before reading: digit by digit
    after a leading 0 (05 -> 零五), else as a number (100 -> 一百, 15 -> 十五); more than 16 digits
    is none."""
    if len(run) > 1 and run[0] == "0":
        return "".join(_WRITTEN[int(ch)] for ch in run)
    if len(run) > 16:
        return None
    return _chinese(int(run), True)


def _chinese(n: int, first: bool) -> str:
    """``n`` (0 <= n < 10^16) in Chinese numerals: 十五, 一百零一, 一万零一十, 一千万五千, 一万亿.
    ``first``: it starts the number, so 1x is 十x (一十x elsewhere: 一百一十)."""
    if n == 0:
        return "零"
    for base, unit in ((100_000_000, "亿"), (10_000, "万")):
        if n >= base:
            head, tail = divmod(n, base)
            text = _chinese(head, first) + unit
            if tail:
                # a skipped place is one 零, except before thousands (cn2an wrote 一亿五千 for 100005000)
                skipped = tail < base // 10 and not 1000 <= tail < 10_000
                text += ("零" if skipped else "") + _chinese(tail, False)
            return text
    text, gap = "", False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            gap = text != ""
            continue
        text += ("零" if gap else "") + _WRITTEN[digit] + unit
        gap = False
    return text[1:] if first and text.startswith("一十") else text
