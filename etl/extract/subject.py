"""The subject of a figure: which program (or topic) it is about, and the places named with it.

For a number with a unit, :func:`subject` tries these rules in order; the first
that names a subject decides:

1. :func:`named_after` -- a topic or program named right after the number
   (16.69万名城乡低保对象, 100元的副食品补贴); a topic decides at once;
2. :func:`nairu_target` -- the target of 纳入 (纳入低保812人);
3. :func:`payment_object` -- the object of a payment verb after it
   (为15名孤儿发放助学金);
4. the program named right after it (rule 1) when it is no generic word;
5. :func:`named_before` -- the subject named before it in the clause;
6. :func:`carried_subject` -- the subject carried from the nearest earlier
   clause of the sentence (its 发放资金3808万元 belongs to the 农村低保 named before);
7. :func:`fallback_subject` -- a generic word of the clause (救助资金), the program of
   the paragraph for a count after the verb 救助, the
   column of a table cell, the numbered heading above, the title's program.

Then :func:`paid_subsidy` and :func:`locality.bare_modifier` refine what was chosen. What a
sentence takes from the one before (:func:`elliptic_subject`, :func:`breakdown_head`)
is in :mod:`sentence_heads`.
No subject at all is the ``no_program`` reason (see :mod:`drops`).
"""

from __future__ import annotations

import re

from etl.extract.catalogue import Token
from etl.extract.classify_base import Doc, Group, Subject, bare_subsidy_patterns
from etl.extract.clause_places import places
from etl.extract.groups import (AND_OTHERS, collapse, groups, last_program_before, list_before_others, narrows,
                                qualifies_subsidy, same_family)
from etl.extract.locality import bare_modifier, segment_variant
from etl.extract.numbers import NumberMention
from etl.extract.paragraph import paid_next, rescued_count, section_program, titled_subsidy
from etl.extract.sentences import any_between, clause_start
from etl.extract.table_subjects import cell_subject, heading_program, pipe_row_program, table_cell

# What may stand between a number and the program named after it: 16.69万名城乡低保对象
# (a count names its people right after the unit), 100元的副食品补贴 / 每年100-6000元不等的高龄津贴.
# 占 starts a share (218722人占农业人口的10.53%): what follows it is the base, not who is counted
_FOLLOW_GAP_COUNT = re.compile(r"^(?:[^、,;:。和及与(占]{0,2}|[^、,;:。(占]{0,3}的)$")
_FOLLOW_GAP_MONEY = re.compile(r"^(?:[^、,;:。]{0,3}的)?$")
_FOLLOW_GAP = _FOLLOW_GAP_COUNT
_PAREN = re.compile(r"\([^()]*\)")
# 发放了92.3万元的一次性生活补贴: the sum paid may stand between the verb and its object
_PAID_SUM_GAP = re.compile(r"了?[\d.]+[万亿]?元的$")
_PAY_VERB = re.compile(r"发放|给予|购买|提供|资助|补贴|减免|免除")
_NAIRU = "纳入"
_COUNT_GAP = re.compile(r"(?:[\d.]+万?[户人名])?")  # the first of a pair of counts (1800户2950人)
# a count that names its own people right after it, none of a program (1110名老人, 300名学生)
_OWN_PEOPLE = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:老人|老年人|儿童|残疾人|学生|妇女|职工|居民|村民|患者)")


def subject(doc: Doc, m: NumberMention, cms: list[NumberMention], k: int, ctoks: list[Token],
            cs: int, ce: int, carried: Subject | None) -> Subject | None:
    """The subject of the ``k``-th number ``m`` of the clause text[cs:ce] (see the module's rules)."""
    follow = named_after(doc, m, cms, k, ctoks, ce)
    if follow is not None and follow.kind == "topic":
        return subject_from(doc, follow, ctoks, cs, m.start)
    na = doc.text.find(_NAIRU, m.end, ce)
    if na >= 0:
        decided, subj = nairu_target(doc, m, ctoks, cs, ce, follow, na)
        if decided:
            return subj
    pv = _PAY_VERB.search(doc.text, m.end, ce)
    if pv is not None:
        subj = payment_object(doc, m, ctoks, cs, ce, follow, pv)
        if subj is not None:
            return subj
    if follow is not None and follow.kind != "generic":
        return subject_from(doc, follow, ctoks, cs, m.start)
    subj = named_before(doc, m, cms, k, ctoks, cs, carried)
    if subj is not None:
        return income_line_standard(doc, subj, m, ctoks, cs)
    if carried is not None:
        return carried_subject(doc, carried, ctoks, cs, m.start)
    return fallback_subject(doc, m, ctoks, cs, ce, cms, k)


