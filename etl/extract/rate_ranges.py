"""A range whose two ends each carry the unit and its rate: 1000元/人至2000元/人, 300元/月-500元/月.

The number grammar reads a range whose low end has its unit and nothing more (1.2万元-3万元)
as one number; when each end is written with its rate too, the two ends were read as two
numbers, and both became facts of one series (a standard of 1000 and one of 2000). Here two
such neighbours, with only a range sign between them, the same unit and rate, no qualifier
and the low end below the high end, become one mention from low to high.
"""

from __future__ import annotations

from etl.extract.numerals import NumberMention

_RANGE_SIGNS = frozenset("-~至到—")


def join_rate_ranges(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """``found`` (in text order) with each range written with the rate at both ends joined."""
    if not any(found[i].rate_per is not None and found[i + 1].start - found[i].end == 1
               for i in range(len(found) - 1)):
        return found  # (most reports have no two rates one sign apart: no list is rebuilt)
    out: list[NumberMention] = []
    i = 0
    while i < len(found):
        m = found[i]
        if i + 1 < len(found) and _range_pair(text, m, found[i + 1]):
            n = found[i + 1]
            out.append(NumberMention(m.start, n.end, m.value, n.value, n.unit_word, n.unit, n.kind,
                                     m.scaled or n.scaled, n.rate_basis, n.rate_per, "exact"))
            i += 2
            continue
        out.append(m)
        i += 1
    return out


def _range_pair(text: str, low: NumberMention, high: NumberMention) -> bool:
    """Whether ``low`` and ``high`` are the two ends of one range written with their rates."""
    return (low.rate_per is not None and high.start - low.end == 1 and text[low.end] in _RANGE_SIGNS
            and low.value_high is None and high.value_high is None
            and low.qualifier == "exact" and high.qualifier == "exact"
            and (low.unit_word, low.unit, low.rate_basis, low.rate_per)
            == (high.unit_word, high.unit, high.rate_basis, high.rate_per)
            and low.value < high.value)
