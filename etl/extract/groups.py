"""Program groups: the lists of programs (or topics) a window of text names, modifiers applied.

城市和农村低保 is one group of two programs (城市低保, 农村低保): a modifier before a
program picks its variant (``program_variants.csv``); modifiers in a list
(城市、农村低保) make one program each; items joined by 、/和/及 (or by a wider
gap such as 最低生活保障标准和农村特困人员) extend the same group. The subject rules
(:mod:`subject`), the 分别 rule (:mod:`distribute`) and the table readers
(:mod:`table_subjects`) choose among the groups found here.

The program-family questions every concern asks (:func:`variant`, :func:`collapse`,
:func:`narrows` ...) are answered here too, from the catalogue's tree.
"""

from __future__ import annotations

import re

from etl.extract.catalogue import Token, Vocabulary
from etl.extract.classify_base import LIST_GAP, PAYING, Doc, Group
from etl.extract.sentences import any_between

# Between two programs of one list: 最低生活保障标准和农村特困人员, 低保对象、特困人员
_LIST_GAP_WIDE = re.compile(r"^(?:对象|人员|家庭|户|标准|基本生活标准|救助供养标准|金|资金|补贴)?(?:、|和|及|以及|与|或|或者)$")
# 城市“特困”老人, 农村"五保"对象: a program in quotes still takes the modifier right before the quote
# the modifiers that name a locality, one per variant (城市 -> 城市低保, 农村 -> 农村低保)
_LOCALITIES = ("城市", "农村")
_MOD_GAP = re.compile(r"^(?:居民|的|人员)?[“\"]?$")


def groups(doc: Doc, toks: list[Token], a: int, b: int) -> list[Group]:
    """Subject groups (lists of programs/topics, with modifiers applied) in text[a:b]."""
    if not toks or not any_between(doc.group_starts, a, b):
        return []  # (a third of the windows asked about hold no catalogue word at all)
    return groups_in(doc, toks, a, b)


def _split_own_modifier(doc: Doc, t: Token, slots: list[list[Token]]) -> Token:
    """城镇、农村低保: the last item of a list of modifiers carries its own (农村低保 = 农村 + 低保).

    Appends that modifier as a slot of its own and returns the bare program's token."""
    base = str(t.value)
    parent = doc.v.parents.get(base)
    for (prog, mod), var in doc.v.variants.items():
        if prog == parent and var == base and t.word.startswith(mod):
            slots.append([Token(t.start, t.start + len(mod), mod, "modifier", mod)])
            return Token(t.start + len(mod), t.end, t.word[len(mod):], "program", parent)
    return t


def _apply_modifiers(doc: Doc, t: Token, slots: list[list[Token]]) -> list[str]:
    """One program per slot of modifiers before ``t``: the variant the slot's first modifier that has one picks.

    集中供养和城市分散供养特困人员: a slot of a care level alone, listed with a slot that names a
    locality, is that care level in every locality -- each locality's variant."""
    base = str(t.value)
    progs: list[str] = []
    level_only = False
    for slot in slots:
        chosen = base
        for mod_token in slot:
            var = variant(doc.v, base, mod_token.word)
            if var:
                chosen = var
                break
        if chosen == base and any(mt.word in doc.v.care_levels for mt in slot):
            level_only = True
        if chosen not in progs:
            progs.append(chosen)
    localities = [v for v in (variant(doc.v, base, w) for w in _LOCALITIES) if v and v != base]
    if level_only and base in progs and len(localities) == len(_LOCALITIES) and any(p in localities for p in progs):
        progs = [p for p in progs if p != base] + [p for p in localities if p not in progs]
    return progs


def groups_in(doc: Doc, toks: list[Token], a: int, b: int) -> list[Group]:
    """:func:`groups` for any tokens (not only those of the document's scan)."""
    text = doc.text
    found: list[Group] = []
    slots: list[list[Token]] = []  # pending modifiers: 、 separates slots, adjacency stacks
    cur: Group | None = None
    for t in toks:
        if not (a <= t.start and t.end <= b):
            continue
        if t.kind == "modifier":
            if slots and text[slots[-1][-1].end:t.start] in ("", "的"):
                slots[-1].append(t)
            elif slots and LIST_GAP.match(text[slots[-1][-1].end:t.start]):
                slots.append([t])
            else:
                slots = [[t]]
            continue
        if t.kind not in ("program", "topic", "generic"):
            continue
        progs = [str(t.value)]
        start = t.start
        if t.kind == "program" and slots and LIST_GAP.match(text[slots[-1][-1].end:t.start]):
            t = _split_own_modifier(doc, t, slots)
        if t.kind == "program" and slots and _MOD_GAP.match(text[slots[-1][-1].end:t.start]):
            progs = _apply_modifiers(doc, t, slots)
            start = slots[0][0].start
        slots = []
        gap = text[cur.end:start] if cur is not None else ""
        if cur is not None and not gap and qualifies_subsidy(doc, cur, progs) and _pays_subsidy(doc, t):
            # 低保困难残疾人, 特困人员价格临时补贴: an assistance program written right before a
            # subsidy names who gets the subsidy; the figure is the subsidy's (when the word names
            # the payment, or the sentence goes on to pay one: 低保重度残疾人3000人 alone may be a
            # part of the program's recipients)
            cur.programs = progs
            cur.end = t.end
            cur.word += text[start:t.end]
        elif cur is not None and cur.kind == t.kind and (LIST_GAP.match(gap) or _LIST_GAP_WIDE.match(gap)):
            for p in progs:
                if p not in cur.programs:
                    cur.programs.append(p)
            cur.end = t.end
            cur.word += text[start:t.end]
        else:
            cur = Group(start, t.end, progs, t.kind, text[start:t.end])
            found.append(cur)
    return found


