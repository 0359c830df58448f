"""Bounds: a highest and a lowest figure stated as a pair are one range, not two facts.

保障标准最高620元/人月,最低455元/人月 gives the spread of the standards of the
places below the one reported on: neither end is the standard of the place
itself. Stated as a pair (最高 ... 最低 ..., or 最低 ... 最高 ...), in one
sentence, for the same programs, places, metric and unit, the two are one fact:
the lowest value with the highest as its upper end (``value_high``), quoted from
the first of them. The other end becomes the mention ``range_bound``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from etl.extract.classify_base import Classified, Doc

# 最高/最低 right before the number (最高为620元, 最低达到455元), at most two words between
_BOUND = re.compile(r"(最高|最低)(?:为|是|达到|达|可达|只有|仅)?$")
_RATE_METRICS = ("standard", "avg_benefit")


def _bound(doc: Doc, r: Classified) -> str | None:
    """最高 or 最低 when it stands right before the number of ``r``, else None."""
    m = r.mention
    hit = _BOUND.search(doc.text, max(r.quote_start, m.start - 6), m.start)
    return hit.group(1) if hit else None


def pair_bounds(doc: Doc, results: list[Classified]) -> None:
    """Merge each 最高/最低 pair of rate facts of one sentence into one range (see the module)."""
    if "最高" not in doc.text or "最低" not in doc.text:
        return  # (a pair needs both words)
    sentences = doc.sentences
    for a, b in zip(results, results[1:]):
        if a.reason or b.reason or not a.items or a.items != b.items or a.metric not in _RATE_METRICS:
            continue
        if (a.metric, a.unit) != (b.metric, b.unit) or a.mention.value_high or b.mention.value_high:
            continue
        if sentences.start(a.mention.start) != sentences.start(b.mention.start):
            continue
        first, second = _bound(doc, a), _bound(doc, b)
        if first is None or second is None or first == second:
            continue
        low, high = (b, a) if first == "最高" else (a, b)
        if (low.mention.value or 0) > (high.mention.value or 0):
            continue  # not a spread: the words say something else
        low.mention = replace(low.mention, value_high=high.mention.value)
        low.quote_start = a.quote_start  # when the lowest comes second, the quote holds both
        high.reason = "range_bound"
        high.items = []
