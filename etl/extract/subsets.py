"""Counts of a part of a program's recipients, which are no count of the program.

* a qualifier right before the program's name (失能、半失能特困人员5360人; the words are in
  ``seeds/extract/subset_qualifiers.csv``);
* a group after the name and 中/当中/之中 (农村低保对象中老年人1.2万人, 111名儿童中有107名),
  but not an urban or rural part (低保对象中城市1.2万人: the program's 城市 variant).

The reason is ``subset_of_recipients`` (also given by :func:`etl.extract.parts.parts_of_other_total`).
"""

from __future__ import annotations

import re

from etl.extract.classify_base import ClauseState, Doc, SentenceState, Subject
from etl.extract.numerals import NumberMention


def subset_of_recipients(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention,
                         subj: Subject) -> str | None:
    """失能、半失能特困人员5360人: a qualifier right before the program's name (words in
    ``seeds/extract/subset_qualifiers.csv``) counts a part of its recipients (a count after 其中
    named by a program of another kind than the total's: :func:`etl.extract.parts.parts_of_other_total`)."""
    cs = cl.cs
    if m.kind == "count" and subj.start > cs and subj.kind == "program" and doc.text.endswith(
            doc.v.subset_words, max(cs, subj.start - 6), subj.start):
        return "subset_of_recipients"
    if m.kind == "count" and subj.kind == "program" and subj.start >= cs and subj.word and _AMONG.fullmatch(
            doc.text, subj.start + len(subj.word), m.start):
        return "subset_of_recipients"  # 农村低保对象中老年人1.2万人: a group among the program's recipients
    return None


# After a program's name, 中/当中/之中 and a group of its recipients before their count
# (低保对象中的重病患者1200人, 特困人员当中失能人员300人); not an urban or rural part (低保对象中城市
# 1.2万人: the program's 城市 variant, read by etl.extract.locality)
_AMONG = re.compile(r"(?:对象|人员|家庭|户|群众)?(?:中的?|当中的?|之中的?)(?!城|农村|乡村|农业|非农)"
                    r"[\u4e00-\u9fff]{1,10}?(?:有|共|达|为)?")