_PAYMENT_WORD = re.compile(r"补贴|补助|津贴|联动")
_PAYS_LATER = re.compile(PAYING + r"[^。]*(?:补贴|补助|津贴)")


def _pays_subsidy(doc: Doc, t: Token) -> bool:
    """Whether the subsidy word ``t`` names a payment itself (价格临时补贴) or its sentence goes on
    to pay one (为低保困难残疾人2100人,发放生活补贴...)."""
    if _PAYMENT_WORD.search(t.word):
        return True
    return _PAYS_LATER.search(doc.text, t.end, doc.sentences.end(t.end)) is not None


def qualifies_subsidy(doc: Doc, cur: Group, progs: list[str]) -> bool:
    """Whether the programs of ``cur`` are assistance programs and ``progs`` subsidies only
    (the recipients of the one named, the other what they get)."""
    if cur.kind != "program":
        return False
    known = doc.v.programs
    return (all(p in known and known[p].is_subsidy for p in progs)
            and all(p in known and not known[p].is_subsidy for p in cur.programs))


def last_program_before(doc: Doc, ctoks: list[Token], cs: int, mstart: int) -> Group | None:
    """The last program group named in the clause before the number, if any."""
    before = [g for g in groups(doc, ctoks, cs, mstart) if g.kind == "program"]
    return before[-1] if before else None


# closing a list with 等 (低保对象、特困人员等困难群众)
AND_OTHERS = ("等", "对象等", "人员等", "家庭等", "户等")
# what may stand between two items of a list of groups: 、 or 及, with a few words of a group
# the catalogue does not name (农村“三老”人员、, 纳入保障的困境儿童)
_LIST_LINK = re.compile(r"[^\d,;:。]{0,12}")


def list_before_others(doc: Doc, before: list[Group]) -> Group:
    """The program groups of the list that ends with the last group of ``before`` (items joined
    by 、/及/和, none with a figure between), as one group."""
    text = doc.text
    chain = [before[-1]]
    for g in reversed(before[:-1]):
        gap = text[g.end:chain[0].start]
        if not _LIST_LINK.fullmatch(gap) or not any(sep in gap for sep in ("、", "及", "和")):
            break
        chain.insert(0, g)
    programs = list(dict.fromkeys(p for g in chain if g.kind == "program" for p in g.programs))
    return Group(chain[0].start, chain[-1].end, programs, "program", text[chain[0].start:chain[-1].end])


# ------------------------------------------------------------ program families
def variant(v: Vocabulary, program: str, modifier: str) -> str | None:
    """The variant a modifier picks of a program or of its parent (城市 + 低保 -> 城市低保), if any."""
    var = v.variants.get((program, modifier))
    if var is None:
        parent = v.parents.get(program)
        if parent:
            var = v.variants.get((parent, modifier))
    return var


def same_family(v: Vocabulary, a: list[str], b: list[str]) -> bool:
    """Programs of one family: equal, one the other's ancestor, or siblings (城市/农村低保)."""
    def root(p: str) -> str:  # the top ancestor below the social_assistance umbrella
        chain = [c for c in (p, *v.ancestors(p)) if c != "social_assistance"]
        return chain[-1] if chain else p
    return {root(p) for p in a} == {root(p) for p in b}


def narrows(v: Vocabulary, narrow: Group, broad: Group) -> bool:
    """Every program of ``narrow`` is a descendant of one of ``broad``'s (机构养育孤儿 of 孤儿)."""
    return narrow.kind == broad.kind == "program" and all(
        any(b in v.ancestors(p) for b in broad.programs) for p in narrow.programs)


def drop_children(v: Vocabulary, programs: list[str]) -> list[str]:
    """孤儿和事实无人抚养儿童 -> 孤儿: drop a member whose ancestor is listed too."""
    return [p for p in programs if not any(a in programs for a in v.ancestors(p))]


def collapse(v: Vocabulary, programs: list[str]) -> list[str]:
    """A count or sum over several programs belongs to their nearest common parent."""
    programs = drop_children(v, programs)
    if len(programs) == 1:
        return programs
    common: list[str] | None = None
    for p in programs:
        chain = [p, *v.ancestors(p)]
        common = chain if common is None else [c for c in common if c in chain]
    return common[:1] if common else []
