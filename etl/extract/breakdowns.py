"""Bare numbers whose unit a count's breakdown gives: 52人(机构养育孤儿4人、散居孤儿30人、事实无人抚养儿童18).

A breakdown in brackets after a count may leave its last item's unit out. When every
other item carries the count's unit and the items add up to the count, the last one
counts in that unit too; otherwise it stays a bare number.
"""

from __future__ import annotations

import re

from etl.extract.numerals import NumberMention

# a count, then its breakdown in brackets, items parted by 、 (52人(机构养育4人、散居30人、事实无人抚养18))
_BREAKDOWN = re.compile(r"(?<![\d.])(?P<total>\d+)(?P<unit>人|户|名)\((?P<items>[^()\n。]{2,200})\)")
# what every breakdown holds: the count's unit, then the bracket
_OPENINGS = ("人(", "户(", "名(")
_ITEM_WITH_UNIT = re.compile(r"[^\d、]{1,16}?(?P<num>\d+)(?P<unit>人|户|名)")
_ITEM_BARE = re.compile(r"[^\d、]{1,16}?(?P<num>\d+)")


def breakdown_tails(text: str, found: list[NumberMention],
                    unit_words: dict[str, tuple[str | None, str]]) -> list[NumberMention]:
    """The bare number closing a bracketed breakdown of a count (52人(A4人、B30人、C18)), when
    every other item has the count's unit and the items add up to it: the unit was left out."""
    out: list[NumberMention] = []
    if not any(opening in text for opening in _OPENINGS):
        return out  # (three searches in C spare most reports the pattern, tried at every character)
    taken = {f.start for f in found}
    for m in _BREAKDOWN.finditer(text):
        unit_word = m.group("unit")
        unit, kind = unit_words[unit_word]
        items = m.group("items").split("、")
        heads = [_ITEM_WITH_UNIT.fullmatch(it) for it in items[:-1]]
        tail = _ITEM_BARE.fullmatch(items[-1])
        if unit is None or kind != "count" or tail is None or len(items) < 2:
            continue
        if not all(h is not None and h.group("unit") == unit_word for h in heads):
            continue
        values = [int(h.group("num")) for h in heads if h is not None] + [int(tail.group("num"))]
        start = m.end("items") - len(tail.group("num"))
        if sum(values) != int(m.group("total")) or start in taken:
            continue
        out.append(NumberMention(start, m.end("items"), float(values[-1]), None, unit_word, unit, kind, False,
                                 None, None, "exact"))
    return out
