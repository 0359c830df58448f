"""Two layouts of tables flattened one cell a line whose cells the subject rules read
by position: a yearbook table with one column per year (:func:`year_cells`) and a
table under a two-level header (:func:`grouped_cells`). :class:`TableCell` is also the
cell of the tables under a 单位: line (:func:`etl.extract.tables.table_cells`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(slots=True)
class TableCell:
    """A number of a table flattened one cell a line under a 单位: line, a header block
    (the row labels' header, then one line per column) and row blocks (a label line, then
    one number line per column)."""

    start: int
    end: int
    number: str
    unit_word: str
    mult: str
    column: tuple[int, int]  # the column's label line
    row: tuple[int, int]  # the row's label line
    title: tuple[int, int] | None  # the line above the 单位: line (the table's title)
    year: int = 0  # a yearbook cell (see :func:`year_cells`): the year its column names
    grouped: bool = False  # under a two-level header (see :func:`grouped_cells`): the report's own place


_YEAR_HEAD = re.compile(r"(?:^|\n)项目\|\n(?:[A-Za-z ]*\|?\n)?(?P<years>(?:(?:19|20)\d\d\|\n){2,6})")
_YEAR_LABEL = re.compile(r"(?P<label>[^\n\d|()A-Za-z]{2,30})\n?\((?P<mult>万|亿|千)?(?P<uw>元|人次|户次|人|户)\)\|")
_ENGLISH_LINE = re.compile(r"[A-Za-z(][^\n\u4e00-\u9fff\d]{0,80}")
_YEAR_VALUE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\|")


def year_cells(text: str) -> list[TableCell]:
    """The cells of a yearbook table flattened one cell a line: a header 项目| (an English
    line), then one line per year column (2020|); each row a label with its unit in
    brackets (城市低保人数(人)|, the bracket may stand on the next line), English lines,
    then one number line per column. A row whose numbers are not exactly one per column
    ends the table: a cell that cannot be aligned with its year is not read."""
    out: list[TableCell] = []
    for head in _YEAR_HEAD.finditer(text):
        years = [(head.start("years") + m.start(), head.start("years") + m.end() - 1, int(m.group()[:4]))
                 for m in re.finditer(r"\d{4}\|", head.group("years"))]
        pos = head.end()
        while pos < len(text):
            for _ in range(8):  # blank cells and the rest of the previous row's English label
                eng = _ENGLISH_LINE.match(text, pos)
                if text.startswith("|\n", pos):
                    pos += 2
                elif eng is not None and text[eng.end():eng.end() + 1] == "\n":
                    pos = eng.end() + 1
                else:
                    break
            row = _YEAR_LABEL.match(text, pos)
            if row is None:
                break
            pos = row.end() + 1
            for _ in range(3):  # the English label, up to three lines
                eng = _ENGLISH_LINE.match(text, pos)
                if eng is None or _YEAR_VALUE.fullmatch(text, pos, eng.end()):
                    break
                pos = eng.end() + 1
            values = []
            for _ in years:
                v = _YEAR_VALUE.match(text, pos)
                if v is None or text[v.end():v.end() + 1] not in ("\n", ""):
                    break
                values.append(v)
                pos = v.end() + 1
            if len(values) != len(years) or _YEAR_VALUE.match(text, pos):
                break
            for v, (ys, ye, year) in zip(values, years):
                out.append(TableCell(v.start(), v.end("num"), v.group("num"), row.group("uw"), row.group("mult") or "",
                                     (ys, ye), (row.start("label"), row.end("label")), None, year))
    return out


_TOP_LINE = re.compile(r"(?P<label>[^\n\d|]{2,20})\|+")
_SUB_LINE = re.compile(r"(?P<label>[^\n\d|]{1,8})\|")
_GROUP_VALUE = re.compile(r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>[^\n\d|]{0,4})\|")


def _lines_of(text: str, pos: int, pattern: re.Pattern[str], limit: int) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    while len(out) < limit:
        m = pattern.match(text, pos)
        if m is None or text[m.end():m.end() + 1] not in ("\n", ""):
            break
        out.append(m)
        pos = m.end() + 1
    return out


def grouped_cells(text: str, labels: frozenset[str]) -> list[TableCell]:
    """The cells of a table flattened one cell a line under a two-level header: one line per
    group column (困难残疾人生活补贴|), then the same sub-columns under each group, one line each
    (人数| 金额| 人数| 金额|, words of ``labels`` or ending in 金额/资金), then exactly one value
    line per sub-column. The unit is the count label's, or the one written with a money cell;
    anything that does not line up is not read."""
    out: list[TableCell] = []
    pos = 0
    while True:
        pos = text.find("|\n", pos)
        if pos < 0:
            return out
        ls = text.rfind("\n", 0, pos) + 1
        pos += 2
        if ls and text[ls - 2:ls] == "|\n":
            continue  # not the first line of a run of cells
        tops = []
        for top in _lines_of(text, ls, _TOP_LINE, 6):
            if top.group("label") in labels or top.group("label").endswith(("金额", "资金")):
                break  # the sub-columns start
            tops.append(top)
        subs = _lines_of(text, tops[-1].end() + 1, _SUB_LINE, 24) if len(tops) >= 2 else []
        if len(tops) < 2 or not subs or len(subs) % len(tops):
            continue
        k = len(subs) // len(tops)
        names = [m.group("label") for m in subs]
        if names != names[:k] * len(tops) or not all(n in labels or n.endswith(("金额", "资金")) for n in names[:k]):
            continue
        values = _lines_of(text, subs[-1].end() + 1, _GROUP_VALUE, len(subs) + 1)
        if len(values) != len(subs):
            continue
        for j, v in enumerate(values):
            top, sub = tops[j // k], subs[j]
            out.append(TableCell(v.start(), v.end("num") if sub.group("label") in labels else v.end("unit"),
                                 v.group("num"), sub.group("label"), v.group("unit"),  # the unit written with it, if any
                                 (top.start(), top.end("label")),
                                 (sub.start(), sub.end("label")), None, 0, True))
        pos = values[-1].end()
