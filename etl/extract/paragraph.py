"""The program a paragraph is about, for figures whose own sentence names none.

* :func:`section_program` -- 一、城市低保 ... 保障标准每月615元: the program of the
  numbered heading above a figure whose sentence names none;
* :func:`paid_next` -- 以每户500元标准,为1846户困难群众发放了一次性生活补贴: a rate the sentence
  pays at, in a clause of its own, is the rate of what the next clause pays;
* :func:`titled_subsidy` -- 发放基本生活补贴310.5万元 in a report titled ...发放困难群众基本生活价格补贴:
  a subsidy the body names by a shortened form of the title's subsidy is the title's;
* :func:`rescued_count` -- 三是落实临时救助制度。...目前已救助86人次: a head-count
  right after the verb 救助 counts the people helped by the program the paragraph (or the
  numbered item 一是/二是/(一) of it) is about; when the paragraph names no program and no
  topic at all (某市救助5200户8100人), by social assistance as a whole.

:mod:`subject` asks it in its fallback rule, once the sentence itself named nothing.
"""

from __future__ import annotations

import re

from bisect import bisect_left

from etl.extract.catalogue import Token, scan
from etl.extract.classify_base import PAYING, Doc, Subject
from etl.extract.groups import groups_in
from etl.extract.clause_places import places
from etl.extract.numbers import NumberMention
from etl.extract.sentences import clause_end
from etl.extract.table_subjects import heading_program

# 救助 as the verb right before the count (已救助132人次, 共救助, 累计救助了)
_RESCUE_VERB = re.compile(r"(?:已|共|累计|共计|先后|合计|全年|当月|本月)?(?:实施)?救助了?$")
# where an item of a paragraph starts: 一是, 其二, 一、, (一), 1.
_ITEM = re.compile(r"(?:^|(?<=[。\n]))\s*(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|[一二三四五六七八九十]+、"
                   r"|\([一二三四五六七八九十\d]+\)|\d+[.、])", re.M)
_WHOLE = "social_assistance"
# 以每户500元标准, / 按每人每月50元的标准,: a clause that only says at what rate something is paid
_AT_RATE = re.compile(r"(?:以|按|按照)[^,;:。以按]{0,8}$")
_RATE_TAIL = re.compile(r"的?标准")
_PAYING = re.compile(PAYING)
# a subsidy word the catalogue does not know, right before the sum paid (发放基本生活补贴310.5万元)
_SOME_SUBSIDY = re.compile(PAYING + r"(?P<stem>[\u4e00-\u9fff]{2,4})补贴(?:共|计|合计|约|近)?$")
_ANY_HEAD = re.compile(r"\n\s*(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")
_PAREN = re.compile(r"\([^()]*\)")
_HEADING_MAX = 40  # a heading is a short line ...
_SENTENCE_ENDS = ("。", "!", "?", ";", ",")  # ... that does not end as a sentence or a clause does


def rescued_count(doc: Doc, m: NumberMention, cms: list[NumberMention], k: int, cs: int) -> list[str] | None:
    """The program of the ``k``-th number of the clause starting at ``cs`` when it is a count
    right after the verb 救助 (or after the counts of a pair right after it: 救助5200户8100人),
    else None. The sentence must name nothing before it (the caller's fallback)."""
    if m.kind != "count":
        return None
    text = doc.text
    pos = m.start
    for j in range(k - 1, -1, -1):  # 救助N户M人: the verb is before the first count of the pair
        if cms[j].kind != "count" or text[cms[j].end:pos].strip("、"):
            break
        pos = cms[j].start
    if _RESCUE_VERB.search(text, max(cs, pos - 8), pos) is None:
        return None
    return paragraph_program(doc, doc.sentences.start(cs))


