"""Tables: the subject of a number that stands in a table instead of a sentence.

Two shapes of flattened table are read (the table cells themselves are found
by :func:`etl.extract.tables.table_cells`, under the number grammar):

* a table under a ``单位:`` line, one cell a line: a number takes the program
  of its column (a 合计 column: the table title's) and the place of its row
  (a 合计 row: the report's own; a row label that is no known place: no fact);
* a yearbook table (one column per year, :func:`etl.extract.tables.year_cells`):
  a number takes the program of its row label, the report's own place, and the
  year of its column (:mod:`period_status`);
* a '|' row whose label names no program (| A 人数 | 人 | 3,120 |): the program of the
  row of a label alone above it (| (1)城市低保 | ||);
* a '|' row whose whole label is a word of ``table_row_programs.csv`` (| 2.社会救助 | 万元 | n |);
* a table under a two-level header one cell a line (:func:`etl.extract.tables.grouped_cells`):
  a number takes the program of its group column, the report's own place;
* a header block one cell a line (:func:`etl.extract.tables.header_block_cells`): a number
  takes the program of its column's label, the report's own place;
* the leading count columns of wide rows (:func:`etl.extract.table_wide.wide_row_cells`): read
  like a ``单位:`` table's cells, the program of the column, the place of the row;
* cells under a numbered heading line (一、城市最低生活保障, (三)特困人员救助供养):
  the heading names their program.

The unit and scale of a ``单位:`` line are applied by the number grammar.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from etl import catalogue as ref

from etl.extract.catalogue import Token, scan
from etl.extract.classify_base import Doc, Subject
from etl.extract.groups import groups_in
from etl.extract.tables import TableCell, grouped_cells, has_header_block, header_block_cells, table_cells
from etl.extract.places import resolve
from etl.extract.table_wide import has_row_head, wide_row_cells

_TOTAL_LABELS = frozenset(("合计", "小计", "总计", "全市", "全县", "全区"))
# A numbered heading line (一、城市最低生活保障, (三)特困人员救助供养): names the program of the
# table cells under it
_SECTION_HEAD = re.compile(r"\n(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))[^\n。\d]{2,30}(?=\n)")


def table_cell(doc: Doc, pos: int) -> TableCell | None:
    """The table cell of the number starting at ``pos``, if it is one (cells found when first asked)."""
    if doc.cells is None:
        cells = table_cells(doc.text)
        if "|\n" in doc.text:
            cells.extend(grouped_cells(doc.text, frozenset(doc.v.count_labels)))
        if has_header_block(doc.text):
            cells.extend(c for c, _ in header_block_cells(doc.text))
        if has_row_head(doc.text):
            cells.extend(wide_row_cells(doc.text, doc.v.count_labels))
        doc.cells = {c.start: c for c in cells}
    return doc.cells.get(pos)


def cell_subject(doc: Doc, cell: TableCell) -> Subject | None:
    """A cell of a table flattened one cell a line: the program of its column (a 合计 column:
    the one of the table's title), the place of its row (a 合计 row: the report's own)."""
    text = doc.text
    span = cell.column
    if cell.year:
        # a yearbook row: its label names the program, the report's own place
        toks = scan(doc.v, text, cell.row[0], cell.row[1])
        named = [g for g in groups_in(doc, toks, cell.row[0], cell.row[1]) if g.kind != "generic"]
        if len(named) != 1 or named[0].kind != "program" or any(t.kind == "place" for t in toks):
            return None
        return Subject(list(named[0].programs), "program", [], named[0].word, -1)
    if cell.grouped:
        # a two-level header: the group column names the program, the report's own place
        toks = scan(doc.v, text, span[0], span[1])
        named = [g for g in groups_in(doc, toks, span[0], span[1]) if g.kind != "generic"]
        if len(named) != 1 or named[0].kind != "program" or any(t.kind == "place" for t in toks):
            return None
        return Subject(list(named[0].programs), "program", [], named[0].word, -1)
    if text[span[0]:span[1]] in _TOTAL_LABELS:
        if cell.title is None:
            return None
        span = cell.title
    toks = scan(doc.v, text, span[0], span[1])
    found = [g for g in groups_in(doc, toks, span[0], span[1]) if g.kind == "program"]
    if len(found) != 1:
        return None
    home = doc.ctx.home
    places: list[str] = []
    for t in scan(doc.v, text, cell.row[0], cell.row[1]):
        if t.kind == "place":
            code = resolve(doc.v, t.value, home)  # type: ignore[arg-type]
            if code is not None and code not in places:
                places.append(code)
    if not places and text[cell.row[0]:cell.row[1]] not in _TOTAL_LABELS:
        return None  # a row of a town, a department...: not a place we know
    return Subject(list(found[0].programs), "program", places, found[0].word, -1)


_EMPTY_CELLS = re.compile(r"[| ]*")
_ROW_NUMBERING = re.compile(r" *(?:\d{1,2}[.、]|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))? *")


@lru_cache(maxsize=1)
def _row_label_programs() -> dict[str, str]:
    return {r["word"]: r["program"] for r in ref.read_csv("extract/table_row_programs.csv")}


def pipe_row_program(doc: Doc, ctoks: list[Token], cs: int, pos: int) -> list[str] | None:
    """The program of a figure in a '|' table row whose clause names no program or topic:
    the row's whole label (row_label_program), else its parent row's (parent_row_program)."""
    if "|" not in doc.text[cs:pos] or any(t.kind in ("program", "topic") for t in ctoks):
        return None
    return row_label_program(doc, pos) or parent_row_program(doc, pos)


def row_label_program(doc: Doc, pos: int) -> list[str] | None:
    """The program of a '|' row whose whole label (its numbering stripped: | 2.社会救助 | 万元 | n |)
    is a word of ``seeds/extract/table_row_programs.csv``: a label too broad to name the
    program in running text, but a table row of its own is that program's total."""
    text = doc.text
    ls = text.rfind("\n", 0, pos) + 1
    if not text.startswith("|", ls):
        return None
    cell = text[ls + 1:text.find("|", ls + 1, pos) if text.find("|", ls + 1, pos) > 0 else ls + 1]
    num = _ROW_NUMBERING.match(cell)
    label = cell[num.end() if num else 0:].strip()
    program = _row_label_programs().get(label)
    return [program] if program else None


