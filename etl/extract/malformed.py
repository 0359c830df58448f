"""Numbers as written that are no figure read with certainty: kept as mentions, never given a value.

* :func:`separated_runs`: Arabic digits with separators that make no number
  (2,3456人, 12,34人, 1.2.3万元, 1 234人);
* :func:`uncertain_values`: a value beyond what a report states and a float holds
  digit for digit (a run of 22 digits, 400 nines). (A dash before a number is no sign
  to read: normalized text has tables whose cells a dash separates, 特困供养 — 5214.)

The number grammar reads ``1,234`` and ``1,234.5`` whole, and refuses to start a
run right after a digit or a decimal point. A comma or a space is not refused:
it may end a clause (共计1234,其中...). So in ``2,3456人`` the grammar reads
``3456人`` from the middle of what the report wrote, and in ``1.2.3万元`` it reads
nothing at all. Either would break the product's promise: a wrong value stored,
or a figure silently dropped.

:func:`separated_runs` looks at the runs of digits and separators that can make
no number: those the grammar started a mention inside (after a comma or space
that follows a digit) and those with two points or a point in front. A run
before a unit that is not one Arabic number as written (digits, commas between
groups of three, one decimal point) is kept as an :class:`UnreadableNumber`,
and a number read from inside it is withdrawn: the report's figure cannot be
read with certainty, so it is never given a value.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from math import isfinite

from etl.extract.numerals import NumberMention, UnreadableNumber

# A run of digits and separators, taken whole: not from inside a word (A1.2) or another run.
# A space joins only a group of exactly three digits to digits before it (1 234, a thousands
# separator some PDFs print); a space before anything else ends the run.
_RUN = re.compile(r"(?<![0-9A-Za-z.,])(?:\d|\.(?=\d))(?:[\d.,]|(?<=\d) (?=\d{3}(?!\d)))*")
# What the grammar reads as one Arabic number (see numbers._ARABIC).
_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")

# Where a run with points that make no number may be: two points in one run (1.2.3, 1..5)
# or a point that opens it (.5万元) or stands before a multiplier (12.万元). A run with commas
# that make none holds a number the grammar started after a comma, found from the mentions instead.
# (It opens with the point itself, so the engine skips to each point in C.)
_POINTS = re.compile(r"\.(?:(?=[\d,]*\.)|(?<![\d,]\.)(?=\d)|(?<=\d\.)(?=[十百千万亿萬億]))")
_RUN_CHARS = frozenset("0123456789.,")
# The multipliers that may follow a number directly (a point before one ends no list item).
_MULTIPLIER_CHARS = tuple("十百千万亿萬億")

# (end of the unit, unit word, unit) of a unit written at a position, or None
UnitAfter = Callable[[str, int], "tuple[int, str, str | None] | None"]


def separated_runs(text: str, found: list[NumberMention], unit_after: UnitAfter,
                   ) -> tuple[list[NumberMention], list[UnreadableNumber]]:
    """The mentions of ``found`` that stand on a number as written, and the runs before a unit
    whose separators make no number (each an :class:`UnreadableNumber` over run and unit).

    ``found`` is in text order; ``unit_after(text, pos)`` says whether a unit (with its
    multiplier) is written at ``pos`` and where it ends. Only the runs that can hold such
    separators are looked at: those a mention starts inside (after a comma or space that
    follows a digit), and those :data:`_POINTS` finds."""
    candidates = [m.start - 1 for m in found
                  if m.start > 1 and text[m.start - 1] in ", " and text[m.start - 2] in _RUN_CHARS]
    if "." in text:
        candidates += [c.start() for c in _POINTS.finditer(text)]
    if not candidates:
        return found, []
    starts = [m.start for m in found]
    withdrawn: set[int] = set()
    unreadable: list[UnreadableNumber] = []
    seen: set[int] = set()
    for inner in sorted(candidates):
        run = _run_around(text, inner)
        if run is None or run.start() in seen:
            continue
        seen.add(run.start())
        # a comma after a number may end its clause, a point after one number a list item (2.对象)
        written = run.group().rstrip(",.")
        if run.group().endswith(".") and text.startswith(_MULTIPLIER_CHARS, run.end()):
            written = run.group()  # 1.2.万元: a point between a number and its multiplier makes none
        if _NUMBER.fullmatch(written) or not any(ch in written for ch in ",. "):
            continue
        start, end = run.start(), run.start() + len(written)
        k = bisect_left(starts, start)
        if k < len(starts) and starts[k] == start:
            continue  # the grammar read the run from its start: a number followed by more digits
        if k < len(starts) and starts[k] < end:
            m = found[k]
            withdrawn.add(k)
            unreadable.append(UnreadableNumber(start, m.end, m.unit_word, m.unit))
            continue
        unit = unit_after(text, end)
        if unit is not None:
            unreadable.append(UnreadableNumber(start, unit[0], unit[1], unit[2]))
    if not withdrawn:
        return found, unreadable
    return [m for i, m in enumerate(found) if i not in withdrawn], unreadable


def _run_around(text: str, inner: int) -> re.Match[str] | None:
    """The run of :data:`_RUN` that holds the separator at ``inner``, or None (none does: the
    space after 2023 in 2023 1234人 joins no group of three, a letter before makes no run)."""
    start = _back_over_run_chars(text, inner)
    # a space joins the run before it when that run goes on through it (1 234 567)
    while start > 1 and text[start - 1] == " " and text[start - 2].isdigit():
        before = _RUN.match(text, _back_over_run_chars(text, start - 1))
        if before is None or before.end() < start:
            break
        start = before.start()
    run = _RUN.match(text, start)
    return run if run is not None and run.end() > inner else None


def _back_over_run_chars(text: str, i: int) -> int:
    """Where the digits, points and commas that end at ``i`` (inclusive) begin."""
    while i > 0 and text[i - 1] in _RUN_CHARS:
        i -= 1
    return i


# Above this no figure of a report lies (the national budget is about 3e13 元), and a float no
# longer holds every digit of a whole number much beyond it (2**53 is about 9e15).
LARGEST_VALUE = 1e15


def uncertain_values(found: list[NumberMention]) -> tuple[list[NumberMention], list[UnreadableNumber]]:
    """The mentions of ``found`` whose value is certain, and the others as :class:`UnreadableNumber`:
    a value not finite or above :data:`LARGEST_VALUE`."""
    bad = [i for i, m in enumerate(found) if not _certain(m)]
    return _withdrawn(found, bad)


def _certain(m: NumberMention) -> bool:
    """Whether the value of ``m`` can be what the report states."""
    return all(value is None or (isfinite(value) and abs(value) <= LARGEST_VALUE) for value in (m.value, m.value_high))


# A comma between digits as written: a thousands separator (1,234) or, typed with a Chinese
# input method between ASCII digits, the comma of a list (分别为800，600元: 800 and 600).
_WIDE_COMMA = "\uff0c"


def list_commas(text: str, found: list[NumberMention], written: Callable[[int], str] | None,
                ) -> tuple[list[NumberMention], list[UnreadableNumber]]:
    """The mentions of ``found`` whose commas are thousands separators, and the others as
    :class:`UnreadableNumber`: a full-width comma (，) between ASCII digits in the original
    (``written(pos)`` gives its characters at a normalized position) may as well separate two
    numbers of a list, so the value is not certain. Full-width digits with a full-width comma
    (１２，３４５) were typed in one width and are read as one number."""
    if written is None:
        return found, []
    bad = [i for i, m in enumerate(found) if "," in text[m.start:m.end] and _wide_comma(text, m, written)]
    return _withdrawn(found, bad)


def _wide_comma(text: str, m: NumberMention, written: Callable[[int], str]) -> bool:
    """Whether a comma of ``m``'s digits is written ， with an ASCII digit before it."""
    at = text.find(",", m.start, m.end)
    while at > m.start:
        if text[at - 1].isdigit() and written(at) == _WIDE_COMMA and written(at - 1).isascii():
            return True
        at = text.find(",", at + 1, m.end)
    return False


