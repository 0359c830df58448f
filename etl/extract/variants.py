"""Variants: which variant of a program a figure is about when its clause names the broad one.

* :func:`bare_modifier` -- 城市570元, 其中城市保障对象9726人: a modifier with no program of its
  own picks the variant of the subject's program;
* :func:`part_modifier` -- 集中供养386人 after 特困人员: a modifier that picks none counts a part;
* :func:`benefit_of_carried` -- 城镇低保对象3031户,...,累计发放低保金1342.1万元: the broad
  benefit word after a narrower program's figures is that narrower program's.
"""

from __future__ import annotations

from bisect import bisect_left

from etl.extract.catalogue import Token, Vocabulary
from etl.extract.classify_base import Doc, Group, Subject, variant
from etl.extract.groups import groups
from etl.extract.sentences import any_between


def benefit_of_carried(doc: Doc, chosen: Group, ctoks: list[Token], carried: Subject, cs: int) -> bool:
    """Whether the group chosen is the bare benefit (低保金, 最低生活保障金: no modifier, no 城乡) of
    the broad program of a narrower one carried from a clause before in the sentence, with no
    semicolon between (城镇低保对象3031户...,累计发放低保金1342.1万元;农村低保对象...)."""
    if carried.kind != "program" or not 0 <= carried.start < cs or chosen.kind != "program":
        return False
    if len(chosen.programs) != 1 or "城乡" in chosen.word:
        return False
    if not (chosen.word.endswith("金") or doc.text.startswith(("金", "资金"), chosen.end)):
        return False
    if any(t.kind == "modifier" and chosen.start <= t.start < chosen.end for t in ctoks):
        return False
    text = doc.text
    if ";" in text[carried.start:cs] or "。" in text[carried.start:cs]:
        return False
    broad = chosen.programs[0]  # ... of which the carried are variants (城镇低保 of 低保), not mere parts
    kinds = {var for (prog, _), var in doc.v.variants.items() if prog == broad and var != broad}
    if not all(p in kinds and doc.v.parents.get(p) == broad for p in carried.programs):
        return False
    # 农村低保对象16823户,城市低保对象952户,累计发放低保资金8675.4万元: after figures of two
    # variants in the same stretch (since the last semicolon) the benefit is the whole program's
    seg = max(doc.sentences.start(cs), text.rfind(";", 0, cs) + 1)
    toks = doc.tokens[bisect_left(doc.starts, seg):bisect_left(doc.starts, cs)]
    named = {p for g in groups(doc, toks, seg, cs) if g.kind == "program" for p in g.programs}
    return not any(p in kinds and p not in carried.programs for p in named)


def _modifiers_since_program(doc: Doc, ctoks: list[Token], cs: int, mstart: int) -> list[Token]:
    """The modifiers between the clause's last program (or topic) word and the number."""
    last_prog = max((t.end for t in ctoks if t.kind in ("program", "topic") and t.end <= mstart), default=cs)
    return [t for t in ctoks if t.kind == "modifier" and last_prog <= t.start and t.end <= mstart]


def bare_modifier(doc: Doc, subj: Subject, ctoks: list[Token], cs: int, mstart: int) -> Subject:
    """城市570元 / 其中城市保障对象9726人: a modifier with no program applies to the subject (to
    each of a list when it picks a variant of each: 散居孤儿及事实无人抚养儿童..., 集中供养儿童2010元)."""
    if not subj.programs or subj.kind != "program" or not any_between(doc.mod_starts, cs, mstart):
        return subj
    mods = _modifiers_since_program(doc, ctoks, cs, mstart)
    if mods:
        picked = [variant(doc.v, p, mods[-1].word) for p in subj.programs]
        if all(picked):
            narrowed = list(dict.fromkeys(p for p in picked if p))
            if narrowed != subj.programs:
                subj.unnarrowed = subj.unnarrowed or list(subj.programs)
                subj.programs = narrowed
    return subj


def part_modifier(doc: Doc, subj: Subject, ctoks: list[Token], cs: int, mstart: int) -> bool:
    """A bare modifier before a count that picks no variant of the subject's program
    (集中供养386人 after 特困人员): the count is a part the catalogue has no program for."""
    if len(subj.programs) != 1 or subj.kind != "program" or not any_between(doc.mod_starts, cs, mstart):
        return False
    mods = _modifiers_since_program(doc, ctoks, cs, mstart)
    return bool(mods) and all(variant(doc.v, subj.programs[0], t.word) is None for t in mods)


def whole_program(v: Vocabulary, programs: list[str], stated: list[str]) -> str | None:
    """The parent of a carried variant when a sibling variant was stated before it too (城市特困
    人员14人,农村特困人员541人 -> 特困人员), else None."""
    if len(programs) != 1:
        return None
    parent = v.parents.get(programs[0])
    kinds = {var for (prog, _), var in v.variants.items() if prog == parent and var != parent}
    if not parent or programs[0] not in kinds:
        return None
    return parent if any(p in kinds and p != programs[0] for p in stated) else None