def named_after(doc: Doc, m: NumberMention, cms: list[NumberMention], k: int, ctoks: list[Token],
                ce: int) -> Group | None:
    """Rule 1: the group named right after the number, before the clause's next number
    (16.69万名城乡低保对象, 100元的副食品补贴): a count names its people right after the unit."""
    nxt = cms[k + 1].start if k + 1 < len(cms) else ce
    after = groups(doc, ctoks, m.end, nxt)
    gap_re = _FOLLOW_GAP_COUNT if m.kind == "count" else _FOLLOW_GAP_MONEY
    if not after or not gap_re.match(doc.text[m.end:after[0].start]):
        return None
    if m.kind != "count" and after[0].start == m.end and k + 1 < len(cms):
        return None  # 城市低保提至750元 农村低保提至5300元: the next figure's own subject, not this one's
    return after[0]


def nairu_target(doc: Doc, m: NumberMention, ctoks: list[Token], cs: int, ce: int,
                 follow: Group | None, na: int) -> tuple[bool, Subject | None]:
    """Rule 2: the target of 纳入 after the number -- unless the number already follows a target
    of its own (纳入低保812人、纳入特困供养63人: the next 纳入 names the next figure's program;
    who was taken in, 监测对象纳入低保, is not what the figure counts).

    ``na`` is where the 纳入 after the number is. Returns (decided, subject): a 纳入 with no
    target and nothing named after the number decides "no subject"."""
    text = doc.text
    if (pa := text.rfind(_NAIRU, cs, m.start)) >= 0:
        own = groups(doc, ctoks, pa, m.start)
        if own and follow is None:
            return True, subject_from(doc, own[0], ctoks, cs, m.start)
    between = [g for g in groups(doc, ctoks, m.end, na) if g.kind == "topic"]
    if between:  # 2.01万名...建档立卡贫困人口纳入低保: the people are the topic's
        return True, subject_from(doc, between[0], ctoks, cs, m.start)
    named = groups(doc, ctoks, cs, m.start)
    if named and named[-1].kind == "topic" and _COUNT_GAP.fullmatch(text, named[-1].end, m.start):
        # 建卡贫困户1800户2950人纳入低保: ... or named right before the count
        return True, subject_from(doc, named[-1], ctoks, cs, m.start)
    target = groups(doc, ctoks, na, ce)
    if target and target[0].kind != "generic":
        return True, subject_from(doc, target[0], ctoks, cs, m.start)
    if follow is None:
        return True, None
    return False, None


def payment_object(doc: Doc, m: NumberMention, ctoks: list[Token], cs: int, ce: int,
                   follow: Group | None, pv: re.Match[str]) -> Subject | None:
    """Rule 3: the object of the payment verb ``pv`` after the number (为15名孤儿发放助学金).

    为300户城镇低保家庭发放低保金: when the paid benefit names the broad program the
    recipients' narrower one belongs to, the narrower is meant."""
    text = doc.text
    obj = [g for g in groups(doc, ctoks, pv.start(), ce) if g.kind != "generic"]
    if not obj or (_FOLLOW_GAP.match(text[pv.end():obj[0].start]) is None
                   and _PAID_SUM_GAP.match(text, pv.end(), obj[0].start) is None):
        return None
    if obj[0].kind == "program" and not doc.kinds.broad.isdisjoint(obj[0].programs):
        for named in (follow, last_program_before(doc, ctoks, cs, m.start)):
            if named is not None and named.start < obj[0].start and narrows(doc.v, named, obj[0]):
                return subject_from(doc, named, ctoks, cs, m.start)
    return subject_from(doc, obj[0], ctoks, cs, m.start)


def paid_in_clause(doc: Doc, own: list[Group], cs: int, ce: int) -> Group:
    """What a clause with no figure carries: 对低保家庭中的残疾人发放困难残疾人生活补贴,按每人每月90元
    的标准发放 -- the program paid (the object of the payment verb) rather than the recipients'
    program named before the verb, when the object is a program named right after the verb."""
    text = doc.text
    for g in own[1:]:
        if g.kind != "program":
            continue
        pv = _PAY_VERB.search(text, own[0].start, g.start)
        if pv is not None and _PAY_VERB.search(text, pv.end(), g.start) is None \
                and _FOLLOW_GAP.match(text[pv.end():g.start]) is not None:
            return g
    return own[0]


def _visible_tokens(doc: Doc, ctoks: list[Token], cs: int, mstart: int) -> list[Token]:
    """The clause's tokens outside the bracketed asides before the number."""
    parens = [(p.start(), p.end()) for p in _PAREN.finditer(doc.text, cs, mstart)]
    return [t for t in ctoks if not any(a <= t.start and t.end <= b for a, b in parens)]


