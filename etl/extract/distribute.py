"""Distribution: which programs and places one value goes to -- 分别, lists, shared values.

* 分别 (:func:`fenbie`) hands the values after it to the programs or places
  listed before it, in order (低保、特困标准分别为800元、1200元); 分别由A、B提高到C、D
  pairs the old values, then the new ones; with no list in the clause, the
  programs counted in the sentence's earlier clauses; 城乡 before one program
  with two values splits it into its 城市/农村 variants; a list of care levels
  (集中和分散供养) gives each value to its level's variant of the program, or to the
  program itself (:func:`care_levels`);
* a value shared by a list (:func:`shared_programs`): a rate goes to each
  program, a count or sum to their common parent;
* places (:func:`assign_places`): a place named since the clause's previous
  figure is this one's; a count or sum over several places is no fact; with no
  place, the line's place label, else the report's own jurisdiction.

The reasons decided here: ``ambiguous_list``, ``ambiguous_program_list``,
``national_figure``, ``shared_count_over_places``, ``no_jurisdiction``.
"""

from __future__ import annotations

from etl.extract.catalogue import Token
from etl.extract.classify_base import NATIONAL, TO_VERB, Classified, Doc, Subject
from etl.extract.clause_places import line_label, place_list_for, places
from etl.extract.groups import collapse, drop_children, groups, variant
from etl.extract.numbers import NumberMention

_URBAN_RURAL = ("城市", "农村")
_SUM_METRICS = ("recipients", "spending", "exits", "new_recipients")


def distribute(doc: Doc, r: Classified, subject: Subject, cms: list[NumberMention], k: int,
               ctoks: list[Token], cs: int, clauses: list[tuple[int, int]], tokens: list[Token]) -> None:
    """Set ``r.items`` (program, jurisdiction) pairs for the ``k``-th number of the clause, or ``r.reason``."""
    m = r.mention
    programs = list(subject.programs)
    place_list = list(subject.places)
    fb = doc.text.rfind("分别", cs, m.start)
    if fb < 0:
        programs = _old_values(doc, m, cms, ctoks, cs) or programs
    if fb >= 0:
        picked = fenbie(doc, m, cms, ctoks, cs, fb, clauses, tokens)
        if picked is None:
            r.reason = "ambiguous_list"
            return
        programs = picked[0] or programs
        place_list = picked[1] or place_list
    if len(programs) > 1:
        programs = shared_programs(doc, programs, r.metric)
        if not programs:
            r.reason = "ambiguous_program_list"
            return
    reason = assign_places(doc, r, programs, place_list, cms, k, ctoks)
    if reason:
        r.reason = reason


def fenbie(doc: Doc, m: NumberMention, cms: list[NumberMention], ctoks: list[Token], cs: int, fb: int,
           clauses: list[tuple[int, int]], tokens: list[Token]) -> tuple[list[str], list[str]] | None:
    """分别 at ``fb`` before the number: (programs, places) it hands this value to -- an empty
    list leaves the subject's -- or None when there are several values and no list of their
    number to hand them to (the ``ambiguous_list`` reason)."""
    text = doc.text
    values = [x for x in cms if x.start > fb and x.kind == m.kind]
    idx = values.index(m) if m in values else 0
    half = len(values) // 2
    if len(values) % 2 == 0 and half > 1 and TO_VERB.search(text, values[half - 1].end, values[half].start):
        # 分别由A、B提高到C、D: the old values, then the new ones, each in list order
        values, idx = (values[:half], idx) if idx < half else (values[half:], idx - half)
    if len(values) <= 1:
        # 两项补贴分别按每人每月50元: one value for each of the programs a combined one names
        named = [p for g in groups(doc, ctoks, cs, fb) if g.kind == "program" for p in g.programs]
        if len(named) == 1 and named[0] in doc.v.program_parts:
            return list(doc.v.program_parts[named[0]]), []
        return [], []
    ls = cs
    listed = _listed(doc, ctoks, cs, fb)
    levels = care_levels(doc, text[cs:fb], listed, len(values))
    if levels is not None:
        return levels[idx], []
    if not listed and len(doc.counted_before) == len(values):
        # 生活补贴发放对象2.8万人,护理补贴3.9万人,标准分别为80元和90元: the programs counted
        # in the sentence's earlier clauses, in order
        listed = list(doc.counted_before)
    prev = [c for c in clauses if c[1] <= cs]
    if not listed and prev and not any(t.kind == "place" and t.start < fb for t in ctoks):
        # 城乡低保标准分别高出均值50元和100元,分别达到月人均690元和年人均2650元: the second
        # 分别 hands its values to the list the clause before named
        ls, pe = prev[-1]
        listed = _listed(doc, [t for t in tokens if ls <= t.start < pe], ls, pe)
    if len(listed) == len(values):
        return [listed[idx]], []
    if len(listed) == 1 and len(values) == 2 and variant(doc.v, listed[0], "城市") and "城乡" in text[ls:fb]:
        return [variant(doc.v, listed[0], _URBAN_RURAL[idx]) or listed[0]], []
    plist = place_list_for(doc, len(values), ctoks, cs, fb, clauses, tokens)
    if plist is None:
        return None
    return [], [plist[idx]]


