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

:func:`separated_runs` looks at every run of digits and separators before a
unit. A run that is not one Arabic number as written (digits, commas between
groups of three, one decimal point) is kept as an :class:`UnreadableNumber`,
and a number read from inside it is withdrawn: the report's figure cannot be
read with certainty, so it is never given a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from math import isfinite

from etl.extract.numerals import NumberMention, UnreadableNumber

# A run of digits and separators, taken whole: not from inside a word (A1.2) or another run.
# A space joins only a group of exactly three digits to digits before it (1 234, a thousands
# separator some PDFs print); a space before anything else ends the run.
_RUN = re.compile(r"(?<![0-9A-Za-z.,])(?:\d|\.(?=\d))(?:[\d.,]|(?<=\d) (?=\d{3}(?!\d)))*")
# What the grammar reads as one Arabic number (see numbers._ARABIC).
_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")

# (end of the unit, unit word, unit) of a unit written at a position, or None
UnitAfter = Callable[[str, int], "tuple[int, str, str | None] | None"]


def separated_runs(text: str, found: list[NumberMention], unit_after: UnitAfter,
                   ) -> tuple[list[NumberMention], list[UnreadableNumber]]:
    """The mentions of ``found`` that stand on a number as written, and the runs before a unit
    whose separators make no number (each an :class:`UnreadableNumber` over run and unit).

    ``found`` is in text order; ``unit_after(text, pos)`` says whether a unit (with its
    multiplier) is written at ``pos`` and where it ends."""
    if "," not in text and "." not in text and " " not in text:
        return found, []  # (no separator: nothing to look at)
    starts = [m.start for m in found]
    withdrawn: set[int] = set()
    unreadable: list[UnreadableNumber] = []
    k = 0
    for run in _RUN.finditer(text):
        # a comma after a number may end its clause, a point after one number a list item (2.对象)
        written = run.group().rstrip(",.")
        if _NUMBER.fullmatch(written) or not any(ch in written for ch in ",. "):
            continue
        start, end = run.start(), run.start() + len(written)
        while k < len(starts) and starts[k] < start:
            k += 1
        if k < len(starts) and starts[k] == start:
            continue  # the grammar read the run from its start: a number followed by more digits
        inside = k if k < len(starts) and starts[k] < end else -1
        if inside >= 0:
            m = found[inside]
            withdrawn.add(inside)
            unreadable.append(UnreadableNumber(start, m.end, m.unit_word, m.unit))
            continue
        unit = unit_after(text, end)
        if unit is not None:
            unreadable.append(UnreadableNumber(start, unit[0], unit[1], unit[2]))
    if not withdrawn:
        return found, unreadable
    return [m for i, m in enumerate(found) if i not in withdrawn], unreadable


# Above this no figure of a report lies (the national budget is about 3e13 元), and a float no
# longer holds every digit of a whole number much beyond it (2**53 is about 9e15).
LARGEST_VALUE = 1e15


def uncertain_values(found: list[NumberMention]) -> tuple[list[NumberMention], list[UnreadableNumber]]:
    """The mentions of ``found`` whose value is certain, and the others as :class:`UnreadableNumber`:
    a value not finite or above :data:`LARGEST_VALUE`."""
    bad = [i for i, m in enumerate(found) if not _certain(m)]
    if not bad:
        return found, []
    drop = set(bad)
    return ([m for i, m in enumerate(found) if i not in drop],
            [UnreadableNumber(found[i].start, found[i].end, found[i].unit_word, found[i].unit) for i in bad])


def _certain(m: NumberMention) -> bool:
    """Whether the value of ``m`` can be what the report states."""
    return all(value is None or (isfinite(value) and abs(value) <= LARGEST_VALUE) for value in (m.value, m.value_high))
