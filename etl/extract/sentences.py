"""Sentences and clauses: the windows the classifier reads a number in.

A sentence ends at 。!? or a line break; inside it a clause ends at , ; or :.
Two kinds of line break do not end a sentence: the breaks inside a table
flattened one cell a line (保障人数\\n人\\n36420: the label and the unit are read
with the value) and the rows under a heading that ends with its unit in
brackets (部分市县城市低保平均标准(元/人·月)\\n海口市760). A full stop right after
a budget item ((项)。) does not end its sentence either: the item names the
program of the figures that follow.

Everything here is about positions in the normalized text; nothing knows the
catalogue.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_BREAK_CHAR = re.compile(r"[。!?\n]")
# a full stop right after a budget item ((项)。年初预算为...,支出决算为...) does not end its sentence:
# the item names the program of the figures that follow (looked for only where the text has one:
# a look-behind in _BREAK_CHAR would cost every document a third of its sentence split)
_ITEM_STOP = "(项)。"
_CLAUSE_SEP = re.compile(r"[,;:]")
_CLAUSE_END = re.compile(r"[,;。!?\n]")
# A table flattened one cell a line (保障人数\n人\n36420): the line breaks inside a cell do not
# end a sentence, so the label and the unit are read with the value.
_CELL_GAPS = re.compile(r"\n[^\n\d]{2,16}(\n)[^\n\d]{1,8}(\n)(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=\n|$)")
# Rows of a label and a bare number under a heading line ending with its unit in brackets
# (部分市县城市低保平均标准(元/人·月)\n海口市760\n三亚市780): one sentence, the heading's
_UNIT_HEAD_ROWS = re.compile(r"\n[^\n。]{2,40}?\((?:万|亿|千)?(?:元|人次|人|户)[^\n()]{0,6}\)(?:\n[^\n\d()]{1,12}?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=\n|$))+")


def any_between(starts: list[int], a: int, b: int) -> bool:
    """Whether a position of the sorted ``starts`` lies in [a, b)."""
    i = bisect_left(starts, a)
    return i < len(starts) and starts[i] < b


class Sentences:
    """Where the sentences of one text start and end (they end at 。!? or a line break).

    The breaks are found once, in C; each question is then one bisect instead of
    a search of the text around the position."""

    __slots__ = ("breaks", "length")

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in _BREAK_CHAR.finditer(text)]
        self.length = len(text)
        if _ITEM_STOP in text:
            self.breaks = [b for b in self.breaks if not (b >= 3 and text.startswith(_ITEM_STOP, b - 3))]
        if "\n" in text:
            inside = {g for m in _CELL_GAPS.finditer(text) for g in (m.start(1), m.start(2))}
            if ")\n" in text:
                for m in _UNIT_HEAD_ROWS.finditer(text):
                    inside.update(i for i in range(m.start() + 1, m.end()) if text[i] == "\n")
            if inside:
                self.breaks = [b for b in self.breaks if b not in inside]

    def start(self, pos: int) -> int:
        """Start of the sentence holding ``pos`` (after the last break before it)."""
        i = bisect_left(self.breaks, pos)
        return self.breaks[i - 1] + 1 if i else 0

    def end(self, pos: int) -> int:
        """The first break at or after ``pos`` (the text's end if none)."""
        i = bisect_left(self.breaks, pos)
        return self.breaks[i] if i < len(self.breaks) else self.length


def clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The clauses of the sentence text[s:e]: (start, end) pairs split at , ; and :."""
    out = []
    start = s
    for m in _CLAUSE_SEP.finditer(text, s, e):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, e))
    return out


def clause_end(text: str, pos: int) -> int:
    """Where the clause running at ``pos`` ends (its comma, semicolon or full stop)."""
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def clause_start(text: str, s: int, pos: int) -> int:
    """Start of the clause (see :func:`clauses`) of the sentence starting at ``s`` that holds ``pos``."""
    return max(s, text.rfind(",", s, pos) + 1, text.rfind(";", s, pos) + 1, text.rfind(":", s, pos) + 1)


def quote_start(text: str, cs: int, mstart: int) -> int:
    """Where the quote of a number starts: its clause's start, after spaces, list marks and quotes."""
    i = cs
    while i < mstart and text[i] in " \t\n、“”\"'(()":
        i += 1
    return i
