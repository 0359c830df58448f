"""Stage 6: turn classified numbers into facts and mentions.

Spans found on the normalized text are mapped back to the original text so
that ``quote == text[start:end]`` always holds. A fact stated twice in one
document (in the title and again in the body) is kept once: the first time.
"""

from __future__ import annotations

from dataclasses import replace

from etl.extract.catalogue import Vocabulary
from etl.extract.classify import Classified
from etl.extract.model import Fact, Mention
from etl.extract.normalize import NormalizedText


def assemble(vocab: Vocabulary, document: str, original: str, norm: NormalizedText,
             classified: list[Classified]) -> tuple[list[Fact], list[Mention]]:
    """Build the facts and mentions of one document."""
    facts: list[Fact] = []
    mentions: list[Mention] = []
    # The same figure stated twice (title and body, or 上半年 and again 1-6月份) is one fact;
    # the first statement is kept, with the narrower of the two periods.
    seen: dict[tuple[object, ...], int] = {}
    for c in classified:
        m = c.mention
        if c.reason is not None or not c.items or c.period is None or c.metric is None or c.unit is None:
            ms, me = norm.span_to_original(m.start, m.end)
            mentions.append(Mention(document, (ms, me), original[ms:me], m.value, m.unit, c.reason or "unclassified"))
            continue
        start, end = norm.span_to_original(c.quote_start, m.end)  # the quote only a fact needs
        quote = original[start:end]
        for program, code in c.items:
            place = vocab.places[code]
            key = (code, program, c.metric, c.unit, m.value, m.value_high, c.status,
                   c.period[0].year, c.period[1].year)
            if key in seen:
                k = seen[key]
                old = facts[k]
                if (c.period[1] - c.period[0]) < (old.period_end - old.period_start):
                    facts[k] = replace(old, period_start=c.period[0], period_end=c.period[1])
                continue
            seen[key] = len(facts)
            facts.append(Fact(
                document=document,
                jurisdiction_code=code,
                jurisdiction_name=place.name,
                program=program,
                metric=c.metric,
                unit=c.unit,
                value=m.value,
                value_high=m.value_high,
                qualifier=m.qualifier,
                period_start=c.period[0],
                period_end=c.period[1],
                status=c.status,
                span=(start, end),
                quote=quote,
            ))
    return facts, mentions