def choose_before(doc: Doc, m: NumberMention, cms: list[NumberMention], k: int, cs: int,
                  before: list[Group]) -> Group:
    """Which of the groups named before the number in its clause is its subject.

    A sum of money is about what is paid right before it (发放助学金23万元); a count or a
    standard is about the clause's topic, named first -- unless the nearest is a topic
    (农村低保季节性缺粮食救助对象3338户)."""
    spending = m.kind == "money" and m.scaled
    if m.kind == "money" and len(before) > 1 and qualifies_subsidy(doc, before[0], before[-1].programs):
        return before[-1]  # 低保、特困人员将领到一次性生活补贴650元: what the recipients named first get
    chosen = before[-1] if spending or before[-1].kind == "topic" else before[0]
    if spending and chosen.kind == "program" and len(before) > 1 and doc.text.startswith(AND_OTHERS, chosen.end):
        # 为低保对象、农村“三老”人员、特困人员、孤儿及...边缘对象等困难群众发放补贴X万元:
        # the sum is paid to the whole list the 等 closes, not to its last item
        chosen = list_before_others(doc, before)
    if spending and len(before) > 1 and narrows(doc.v, before[-2], chosen):
        # 为农村低保对象2847人发放低保金462万元: the benefit's broad name refers back
        chosen = before[-2]
    # ... or a list of figures each after its own subject (孤儿658人、事实无人抚养儿童1530人):
    # the first subject named since the previous figure of the clause
    since = [g for g in before if g.start >= cms[k - 1].end] if k > 0 else []
    if not spending and since:
        chosen = since[0]
    elif m.kind == "count" and k > 0 and len(before) > 1:
        # 城市低保1203户2315人、农村低保8673户16117人: the second figure of a pair goes
        # with the subject of the first, named since the figure before that
        lo = cms[k - 2].end if k > 1 else cs
        pair = [g for g in before if lo <= g.start < cms[k - 1].start]
        if pair:
            chosen = pair[-1] if pair[-1].kind == "topic" else pair[0]
    # ... or a narrower program named later (孤儿标准提高到机构养育孤儿每人每月1700元)
    elif chosen is before[0] and len(before) > 1 and narrows(doc.v, before[-1], before[0]):
        chosen = before[-1]
    return chosen


def named_before(doc: Doc, m: NumberMention, cms: list[NumberMention], k: int, ctoks: list[Token],
                 cs: int, carried: Subject | None) -> Subject | None:
    """Rule 5: the subject named before the number in its clause (see :func:`choose_before`),
    outside bracketed asides; with the places of the subject carried when the clause goes on
    with a sibling program (X市、Y市城市低保标准为960元,农村低保标准为880元)."""
    text = doc.text
    visible = ctoks if text.find("(", cs, m.start) < 0 else _visible_tokens(doc, ctoks, cs, m.start)
    before = [g for g in groups(doc, visible, cs, m.start) if g.kind != "generic"]
    if not before:
        return None
    chosen = segment_variant(doc, choose_before(doc, m, cms, k, cs, before), cs)
    subj = subject_from(doc, chosen, ctoks, cs, m.start)
    if (not subj.places and carried is not None and carried.places and subj.kind == "program"
            and carried.start >= 0 and text[cs - 1:cs] == "," and carried.start >= clause_start(text, 0, cs - 1)
            and not any(t.kind in ("place", "collective", "urban") for t in ctoks)
            and not doc.cue_between(cs, m.start)
            and same_family(doc.v, subj.programs, carried.programs)):
        # X市、Y市城市低保标准为960元,农村低保标准为880元: the places go on
        subj.places = list(carried.places)
    return bare_modifier(doc, subj, ctoks, cs, m.start)


# between the standard cue and the income line it is written as (标准为家庭年人均纯收入)
_INCOME_LINE_GAP = re.compile(r"(?:为|是)(?:家庭|居民)?[年月]?(?:人均|每人平均)?")


def income_line_standard(doc: Doc, subj: Subject, m: NumberMention, ctoks: list[Token], cs: int) -> Subject:
    """农村低保保障标准为家庭年人均纯收入6000元: a standard written as an income line is the
    standard of the program named before its standard cue, not a figure of the income line."""
    if subj.kind != "topic" or subj.programs != ["income_line"] or subj.start < 0:
        return subj
    prog = last_program_before(doc, ctoks, cs, subj.start)
    if prog is None:
        return subj
    cue = [*doc.pat.standard.finditer(doc.text, prog.start, subj.start)]
    if not cue or _INCOME_LINE_GAP.fullmatch(doc.text, cue[-1].end(), subj.start) is None:
        return subj  # 标准达到国家扶贫线(农民年人均纯收入2855元): the line itself is meant
    return subject_from(doc, prog, ctoks, cs, m.start)


