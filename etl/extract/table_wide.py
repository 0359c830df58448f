"""Wide rows of a statistics table pasted as text: a place, then many numbers parted by spaces.

A monthly table of dozens of columns arrives with its header wrapped over several
lines (地区 / 低保户数 / 低保人数 低保人员分类 ... 当月人均补助额) and its rows one a
line (德化县 173 311 149 15 ...), empty cells collapsed away. Where the columns of
the middle of such a row stand cannot be told, but the first ones can: when the
header, read from its row-label word (地区, 区县, 单位), opens with count columns
(低保户数 低保人数: a program's name and a count label), the first numbers of a row
are those counts -- in a row that has as many numbers as the fullest row of its
table (a row with fewer lost an empty cell somewhere, maybe among the first ones,
and is not read). A table of one row, or whose header holds a run of numbers (a
row the line joining merged into it), is not read. Nothing else of the row is read. Works on the normalized text.
"""

from __future__ import annotations

import re

from etl.extract.table_layouts import TableCell

# the row-label header word on a line of its own
_ROW_HEAD = re.compile(r"\n[ \t]*(?:地区|区县|县区|单位|地市|市县)[ \t]*(?=\n)")
# a row: a label of Chinese characters, then at least six numbers parted by spaces
_WIDE_ROW = re.compile(r"(?m)^[ \t]*(?P<label>[\u4e00-\u9fff]{2,12}) ?(?P<cells>\d+(?:\.\d+)?(?: \d+(?:\.\d+)?){5,}) *$")
_CELL = re.compile(r"\d+(?:\.\d+)?")
_NUMBER_RUN = re.compile(r"\d+(?:\.\d+)? \d+(?:\.\d+)? \d+")
_MIN_ROWS = 2
# how far above its first row a header may open
_HEAD_WINDOW = 1500


def wide_row_cells(text: str, labels: dict[str, str]) -> list[TableCell]:
    """The leading count cells of the wide rows of ``text`` (see the module docstring); ``labels``
    are the count labels (户数, 人数) with their unit."""
    out: list[TableCell] = []
    if not labels or "\n" not in text:
        return out
    by_length = sorted(labels, key=len, reverse=True)
    # a count column's name: a few characters (the program's name: 低保, 城市低保), then a count
    # label. The normalized header has no spaces between its columns: a longer name would take
    # the column before it (资金支出 低保户数 -> 资金支出低保户数), and its counts the wrong cells.
    column = re.compile(r"\s*(?P<name>[\u4e00-\u9fff]{0,4}?(?P<label>" + "|".join(map(re.escape, by_length)) + r"))")
    pos = 0
    while (row := _WIDE_ROW.search(text, pos)) is not None:
        pos = row.end()
        heads = list(_ROW_HEAD.finditer(text, max(0, row.start() - _HEAD_WINDOW), row.start()))
        if not heads or "。" in text[heads[-1].end():row.start()]:
            continue
        columns = _leading_columns(text, heads[-1].end(), row.start(), column)
        # the rows of this table: the wide rows that follow one another from this one
        rows = [row]
        while (nxt := _WIDE_ROW.match(text, rows[-1].end() + 1)) is not None:
            rows.append(nxt)
        pos = rows[-1].end()
        if not columns or len(rows) < _MIN_ROWS or _NUMBER_RUN.search(text, heads[-1].end(), row.start()):
            continue  # one row alone shows no fullest row; numbers in the header: a row was merged into it
        counts = [len(_CELL.findall(r.group("cells"))) for r in rows]
        for r, n in zip(rows, counts):
            if n != max(counts):
                continue  # an empty cell collapsed away: the columns of its numbers cannot be told
            cells = list(_CELL.finditer(text, r.start("cells"), r.end("cells")))
            for (s, e, word), c in zip(columns, cells):
                out.append(TableCell(c.start(), c.end(), c.group(), word, "", (s, e),
                                     (r.start("label"), r.end("label")), None))
    return out


def _leading_columns(text: str, start: int, end: int, column: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """(start, end, count label) of the count columns the header opens with."""
    out: list[tuple[int, int, str]] = []
    pos = start
    while (m := column.match(text, pos, end)) is not None:
        out.append((m.start("name"), m.end("name"), m.group("label")))
        pos = m.end()
    return out


def has_row_head(text: str) -> bool:
    """Whether the text has a row-label header word on a line of its own (地区), as wide tables do."""
    return _ROW_HEAD.search(text) is not None