# A point that is no decimal point as the grammar reads one, but stands between digits
# (456·7万元, 456。7万元): a decimal point in some typesetting, or the end of a sentence.
_ODD_POINTS = "·。・"


def odd_points(text: str, found: list[NumberMention]) -> tuple[list[NumberMention], list[UnreadableNumber]]:
    """The mentions of ``found`` that start after no digit and odd point, and the others as
    :class:`UnreadableNumber` over the digits before the point too: 456·7万元 is 456.7万元 or
    456 and 7万元, and neither is certain (before, 7万元 was read)."""
    bad = [i for i, m in enumerate(found)
           if m.start > 1 and text[m.start - 1] in _ODD_POINTS and text[m.start - 2].isdigit()]
    return _withdrawn(found, bad, text)


# 10.000人, 1.500元: a point before exactly three digits in a count or an amount of 元 with no
# multiplier reads as a thousands separator in some locales (10,000) and as a decimal point in
# others (10); no report counts people in thousandths or pays 元 in them, so neither is certain.
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}\.\d{3}(?![\d.,])")
_WHOLE_UNITS = frozenset({"person", "household", "person_time", "cny"})


def dotted_thousands(text: str, found: list[NumberMention]) -> tuple[list[NumberMention], list[UnreadableNumber]]:
    """The mentions of ``found`` that are no such number, and the others as :class:`UnreadableNumber`."""
    bad = [i for i, m in enumerate(found) if not m.scaled and m.unit in _WHOLE_UNITS and m.rate_per is None
           and text[m.start].isdigit() and _DOTTED_THOUSANDS.match(text, m.start) is not None]
    return _withdrawn(found, bad)


def wrapped_runs(text: str, found: list[NumberMention]) -> tuple[list[NumberMention], list[UnreadableNumber]]:
    """The mentions of ``found`` that do not start a line right after a line that ends in digits,
    and the others as :class:`UnreadableNumber` over both runs: in 合计 12\\n345人 the line break
    may cut one number (12345, a hard wrap the normalizer could not tell) or part two cells (12
    and 345人); neither is certain, so 345 is not read."""
    bad = [i for i, m in enumerate(found)
           if m.start > 1 and text[m.start - 1] == "\n" and text[m.start - 2].isdigit() and text[m.start].isdigit()]
    return _withdrawn(found, bad, text)


def _withdrawn(found: list[NumberMention], bad: list[int], text: str | None = None,
               ) -> tuple[list[NumberMention], list[UnreadableNumber]]:
    """``found`` without the mentions at the indexes ``bad``, and those as :class:`UnreadableNumber`;
    with ``text``, each from the digits before the character in front of it (456·7万元, 12\\n345人)."""
    if not bad:
        return found, []
    drop = set(bad)
    unreadable = [UnreadableNumber(found[i].start if text is None else _back_over_run_chars(text, found[i].start - 2),
                                   found[i].end, found[i].unit_word, found[i].unit) for i in bad]
    return [m for i, m in enumerate(found) if i not in drop], unreadable
