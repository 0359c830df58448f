"""Urban and rural variants: which variant of a program a locality word (城市, 农村) picks
where the program's own name does not say it.

* :func:`bare_modifier` -- 城市570元 / 其中城市保障对象9726人: a modifier written with no
  program of its own applies to the subject carried or named before it;
* :func:`part_modifier` -- 集中供养386人 after 特困人员: a modifier that picks no variant
  makes the count a part the catalogue has no program for;
* :func:`segment_variant` -- 其中城镇低保对象1200户,...,累计发放低保金415.6万元: the broad
  benefit word of a breakdown item (低保金) is the item's variant;
* :func:`carried_across` -- what a subject picked by a bare modifier carries past a
  semicolon: the breakdown item it named is over, so the program it narrowed.

:mod:`subject` applies these to the subject it chose; :mod:`classify` asks
:func:`carried_across` when it carries a subject to the next clause.
"""

from __future__ import annotations

from etl.extract.catalogue import Token
from etl.extract.classify_base import Doc, Group, Subject
from etl.extract.groups import groups, narrows, variant
from etl.extract.sentences import any_between

# What opens one item of a breakdown inside a sentence: 其中 (其中:城市...), or a semicolon
# after the item before (...;农村低保对象5400户).
_ITEM_OPENERS = ("其中", ";")
# words that say a benefit is the total of all variants (城乡低保金)
_TOTAL_WORDS = ("城乡",)


def _modifiers_since_program(doc: Doc, ctoks: list[Token], cs: int, mstart: int) -> list[Token]:
    """The modifiers between the clause's last program (or topic) word and the number."""
    last_prog = max((t.end for t in ctoks if t.kind in ("program", "topic") and t.end <= mstart), default=cs)
    return [t for t in ctoks if t.kind == "modifier" and last_prog <= t.start and t.end <= mstart]


def bare_modifier(doc: Doc, subj: Subject, ctoks: list[Token], cs: int, mstart: int) -> Subject:
    """城市570元 / 其中城市保障对象9726人: a modifier with no program applies to the subject.

    The subject remembers the program it narrowed (``base``) so that what it carries
    past the end of the breakdown item is that program again (:func:`carried_across`)."""
    if not subj.programs or subj.kind != "program" or not ctoks or not any_between(doc.mod_starts, cs, mstart):
        return subj
    mods = _modifiers_since_program(doc, ctoks, cs, mstart)
    if mods:
        # 散居孤儿与事实无人抚养儿童每月1250元,集中供养儿童每月1800元: a modifier that picks a variant of
        # each program carried narrows each to it (one figure when they share the variant)
        picked = [variant(doc.v, p, mods[-1].word) for p in subj.programs]
        if all(picked):
            narrowed = list(dict.fromkeys(p for p in picked if p))
            if narrowed != subj.programs:
                subj.base = subj.base or list(subj.programs)
                subj.programs = narrowed
    return subj


def part_modifier(doc: Doc, subj: Subject, ctoks: list[Token], cs: int, mstart: int) -> bool:
    """A bare modifier before a count that picks no variant of the subject's program
    (集中供养386人 after 特困人员): the count is a part the catalogue has no program for."""
    if len(subj.programs) != 1 or subj.kind != "program" or not ctoks or not any_between(doc.mod_starts, cs, mstart):
        return False
    # (城乡困难群众45人获得临时救助: 城乡 names every locality, never a part)
    mods = [t for t in _modifiers_since_program(doc, ctoks, cs, mstart) if t.word not in _TOTAL_WORDS]
    return bool(mods) and all(variant(doc.v, subj.programs[0], t.word) is None for t in mods)


def segment_variant(doc: Doc, chosen: Group, cs: int) -> Group:
    """其中,城镇低保对象1200户1900人,...,累计发放低保金415.6万元;农村低保对象5400户...: a broad
    program word (低保金) in a later clause of a breakdown item is the variant the item
    opened with -- when the item (since the last 其中 or semicolon of the sentence) names
    that one variant of it and no other, and the word itself does not say all (城乡低保金).

    ``chosen`` is the group named before the number in the clause starting at ``cs``."""
    if chosen.kind != "program" or doc.kinds.broad.isdisjoint(chosen.programs) or chosen.word.startswith(_TOTAL_WORDS):
        return chosen
    text = doc.text
    s = doc.sentences.start(cs)
    opened = max(text.rfind(_ITEM_OPENERS[0], s, cs), text.rfind(_ITEM_OPENERS[1], s, cs))
    if opened < 0:
        return chosen  # no breakdown item: 城市低保...,农村低保...,全年发放低保金 is the total
    named = [g for g in groups(doc, doc.tokens_in(opened, cs), opened, cs) if g.kind == "program"]
    narrower = [g for g in named if narrows(doc.v, g, chosen)]
    if not narrower or len(narrower) != len(named) or any(g.programs != narrower[0].programs for g in narrower):
        return chosen
    return Group(chosen.start, chosen.end, list(narrower[0].programs), chosen.kind, chosen.word)


def carried_across(doc: Doc, subj: Subject, ce: int) -> Subject:
    """The subject a clause ending at ``ce`` carries on: past a semicolon, one whose variant a
    bare modifier picked (其中:城市2400户,农村5100户;累计支出资金1230.6万元) carries the program
    it narrowed -- the breakdown item is over."""
    if subj.base is None or not doc.text.startswith(";", ce):
        return subj
    return Subject(list(subj.base), subj.kind, list(subj.places), subj.word, subj.start)
