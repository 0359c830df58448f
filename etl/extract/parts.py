"""Parts of another program's total: the counts after 其中 that are no caseload.

事实无人抚养儿童64人。其中:城镇户籍15人、农村户籍49人,享受低保58人: the parts tell the
children apart by what else they get; 58 is how many of the 64 also get 低保, not the
number of 低保 recipients. See :func:`parts_of_other_total`.
"""

from __future__ import annotations

from bisect import bisect_left

from etl.extract.classify_base import Classified, Doc
from etl.extract.groups import same_family

_PART_MARK = "其中"


def parts_of_other_total(doc: Doc, results: list[Classified]) -> None:
    """事实无人抚养儿童64人。其中:...享受低保58人,全额补助6人: after 其中, a count given to a
    program that is no kin of the total's (of another kind -- child welfare, assistance,
    disability --, and neither a parent nor a part of it) counts the total's people who also
    get that program, not the program's caseload: they become mentions (``subset_of_recipients``)."""
    text = doc.text
    if _PART_MARK not in text:
        return  # (most reports break nothing down)
    starts = [r.mention.start for r in results]
    for r in results:
        if r.reason or not r.items or r.metric != "recipients":
            continue
        m = r.mention
        s = doc.sentences.start(m.start)
        qi = text.rfind(_PART_MARK, s, m.start)
        if qi < 0 or ";" in text[qi:m.start]:
            continue  # (其中...;保障城乡特困人员3.2万人: the parts end at the semicolon)
        w0 = s if text[s:qi].strip(" \t:") else doc.sentences.start(max(s - 1, 0))
        totals = [t for t in results[bisect_left(starts, w0):bisect_left(starts, qi)]
                  if t.items and not t.reason and t.metric == "recipients"]
        if not totals:
            continue
        total = {p for p, _ in totals[-1].items}
        part = {p for p, _ in r.items}
        if not any(_kin(doc, a, b) for a in part for b in total):
            r.reason = "subset_of_recipients"
            r.items = []


def _kin(doc: Doc, a: str, b: str) -> bool:
    """Programs of one kind (both assistance, both child welfare...: 低收入人口 holds 低保 and
    低保边缘), one family, one the other's ancestor, or a part of the other (两项补贴)."""
    parts = doc.v.program_parts
    pa, pb = doc.v.programs.get(a), doc.v.programs.get(b)
    return (pa is None or pb is None or pa.category == pb.category or a in doc.v.ancestors(b)
            or b in doc.v.ancestors(a) or same_family(doc.v, [a], [b])
            or a in parts.get(b, ()) or b in parts.get(a, ()))
