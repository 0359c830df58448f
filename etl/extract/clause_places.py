"""The places a clause names: place names, 全市/我县/该市, 城区, and the label of a line.

:mod:`places` resolves one name against the jurisdiction tree; this module
finds the places of a window of text and how they are listed (a list joined by
、/和 is one group: 宾川县、祥云县 share one standard). The report's own
jurisdiction is the default, applied in :mod:`distribute`.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from etl.extract.catalogue import Token
from etl.extract.classify_base import LIST_GAP, NATIONAL, Doc
from etl.extract.places import COUNTY_COUNT, DISTRICT_COUNT, resolve, tail_begins_word
from etl.extract.sentences import any_between

# 泰州医药高新区, 某县经济开发区: a zone named after the place, without a code of its own
_ZONE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:高新技术产业开发区|高新区|开发区|经开区|新区|园区|工业园|试验区|示范区|保税区)")
_PLACE_LEAD = re.compile(r"(?:比如|例如|譬如|如|像|拿)?")


def place_groups(doc: Doc, toks: list[Token], a: int, b: int) -> list[list[str]]:
    """The jurisdiction codes named in text[a:b], one list per run of places joined by 、/和."""
    if not toks or not any_between(doc.place_starts, a, b):
        return []
    text = doc.text
    home = doc.ctx.home
    found: list[list[str]] = []
    last_end = -10
    speaker = -1  # the group of 全市/我市 (the report itself)
    urban = False
    paren_end = -1
    for t in toks:
        if not (a <= t.start and t.end <= b) or t.start < paren_end:
            continue
        code: str | None = None
        if t.kind == "collective" and text.startswith("(", t.end) and t.value != "anaphor":
            # 全市(铁东、铁西): the parenthesis says what 全市 covers; the figure is 全市's
            close = text.find(")", t.end, t.end + 60)
            paren_end = close if close >= 0 else -1
        if t.kind == "place":
            code = place_code(doc, t)
        elif t.kind == "collective":
            code = anaphor(doc, t.start) if t.value == "anaphor" else collective(doc, str(t.value))
        elif t.kind == "urban":
            # 城区 of a county's or a city's report; 9区 only of a city's
            if t.value == COUNTY_COUNT:
                code = home.code if home and home.level == "prefecture" else None
            else:
                code = (doc.v.urban_district.get(home.city or home.code)
                        if home and (t.value != DISTRICT_COUNT or home.level == "prefecture") else None)
        else:
            continue
        if code is None:
            continue
        if found and LIST_GAP.match(text[last_end:t.start]) and not (t.kind == "urban" and speaker == len(found) - 1):
            if code not in found[-1]:
                found[-1].append(code)
        else:
            found.append([code])
            if t.kind == "collective" and home is not None and code == home.code:
                speaker = len(found) - 1
        urban = urban or (t.kind == "urban" and t.value != COUNTY_COUNT)
        last_end = t.end
    if urban and speaker >= 0 and len(found) > 1:
        del found[speaker]  # 我市将9区城市低保标准...: the city speaks, the figure is its districts'
    return found


def place_code(doc: Doc, t: Token) -> str | None:
    """The jurisdiction a place word names where it stands: none when the text reads on as
    another word, names a zone after the place, or cites a rule's issuer (found once per word
    of the document: every window holding it asks again)."""
    key = (t.start, t.end)
    codes = doc.place_codes
    if key in codes:
        return codes[key]
    text = doc.text
    named_otherwise = tail_begins_word(doc.v, text, t) or _ZONE_AFTER.match(text, t.end) or _cited(text, t.start)
    code = codes[key] = None if named_otherwise else resolve(doc.v, t.value, doc.ctx.home)  # type: ignore[arg-type]
    return code


def _cited(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a cited title (《云南省老年人权益保障条例》): the rule's
    issuer, not the place the figure is about."""
    opening = text.rfind("《", max(0, pos - 60), pos)
    return opening >= 0 and text.rfind("》", opening, pos) < 0 and text.find("》", pos, pos + 60) >= 0


def places(doc: Doc, toks: list[Token], a: int, b: int) -> list[str]:
    """All jurisdiction codes named in text[a:b], in order, each once."""
    out: list[str] = []
    for g in place_groups(doc, toks, a, b):
        for c in g:
            if c not in out:
                out.append(c)
    return out


def anaphor(doc: Doc, pos: int) -> str | None:
    """该市/该县: the place last named before ``pos`` in its sentence or the one before;
    with none, the report's own jurisdiction."""
    floor = doc.sentences.start(max(doc.sentences.start(pos) - 1, 0))
    i = bisect_left(doc.starts, pos) - 1
    while i >= 0 and doc.tokens[i].start >= floor:
        t = doc.tokens[i]
        if t.kind == "place":
            code = resolve(doc.v, t.value, doc.ctx.home)  # type: ignore[arg-type]
            if code is not None:
                return code
        i -= 1
    return doc.ctx.home.code if doc.ctx.home else None


def collective(doc: Doc, level: str) -> str | None:
    """What 全市/我县/全省/全国 stand for: the report's jurisdiction, except 全省 in a city or
    county report (its province: 高于全省平均水平) and 全国 (no jurisdiction of ours)."""
    home = doc.ctx.home
    if level == "country":
        return NATIONAL
    if home is None:
        return None
    if level == "province" and home.level != "province" and home.province:
        return home.province
    return home.code


def place_alone(doc: Doc, toks: list[Token], a: int, b: int) -> bool:
    """Whether text[a:b] is nothing but place names, after an optional 比如/例如."""
    text = doc.text
    rest: list[str] = []
    pos = a
    for t in toks:
        if t.kind == "place" and a <= t.start and t.end <= b:
            rest.append(text[pos:t.start])
            pos = t.end
    rest.append(text[pos:b])
    return _PLACE_LEAD.fullmatch("".join(rest).strip(" \t、和")) is not None


def line_label(doc: Doc, pos: int) -> list[str]:
    """安定区:城市低保标准每人每月620元,...: a line opened by a place and a colon is about that
    place (a list of counties, one line each), unless the clause names its own."""
    text = doc.text
    ls = text.rfind("\n", 0, pos) + 1
    colon = text.find(":", ls, pos)
    if colon < 0 or colon - ls > 16:
        return []
    i = bisect_left(doc.starts, ls)
    label = [t for t in doc.tokens[i:i + 4] if t.end <= colon]
    if not label or any(t.kind != "place" for t in label):
        return []
    if text[ls:colon].strip(" \t") != text[label[0].start:label[-1].end]:
        return []  # the label must be the place name alone
    return places(doc, label, ls, colon)


def place_list_for(doc: Doc, n: int, ctoks: list[Token], cs: int, fb: int,
                   clauses: list[tuple[int, int]], tokens: list[Token]) -> list[str] | None:
    """A list of ``n`` places for the ``n`` values after 分别: named before 分别 in the clause,
    else in one of the two clauses before it (宾川县、祥云县低保标准...,分别为600元、580元)."""
    for g in place_groups(doc, ctoks, cs, fb):
        if len(g) == n:
            return g
    prev = [c for c in clauses if c[1] <= cs]
    for ps, pe in reversed(prev[-2:]):
        ptoks = [t for t in tokens if ps <= t.start < pe]
        for g in place_groups(doc, ptoks, ps, pe):
            if len(g) == n:
                return g
    return None