def _old_values(doc: Doc, m: NumberMention, cms: list[NumberMention], ctoks: list[Token], cs: int) -> list[str]:
    """城镇、农村低保标准由每月200元、90元分别提高到520元、410元: the old values before a
    分别 that pairs as many new ones go, in order, to the programs listed before them too;
    empty when the number is no such old value."""
    text = doc.text
    if text.find("分别", m.end, cms[-1].start) < 0:
        return []  # (the common case: no 分别 between this number and the clause's last)
    values = [x for x in cms if x.kind == m.kind]
    after = [x for x in values if x.start > m.start]
    fa = next((text.find("分别", a.end, b.start) for a, b in zip([m, *after], after)
               if text.find("分别", a.end, b.start) >= 0), -1)
    if fa < 0 or TO_VERB.match(text, fa + 2) is None:
        return []
    olds = [x for x in values if x.end <= fa]
    news = [x for x in values if x.start > fa]
    if len(olds) != len(news) or len(olds) < 2 or any(text[a.end:b.start].strip("、和及与元") for a, b in zip(olds, olds[1:])):
        return []
    listed = _listed(doc, ctoks, cs, olds[0].start)
    return [listed[olds.index(m)]] if len(listed) == len(olds) else []


def _listed(doc: Doc, ctoks: list[Token], s: int, e: int) -> list[str]:
    """The programs text[s:e] names, in order (topics are no list 分别 hands values to)."""
    listed: list[str] = []
    for g in groups(doc, ctoks, s, e):
        if g.kind == "topic":
            continue
        for p in g.programs:
            if p not in listed:
                listed.append(p)
    return listed


def care_levels(doc: Doc, before: str, listed: list[str], n: int) -> list[list[str]] | None:
    """集中和分散供养标准分别为A、B: ``n`` values for as many care levels (``care_levels.csv``) of
    at most one program named -- each level's variant of it (孤儿 集中供养 -> 机构供养孤儿), or
    the program itself (an empty list: the subject's) where the level is no variant of it;
    None when the clause lists no such levels."""
    if len(listed) > 1:
        return None
    found = [*doc.pat.levels.finditer(before)]
    if not found:
        return None
    words = [w.group() for w in doc.pat.level.finditer(found[-1].group())]
    if len(words) != n:
        return None
    out: list[list[str]] = []
    for word in words:
        var = variant(doc.v, listed[0], word) if listed else None
        out.append([var] if var else [])
    return out


def shared_programs(doc: Doc, programs: list[str], metric: str | None) -> list[str]:
    """A value shared by a list of programs: a count or a sum goes to their common parent
    (empty when they have none: ``ambiguous_program_list``); a rate to each of them, less
    those whose ancestor is listed too."""
    if metric in _SUM_METRICS:
        return collapse(doc.v, programs)
    return drop_children(doc.v, programs)


def assign_places(doc: Doc, r: Classified, programs: list[str], place_list: list[str],
                  cms: list[NumberMention], k: int, ctoks: list[Token]) -> str | None:
    """Set ``r.items`` for the places of the value; return the reason when it has none.

    全国 is no jurisdiction of ours (``national_figure``: 全国城市低保平均标准); a count or sum
    over several places cannot be split (``shared_count_over_places``)."""
    m = r.mention
    if NATIONAL in place_list:
        return "national_figure"
    if len(place_list) > 1 and k > 0:
        # 宾川县1620人、祥云县1480人: a place named since the clause's previous figure is this one's
        since = places(doc, ctoks, cms[k - 1].end, m.start)
        if since:
            place_list = since
    if len(place_list) > 1 and r.metric not in ("standard", "avg_benefit"):
        return "shared_count_over_places"
    if not place_list:
        place_list = line_label(doc, m.start)
    if not place_list:
        home = doc.ctx.home
        if home is None:
            return "no_jurisdiction"
        place_list = [home.code]
    r.items = [(p, c) for c in place_list for p in programs]
    return None
