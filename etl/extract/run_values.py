"""The value of a run of numerals the number grammar found: (value, value_high, lone, fuzzy,
scaled), or why it has none (a word such as 一户一策, or a run not read with certainty).

The common Arabic forms (1389, 8.3万) are read here without a :class:`Reading`; the rest
through :func:`etl.extract.numerals.read_numeral`, ranges with the high end's multiplier
shared by a low end written without one when that keeps low below high.
"""

from __future__ import annotations

from decimal import Decimal

from etl.extract.numerals import CN_DIGITS, CN_POWERS, MULTIPLIERS, Reading, read_numeral, scaled

_SMALL_CN = 10  # a Chinese numeral below this is a word (一户一策, 两人), not a figure
# One unit character after Arabic digits (8.3万, 5千, 3億), read without a Reading.
_SUFFIX_CHARS = "十百千拾佰仟万亿萬億"
_SUFFIX_CANON = {"": "", "十": "十", "百": "百", "千": "千", "拾": "十", "佰": "百", "仟": "千", "万": "万", "亿": "亿",
                 "萬": "万", "億": "亿"}


WORD = "word"  # a numeral that is part of a word (一户一策, 两三人, 零元), not a figure
_UNREADABLE = "unreadable"


def run_value(lo: str, hi: str | None, mult: int, shared: bool) -> tuple[float, float | None, bool, bool, bool] | str:
    """(value, value_high, lone, fuzzy, scaled) of a run, or of a range of two, times ``mult``
    (the multiplier after 余/多); else why there is none: :data:`WORD` or :data:`_UNREADABLE`.
    ``shared``: the range's unit is written once, so its low end may share the high end's multiplier."""
    digits = lo.replace(",", "") if "," in lo else lo
    core = digits.rstrip(_SUFFIX_CHARS) if hi is None else ""
    if core and len(digits) - len(core) <= 1 and core.isdigit() and len(core) <= 18:
        # the common cases (1389人, 8.3万人 below), exact without a Reading
        suffix = MULTIPLIERS[_SUFFIX_CANON[digits[len(core):]]]
        return float(int(core) * suffix * mult), None, False, False, mult != 1 or suffix != 1
    if core and len(digits) - len(core) <= 1 and core[0].isdigit() and core.replace(".", "", 1).isdigit():
        suffix = MULTIPLIERS[_SUFFIX_CANON[digits[len(core):]]]
        return scaled(Decimal(core), suffix * mult), None, False, False, mult != 1 or suffix != 1
    if hi is None and len(lo) == 1 and lo in CN_DIGITS:
        return WORD  # 一户一策, 两人: a single digit is a word, not a figure
    read = _read_run(lo, hi, shared)
    if read is None:
        return WORD if len(lo) == 1 and hi is None else _UNREADABLE
    low, high_read, lone, fuzzy = read
    value = scaled(low, mult)
    high = scaled(high_read, mult) if high_read is not None else None
    if not lone and not lo[0].isdigit() and (high if high is not None else value) < _SMALL_CN:
        return WORD  # 两三人: a word, not a figure
    return value, high, lone, fuzzy, mult != 1 or _is_scaled(lo) or (hi is not None and _is_scaled(hi))


def _is_scaled(run: str) -> bool:
    """Written with 万/亿, or as Arabic digits with a Chinese unit (5千元, 3百元): a scaled sum."""
    if any(ch in "万亿萬億" for ch in run):
        return True
    return run[0].isdigit() and any(ch in CN_POWERS for ch in run)


def _read_run(lo: str, hi: str | None, shared: bool) -> tuple[Decimal | int, Decimal | int | None, bool, bool] | None:
    """The value of a run, or of a range of two runs: (low, high, lone, fuzzy); None if unreadable."""
    a = read_numeral(lo)
    if a is None:
        return None
    if hi is None:
        return a.low, a.high, a.lone, a.high is not None
    b = read_numeral(hi)
    if b is None or a.high is not None or b.high is not None:
        return None
    low = _range_low(a, b) if shared else (a.low if a.low <= b.low else None)
    return None if low is None else (low, b.low, False, False)


def _range_low(a: Reading, b: Reading) -> Decimal | int | None:
    """The low end of the range ``a``-``b``. A low end written without 万/亿 takes the high end's
    multiplier when that keeps it below the high end (3-5万元, 一百二十到一百五十万元, 3千-5千万元),
    else it stands as written (5000-1万元, 800-1.2万元); a low end above the high end is unreadable."""
    candidate: Decimal | int | None = None
    if not a.big:
        if a.plain and b.lead_mult > 1:
            candidate = a.low * b.lead_mult  # 3-5千万: 3 parallels 5
        elif b.tail_big > 1:
            candidate = a.low * b.tail_big  # 一百二十到一百五十万: the trailing 万 is shared
    if candidate is not None and candidate < b.low:
        return candidate
    return a.low if a.low <= b.low else None