def paragraph_program(doc: Doc, s: int) -> list[str] | None:
    """The one program the paragraph (or its item) names before the sentence starting at ``s``;
    social assistance when it names no program and no topic; None when it names several."""
    text = doc.text
    p0 = text.rfind("\n", 0, s) + 1
    items = [i.start() for i in _ITEM.finditer(text, p0, s)]
    if items:
        p0 = items[-1]
    elif p0 > 0:
        # 四、60年代精简退职老职工生活补助发放情况 / 12月救助52人: a heading line right above is the paragraph's
        prev = text.rfind("\n", 0, p0 - 1) + 1
        line = text[prev:p0 - 1].strip()
        if line and len(line) <= _HEADING_MAX and not line.endswith(_SENTENCE_ENDS):
            p0 = prev
    named = {(t.kind, str(t.value)) for t in scan(doc.v, text, p0, s) if t.kind in ("program", "topic")}
    if not named:
        return [_WHOLE]
    if len(named) == 1 and next(iter(named))[0] == "program":
        return [next(iter(named))[1]]
    return None


def section_program(doc: Doc, m: NumberMention, ctoks: list[Token], cs: int) -> Subject | None:
    """一、城市低保 ... 保障标准每月615元: a figure whose sentence names no subject, under a
    numbered heading that names one program, is that program's -- when every program named
    since the heading is one of the heading's (a section that moved on to another core program
    is not; one in brackets, 三无(特困)人员, or outside the core, 优抚对象, is a subgroup named)."""
    if any(t.kind in ("program", "topic") for t in ctoks):
        return None
    heading = heading_program(doc, cs)
    if heading is None or doc.headings is None:
        return None
    he = doc.headings[bisect_left(doc.headings, (cs, cs)) - 1][1]
    if _ANY_HEAD.search(doc.text, he, m.start):
        return None  # a later heading (四、60年代...) the heading grammar does not read
    parens = [(p.start(), p.end()) for p in _PAREN.finditer(doc.text, he, m.start)]
    for t in doc.tokens_in(he, m.start):
        if t.kind == "program" and t.value not in heading and doc.v.is_core(str(t.value)) and not any(
                a <= t.start and t.end <= b for a, b in parens):
            return None
    return Subject(heading, "program", places(doc, ctoks, cs, m.start), "", -1)


def paid_next(doc: Doc, m: NumberMention, cs: int, ce: int) -> Subject | None:
    """The program paid in the clause after the one at text[cs:ce] when that clause only says
    at what rate it is paid (以每户500元标准,为...发放了一次性生活补贴), else None; with the places
    of those paid (为锡林浩特市1681户...: theirs, not the payer's before the rate)."""
    text = doc.text
    if m.kind != "money" or not text.startswith(",", ce) or _RATE_TAIL.fullmatch(text, m.end, ce) is None \
            or _AT_RATE.search(text, cs, m.start) is None:
        return None
    ns = ce + 1
    ne = clause_end(text, ns)
    pv = _PAYING.search(text, ns, ne)
    if pv is None:
        return None
    paid = [g for g in groups_in(doc, scan(doc.v, text, pv.end(), ne), pv.end(), ne) if g.kind != "generic"]
    if len(paid) != 1 or paid[0].kind != "program" or len(paid[0].programs) != 1:
        return None
    where = places(doc, scan(doc.v, text, ns, pv.start()), ns, pv.start()) or places(
        doc, scan(doc.v, text, cs, m.start), cs, m.start)
    return Subject(list(paid[0].programs), "program", where, paid[0].word, -1)


def titled_subsidy(doc: Doc, m: NumberMention, cs: int, subj: Subject) -> Subject | None:
    """The subsidy the report's title names (its one program, a subsidy) for a sum paid as a
    subsidy the catalogue does not know, to recipients named in the clause, when the title
    holds that subsidy's stem (发放基本生活补贴 under ...发放困难群众基本生活价格补贴); else None."""
    program = doc.title_program
    span = doc.ctx.title_span
    if m.kind != "money" or program is None or span is None or not doc.v.programs[program].is_subsidy:
        return None
    hit = _SOME_SUBSIDY.search(doc.text, max(cs, m.start - 12), m.start)
    if hit is None or hit.group("stem") not in doc.text[span[0]:span[1]]:
        return None
    return Subject([program], "program", list(subj.places), hit.group(), hit.start("stem"))
