"""References: programs (and places) a sentence names without speaking about them.

A program's name is often a yardstick or a condition, not the subject of the
figure next to it:

* an eligibility qualifier of another group: 享受低保的一级残疾人230元/人/月 is a
  disability subsidy's rate for disabled people who also receive 低保;
* the base of a multiple or a share: 特困人员供养标准按低保标准的1.4倍确定 and
  按低保标准的30%增发 name the 低保 standard only as what the figure is reckoned from;
* the name of a rule or plan followed: 按某省城乡低保一体化改革方案要求调整为450元/月
  names neither the program nor the place the figure is about.

(An assistance program written right before a subsidy, 为低保困难残疾人2100人发放生活补贴,
is read by :func:`etl.extract.groups.qualifies_subsidy`: the two words make one group.)

:func:`hidden_tokens` finds the catalogue words inside such references; the
classifier's document view (:class:`etl.extract.classify_base.Doc`) leaves them out,
so no subject, list or place rule sees them.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from etl.extract.catalogue import Token

# 享受低保的一级残疾人 / 享受最低生活保障待遇的一、二级重度残疾人: the program qualifies other people
# (the people qualified too: 重度残疾人 there are people, not the care subsidy's recipients)
_QUALIFIER = re.compile(r"享受(?P<ref>(?P<prog>[^,;:。的]{1,14}?)(?:待遇)?的[一二三四、级]{0,5}(?:重度|困难|老年)?"
                        r"(?:残疾人|老人|老年人|儿童|学生|大学生|妇女|职工))")
# 低保标准的1.3倍, 低保保障标准的30%, 当地城市低保标准的1.5倍: the base of a multiple or a share
_BASE = re.compile(r"(?P<ref>[^,;:。按照以为是于准的]{1,8}?)(?:保障)?标准的(?:[\d.]+|[一二三四五六七八九十两]+)(?:倍|%)")
# 按某省城乡低保一体化改革方案要求, 根据《XX市最低生活保障办法》规定: the name of the document followed
_RULE = re.compile(r"(?:按照|按|根据|依据|参照)(?P<ref>[^,;:。按\d]{2,30}?)(?:方案|办法|意见|通知|规定|细则|文件|条例)"
                   r"(?:》(?:的)?(?:要求|规定|精神)?|(?:的)?(?:要求|规定|精神))")
_KINDS = frozenset(("program", "modifier", "place", "collective"))
# How far before 标准的 a match of _BASE can start: its reference (8) and 保障 (2).
_BASE_REACH = 10
_BASE_ANCHOR = "标准的"
_MULTIPLE_CHARS = frozenset("0123456789.一二三四五六七八九十两")


def _base_spans(text: str) -> list[tuple[int, int]]:
    """The references of :data:`_BASE`, the same as ``_BASE.finditer(text)`` finds.

    The pattern opens with a character class of any length, so a plain scan tries it at
    every character; every match holds 标准的 (its reference cannot span one: 准 and 的 are
    excluded), so each occurrence is tried in a window from ``_BASE_REACH`` before it to
    the end of the multiple after it, left to right and never before the last match's end.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    i = text.find(_BASE_ANCHOR)
    while i >= 0:
        j = i + len(_BASE_ANCHOR)
        while j < len(text) and text[j] in _MULTIPLE_CHARS:
            j += 1
        m = _BASE.search(text, max(pos, i - _BASE_REACH), j + 1)
        if m is not None:
            spans.append((m.start("ref"), m.end("ref")))
            pos = m.end()
        i = text.find(_BASE_ANCHOR, max(pos, i + 1))
    return spans


def hidden_tokens(text: str, tokens: list[Token], subsidies: frozenset[str] = frozenset()) -> set[int]:
    """Starts of the program, modifier and place tokens that lie inside a reference (see the module).

    A subsidy the people named receive is no qualifier (享受高龄津贴的老年人36.8万人 counts the
    subsidy's recipients): a qualifier naming one of ``subsidies`` hides nothing."""
    spans = _base_spans(text) + [(m.start("ref"), m.end("ref")) for m in _RULE.finditer(text)]
    starts: list[int] = []  # (the tokens are in text order: a span's are found by bisection)
    for m in _QUALIFIER.finditer(text):
        starts = starts or [t.start for t in tokens]
        a, b = m.start("ref"), m.end("ref")
        pa, pb = m.start("prog"), m.end("prog")
        named = tokens[bisect_left(starts, pa):bisect_left(starts, pb)]
        if not any(t.kind == "program" and t.value in subsidies for t in named):
            spans.append((a, b))
    if not spans:
        return set()
    starts = starts or [t.start for t in tokens]
    return {t.start for a, b in spans for t in tokens[bisect_left(starts, a):bisect_left(starts, b)]
            if t.kind in _KINDS and t.end <= b}
