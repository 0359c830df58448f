"""Layouts of tables flattened one cell a line whose cells the subject rules read
by position: a yearbook table with one column per year (:func:`year_cells`), a
table under a two-level header (:func:`grouped_cells`) and a header block whose
columns end with their unit in brackets, then one value line per column
(:func:`header_block_cells`). :class:`TableCell` is also the
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


# A header block one cell a line: label lines, each column closed by its unit in brackets on a
# line of its own ((户), (万元), (元/人月)) or at the end of its label; then one value line per column.
_BLOCK_UNIT = re.compile(r"\((?P<mult>万|亿|千)?(?P<uw>元|人次|户次|人|户)(?P<rate>/[^\n()]{1,4})?\)")
_BLOCK_LABEL = re.compile(r"(?:1月?-)?[^\n\d()|]{1,20}")
_BLOCK_VALUE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MIN_GROUP_LABEL = 2
_UNIT_ALONE = re.compile(r"\n\((?:万|亿|千)?(?:元|人次|户次|人|户)(?:/[^\n()]{1,4})?\)\n")


@dataclass(slots=True)
class _Leaf:
    run: list[tuple[int, int]]  # the label lines since the previous column (groups may open it)
    unit: re.Match[str]


def _header_leaves(text: str, lines: list[tuple[int, int]], i: int) -> tuple[list[_Leaf], int]:
    """The columns of the header block starting at line ``i``, and the index of its first value line."""
    leaves: list[_Leaf] = []
    run: list[tuple[int, int]] = []
    while i < len(lines):
        s, e = lines[i]
        unit = _BLOCK_UNIT.fullmatch(text, s, e)
        tail = _BLOCK_UNIT.search(text, s, e) if unit is None else None
        if unit is not None:
            if not run:
                break
            leaves.append(_Leaf(run, unit))
            run = []
        elif tail is not None and tail.end() == e and _BLOCK_LABEL.fullmatch(text, s, tail.start()):
            leaves.append(_Leaf(run + [(s, tail.start())], tail))  # 1-本月资金发放数(万元)
            run = []
        elif _BLOCK_LABEL.fullmatch(text, s, e):
            run.append((s, e))
        else:
            break
        i += 1
    return (leaves, i) if not run else ([], i)


def _grid_order(text: str, leaves: list[_Leaf]) -> list[tuple[int, tuple[int, int]]] | None:
    """(leaf index, label span) of the columns in the order their values come, or None when the
    header can be read more than one way. A one-level header: the order written. Under a
    two-level header the top row is written first (its group cells among its columns), then the
    group's sub-columns; it is read only when a single split fits and every sub-column's label
    repeats its group's (城镇低保 -> 城镇低保户数, 城镇低保人数)."""
    def span(run: list[tuple[int, int]]) -> tuple[int, int]:
        return run[0][0], run[-1][1]

    multi = [k for k, leaf in enumerate(leaves) if len(leaf.run) > 1]
    if not multi:
        return [(k, span(leaf.run)) for k, leaf in enumerate(leaves)]
    k = multi[0]
    if any(len(leaf.run) > 1 for leaf in leaves[k + 1:]):
        return None
    fits = []
    for g in range(1, len(leaves[k].run)):
        groups = [text[s:e] for s, e in leaves[k].run[:g]]
        if any(len(name) < _MIN_GROUP_LABEL for name in groups):
            continue
        for t in range(1, len(leaves) - k):
            subs = leaves[k + t:]
            if len(subs) < g or len(subs) % g:
                continue
            n = len(subs) // g
            if all(text[sub.run[0][0]:sub.run[0][1]].startswith(groups[j // n]) and
                   text[sub.run[0][0]:sub.run[0][1]] != groups[j // n] for j, sub in enumerate(subs)):
                fits.append((g, t))
    if len(fits) != 1:
        return None
    g, t = fits[0]
    order = [(j, span(leaves[j].run)) for j in range(k)]
    order += [(k + t + j, span(leaves[k + t + j].run)) for j in range(len(leaves) - k - t)]
    order.append((k, span(leaves[k].run[g:])))
    order += [(j, span(leaves[j].run)) for j in range(k + 1, k + t)]
    return order


def header_block_cells(text: str) -> list[tuple[TableCell, str]]:
    """The cells of tables flattened one cell a line under a header block (see :func:`_grid_order`):
    each value with its column's label and the rate written with its unit ((元/人月): /人月).
    A block whose values are not exactly one per column is not read."""
    out: list[tuple[TableCell, str]] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    i = 0
    while i < len(lines):
        if not _BLOCK_LABEL.fullmatch(text, *lines[i]):
            i += 1
            continue
        leaves, j = _header_leaves(text, lines, i)
        values = []
        while j < len(lines) and _BLOCK_VALUE.fullmatch(text, *lines[j]):
            values.append(lines[j])
            j += 1
        order = _grid_order(text, leaves) if len(leaves) >= 2 and len(values) == len(leaves) else None
        for (s, e), (k, label) in zip(values, order or []):
            unit = leaves[k].unit
            out.append((TableCell(s, e, text[s:e], unit.group("uw"), unit.group("mult") or "", label, label,
                                  None, 0, True), unit.group("rate") or ""))
        # a header of as many columns as values that cannot be read may have opened on a heading
        # above it (the first column's label then spans two lines): try it without that line
        retry = order is None and leaves and len(values) == len(leaves) and len(leaves[0].run) > 1
        i = i + 1 if retry else max(j, i + 1)
    return out


def has_header_block(text: str) -> bool:
    """Whether the text has a unit on a line of its own, as header blocks one cell a line write it."""
    return _UNIT_ALONE.search(text) is not None