def parent_row_program(doc: Doc, pos: int) -> list[str] | None:
    """A '|' row whose label names no program (| A 人数 | 人 | 3,120 |) under a row of a label
    alone (| (1)城市低保 | ||): the programs that label names, when it names one group. The rows
    between must name no program or topic either; any other line ends the search."""
    text = doc.text
    ls = text.rfind("\n", 0, pos) + 1
    if not text.startswith("|", ls):
        return None
    for _ in range(12):
        if ls == 0:
            return None
        ps = text.rfind("\n", 0, ls - 1) + 1
        line = text[ps:ls - 1]
        cells = line.strip().strip("|").split("|")
        if not line.startswith("|") or not cells[0].strip():
            return None
        toks = scan(doc.v, text, ps, ps + line.index(cells[0]) + len(cells[0]))
        named = [g for g in groups_in(doc, toks, ps, ls - 1) if g.kind != "generic"] if toks else []
        if _EMPTY_CELLS.fullmatch("|".join(cells[1:])):
            return list(named[0].programs) if len(named) == 1 and named[0].kind == "program" else None
        if any(t.kind in ("program", "topic") for t in toks):
            return None  # a row of its own program stands between
        ls = ps
    return None


def heading_program(doc: Doc, pos: int) -> list[str] | None:
    """The programs of the nearest numbered heading line before ``pos`` when it names one group."""
    if doc.headings is None:
        doc.headings = [(m.start() + 1, m.end()) for m in _SECTION_HEAD.finditer(doc.text)]
    i = bisect_left(doc.headings, (pos, pos))
    if not i:
        return None
    hs, he = doc.headings[i - 1]
    if hs not in doc.heading_programs:
        toks = scan(doc.v, doc.text, hs, he)
        found = [g for g in groups_in(doc, toks, hs, he) if g.kind != "generic"]
        doc.heading_programs[hs] = list(found[0].programs) if len(found) == 1 and found[0].kind == "program" else None
    return doc.heading_programs[hs]