def carried_subject(doc: Doc, carried: Subject, ctoks: list[Token], cs: int, mstart: int) -> Subject:
    """Rule 6: the subject carried from the nearest earlier clause of the sentence, with the
    places this clause names itself (else the carried ones)."""
    own_places = places(doc, ctoks, cs, mstart)
    subj = Subject(list(carried.programs), carried.kind, own_places or list(carried.places), carried.word, carried.start,
                   carried.base)
    return bare_modifier(doc, subj, ctoks, cs, mstart)


def fallback_subject(doc: Doc, m: NumberMention, ctoks: list[Token], cs: int, ce: int,
                     cms: list[NumberMention], k: int) -> Subject | None:
    """Rule 7, when nothing before or after the number names a program: a generic word of the
    clause (救助资金), the paragraph's program for a count after the verb 救助 (:mod:`paragraph`),
    the column of a table cell (:mod:`table_subjects`), the numbered heading above a
    cell of a table flattened one cell a line, or the one program of the report's title."""
    section = section_program(doc, m, ctoks, cs)
    if section is not None:
        return section
    generic = [g for g in groups(doc, ctoks, cs, ce) if g.kind == "generic"]
    if generic:
        return Subject(generic[0].programs, "program", places(doc, ctoks, cs, m.start), generic[0].word, generic[0].start)
    at_rate = paid_next(doc, m, cs, ce)
    if at_rate is not None:
        return at_rate
    rescued = rescued_count(doc, m, cms, k, cs) if not any(t.kind == "topic" for t in ctoks) else None
    if rescued is not None:
        return Subject(rescued, "program", places(doc, ctoks, cs, m.start), "", -1)
    if not ctoks and doc.unit_lines:
        cell = table_cell(doc, m.start)
        if cell is not None:
            return cell_subject(doc, cell)
    if "\n" in doc.text[cs:m.start] and not any(t.kind in ("program", "topic") for t in ctoks):
        # a cell of a table flattened one cell a line: the program of the heading above it
        heading = heading_program(doc, cs)
        if heading is not None:
            return Subject(heading, "program", places(doc, ctoks, cs, m.start), "", -1)
    row = pipe_row_program(doc, ctoks, cs, m.start)
    if row is not None:
        return Subject(row, "program", places(doc, ctoks, cs, m.start), "", -1)
    if doc.title_program and not any(t.kind in ("program", "topic") for t in ctoks) and not any_between(
            doc.hidden_starts, doc.sentences.start(m.start), m.start) and not (  # 按低保标准的1.4倍确定,从1100元
            m.kind == "count" and _OWN_PEOPLE.match(doc.text, m.end)):  # 全县有640名老人享受居家养老服务
        return Subject([doc.title_program], "program", places(doc, ctoks, cs, m.start), "", -1)
    return None


def subject_from(doc: Doc, g: Group, ctoks: list[Token], cs: int, mstart: int) -> Subject:
    """The subject a group names, with the places of the clause before the number.

    低保等救助资金: "X and others" is the family X belongs to."""
    kind = "program" if g.kind in ("program", "generic") else "topic"
    programs = list(g.programs)
    if kind == "program" and doc.text.startswith("等", g.end):
        # (a list of programs with no common parent, closed by 等, stays a list: ambiguous)
        programs = collapse(doc.v, programs) or programs
        parent = doc.v.parents.get(programs[0]) if len(programs) == 1 else None
        programs = [parent] if parent else programs
    return Subject(programs, kind, places(doc, ctoks, cs, mstart), g.word, g.start)


def paid_subsidy(doc: Doc, m: NumberMention, subj: Subject | None, cs: int, ce: int) -> Subject | None:
    """为城市低保对象109314人发放补贴7519万元: a bare 补贴 paid to the recipients of an assistance
    program is a subsidy of its own (``bare_subsidies.csv``), not the program's benefit
    (低保金, 救助金); the count of people it reached and the sum are that subsidy's."""
    if subj is None or subj.kind != "program" or not subj.programs or subj.start < cs:
        return subj  # the recipients must be named in the clause itself
    if not doc.kinds.assistance.issuperset(subj.programs):  # (core programs, none a subsidy)
        return subj
    after, before, words = bare_subsidy_patterns(doc.v)
    if m.kind == "count":
        hit = after.match(doc.text, m.end, ce)
    elif m.kind == "money" and m.rate_per is None:
        hit = before.search(doc.text, max(cs, m.start - 12), m.start)
    else:
        hit = None
    if hit is None:
        return titled_subsidy(doc, m, cs, subj) or subj
    return Subject([words[hit.group("w")]], "program", subj.places, hit.group("w"), hit.start("w"))
