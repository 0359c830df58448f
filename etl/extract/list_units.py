"""Numbers of a list whose unit is written once, after the last of them.

``城市、农村低保标准分别为800、600元/人·月`` gives 800 and 600 the same unit and rate, and
``分别为1.2、3.4万人`` gives 1.2 the 万 of 3.4万人 too: in Chinese a unit written after
the last member of a 、/和/及/与 list belongs to every member. Without this, the bare
members were no mention at all, and the one figure with a unit was handed to every
program of the list (600 as the urban standard as well as the rural one).

A member is an Arabic number (Chinese numerals before 、 are list markers: 一、二、)
right after a Chinese character or another member's 、 (not at the start of a line or
after other punctuation, where ``1、`` numbers an item), followed by the separator and at most a few Chinese
characters without digits (城市低保对象1200、农村低保对象3400人) before the number
with the unit.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from etl.extract.numerals import NumberMention, arabic_number, scaled, units_multiplier

# A bare member, its separator and the words between it and the next number, ending at that
# number's start (searched with endpos there, so ``$`` is that start).
_MEMBER = re.compile(r"(?<=[\u4e00-\u9fff、])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                     r"[、和及与](?P<between>[\u4e00-\u9fff]{0,12})$")
# The written multiplier of the number that carries the unit (3.4万人 -> 万).
_WRITTEN = re.compile(r"[\d,.]+(?P<mult>[十百千万亿萬億]*)")
_WINDOW = 40  # the longest member, separator and words between looked at
# A digit and a separator: a member can only end so within the words between's length before a number.
_SEPARATED = re.compile(r"\d[、和及与]")
_NEAR = 14

# The qualifier written right before a position (约, 超过), as the number grammar reads it.
QualifierAt = Callable[[str, int], str]


def shared_list_units(text: str, found: list[NumberMention], qualifier_at: QualifierAt) -> list[NumberMention]:
    """``found`` (in text order) with a mention added for each bare member of a list before a
    number with a unit, carrying that number's unit, rate and multiplier."""
    added: list[NumberMention] = []
    taken = [m.start for m in found]
    for m in found:
        # (most numbers have no digit and separator before them: one search in C says so)
        if m.unit is None or m.value_high is not None or not _SEPARATED.search(text, max(0, m.start - _NEAR), m.start):
            continue
        written = _WRITTEN.match(text, m.start)
        if written is None:
            continue  # a Chinese numeral or a sign: no shared multiplier to read
        mult = units_multiplier(written["mult"])
        head = m
        while True:
            member = _member_before(text, head.start, m, mult, qualifier_at)
            if member is None or _inside(found, taken, member):
                break
            added.append(member)
            head = member
    if not added:
        return found
    return sorted(found + added, key=lambda x: x.start)


def _member_before(text: str, start: int, carrier: NumberMention, mult: int,
                   qualifier_at: QualifierAt) -> NumberMention | None:
    """The bare list member that ends before ``start`` (a separator and words between), as a
    mention with the unit of ``carrier``, or None."""
    hit = _MEMBER.search(text, max(0, start - _WINDOW), start)
    if hit is None:
        return None
    number = arabic_number(hit["n"])
    if number is None:
        return None
    begin, end = hit.span("n")
    return NumberMention(begin, end, scaled(number, mult), None, carrier.unit_word, carrier.unit, carrier.kind,
                         mult != 1, carrier.rate_basis, carrier.rate_per, qualifier_at(text, begin))


def _inside(found: list[NumberMention], starts: list[int], member: NumberMention) -> bool:
    """Whether ``member`` overlaps a mention of ``found`` (whose starts are ``starts``)."""
    k = bisect_left(starts, member.end)
    return k > 0 and found[k - 1].end > member.start
