"""Numbers in tables and labelled cells, whose unit is written apart from the number.

Reports pasted from spreadsheets lose their grid: a table arrives flattened one cell
a line under a 单位: line, as rows of cells under a header of count labels, or as
bare numbers after a label (户数 1243, 救助资金(万元)286.4), or as the last item of a
breakdown whose unit was left out (52人(机构4人、散居30人、事实无人抚养18)). The finders here give
each such bare number the unit its label, column or heading states. Numbers the
running-text grammar (:mod:`etl.extract.numbers`) already found are left alone.
"""

from __future__ import annotations

import re

from etl.extract.catalogue import Vocabulary
from etl.extract.numerals import MONEY_SCALE, MULTIPLIERS, NumberMention, arabic_number, scaled
from etl.extract.breakdowns import breakdown_tails
from etl.extract.table_brackets import BracketLabels
from etl.extract.table_layouts import TableCell, grouped_cells, has_header_block, header_block_cells, year_cells
from etl.extract.table_rows import RowTables
from etl.extract.table_wide import has_row_head, wide_row_cells

__all__ = ["TableCell", "TableGrammar", "grouped_cells", "has_header_block", "header_block_cells", "table_cells",
           "year_cells"]


_UNIT_LINE = re.compile(r"\n单位:(?P<mult>万|亿|千)?(?P<uw>元|人次|户次|人|户)(?=\n)")
_LINE = re.compile(r"[^\n]*")
_CELL_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_LABEL_LINE = re.compile(r"[^\n\d]{1,16}")


def table_cells(text: str) -> list[TableCell]:
    """The cells of the tables flattened one cell a line in ``text`` (see :class:`TableCell`;
    yearbook tables: :func:`year_cells`)."""
    out: list[TableCell] = year_cells(text) if "项目|" in text else []
    if "单位:" not in text:
        return out
    for um in _UNIT_LINE.finditer(text):
        # the title: the last non-empty line before the unit line
        title: tuple[int, int] | None = None
        te = um.start()
        while te > 0 and text[te - 1] == "\n":
            te -= 1
        if te > 0:
            title = (text.rfind("\n", 0, te) + 1, te)
        lines: list[tuple[int, int]] = []  # the lines after the unit line, (start, end); (-1, -1) for blank
        pos = um.end() + 1
        while pos <= len(text) and len(lines) < 400:
            lm = _LINE.match(text, pos)
            if lm is None:
                break
            lines.append((lm.start(), lm.end()) if lm.end() > lm.start() else (-1, -1))
            pos = lm.end() + 1
        i = 0
        while i < len(lines) and lines[i][0] < 0:
            i += 1
        header: list[tuple[int, int]] = []
        while i < len(lines) and lines[i][0] >= 0 and _LABEL_LINE.fullmatch(text, *lines[i]):
            header.append(lines[i])
            i += 1
        if len(header) < 3 or (i < len(lines) and lines[i][0] >= 0):
            continue
        columns = header[1:]
        while True:
            while i < len(lines) and lines[i][0] < 0:
                i += 1
            if i >= len(lines):
                break
            label = lines[i]
            if label[0] < 0 or not _LABEL_LINE.fullmatch(text, *label):
                break
            cells = lines[i + 1:i + 1 + len(columns)]
            if len(cells) != len(columns) or not all(c[0] >= 0 and _CELL_NUMBER.fullmatch(text, *c) for c in cells):
                break
            after = i + 1 + len(columns)
            if after < len(lines) and lines[after][0] >= 0:
                break
            for c, col in zip(cells, columns):
                out.append(TableCell(c[0], c[1], text[c[0]:c[1]], um.group("uw"), um.group("mult") or "",
                                     col, label, title))
            i = after
    return out


class TableGrammar:
    """The compiled table and label patterns for one vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._unit_words = vocab.unit_words
        self._rows = RowTables(vocab)
        units = sorted(vocab.unit_words, key=len, reverse=True)
        suffix_rates = sorted(vocab.suffix_rates, key=len, reverse=True)
        labels = sorted(vocab.count_labels, key=len, reverse=True)
        self._label_pattern = re.compile(
            r"(?P<label>" + ("|".join(map(re.escape, labels)) or "(?!)") + r")(?:为|:)?"
            r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<wan>万)?(?![\d.%亿千元]|,\d)")
        self._brackets = BracketLabels(vocab)  # 救助资金(万元)286.4, 特困供养人员(人):1205
        # A flattened table's header line (项目 户数 人数 资金(万元)): a first column of words, then
        # (the leading line break is a literal the engine can skip to; a header never opens a report)
        # only count labels and money columns with their unit in brackets, nothing else.
        label_alt = "|".join(map(re.escape, labels)) or "(?!)"
        self._table_head = re.compile(
            r"\n(?P<first>[\u4e00-\u9fff]{1,8}?)(?P<cols>(?:(?:" + label_alt + r")|[\u4e00-\u9fff]{1,6}"
            r"\((?:万元|亿元|千元|元)\)) *(?:(?:" + label_alt + r")|[\u4e00-\u9fff]{1,6}\((?:万元|亿元|千元|元)\))"
            r"(?: *(?:(?:" + label_alt + r")|[\u4e00-\u9fff]{1,6}\((?:万元|亿元|千元|元)\)))*) *(?=\n|$)")
        self._table_col = re.compile(r"(?:" + label_alt + r")|[\u4e00-\u9fff]{1,6}\((?P<money>万元|亿元|千元|元)\)")
        # A row under it: a subject of words, then one cell per column, a number or a dash for none.
        self._table_row = re.compile(
            r"(?P<subject>[^\d\n\-/]{1,16}?)(?P<cells>(?: *(?:-|/|(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)(?![\d.%])))+) *(?:\n|$)")
        self._table_cell = re.compile(r"-|/|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?")

        # A table flattened one cell a line, label, unit and value on lines of their own
        # (保障人数\n人\n36420, 平均保障标准\n元/人·月\n671): the unit line gives the unit.
        self._cell = re.compile(
            r"\n(?P<label>[^\n\d]{2,16})\n(?P<mult>万|亿|千)?(?P<uw>" + "|".join(map(re.escape, units)) + r")"
            r"(?P<rate>" + "|".join(map(re.escape, suffix_rates)) + r")?\n"
            r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=\n|$)")

        # A heading line that ends with its unit in brackets, then rows of a label and a bare
        # number (部分市县城市低保平均标准(元/人·月)\n海口市760\n三亚市780): the heading's unit.
        self._unit_head = re.compile(
            r"\n[^\n。]{2,40}?\((?P<mult>万|亿|千)?(?P<uw>" + "|".join(map(re.escape, units)) + r")"
            r"(?P<rate>" + "|".join(map(re.escape, suffix_rates)) + r")?\)\n")
        self._unit_row = re.compile(
            r"[^\n\d()]{1,12}?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\n|$)")

    def find(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """The bare numbers of ``text`` (normalized) that a label, column or heading gives a
        unit, in the order of the finders (the caller sorts them among ``found``)."""
        labelled = self._labelled(text, found)
        labelled.extend(self._cells(text, found))
        if "单位:" in text or "项目|" in text:
            labelled.extend(self._table_cells(text, found))
        if "|\n" in text:
            labelled.extend(self._grouped_cells(text, found))
        if ")\n" in text and has_header_block(text):
            labelled.extend(self._header_block_cells(text, found))
        if has_row_head(text):
            labelled.extend(self._wide_rows(text, found))
        if ")\n" in text:
            labelled.extend(self._unit_rows(text, found))
        if "数" in text:
            labelled.extend(self._table(text, found))
        if "单位" in text or ")|" in text:
            labelled.extend(self._rows.find(text, {f.start for f in found} | {f.start for f in labelled}))
        if "、" in text and "(" in text:
            labelled.extend(breakdown_tails(text, found, self._unit_words))
        return labelled

    def _labelled(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """Bare numbers after a count label, as flattened tables write them (户数 1243 人数 2187):
        the label gives the unit. Numbers the main pattern found are left alone."""
        out: list[NumberMention] = []
        taken: set[int] | None = None
        for m in self._label_pattern.finditer(text):
            start = m.start("num")
            if taken is None:
                taken = {f.start for f in found}
            if start in taken:
                continue
            value = arabic_number(m.group("num"))
            if value is None:
                continue
            unit = self.vocab.count_labels[m.group("label")]
            out.append(NumberMention(start, m.end(), scaled(value, 10_000 if m.group("wan") else 1), None,
                                     m.group("label"), unit, "count", bool(m.group("wan")), None, None, "exact"))
        if ")" in text:
            out.extend(self._brackets.find(text, found, out))
        return out

    def _cells(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """Bare numbers on a line of their own under a unit line under a label line (a table
        flattened one cell a line): the unit line gives the unit, its rate and scale."""
        out: list[NumberMention] = []
        taken: set[int] | None = None
        for m in self._cell.finditer(text):
            start = m.start("num")
            if taken is None:
                taken = {f.start for f in found}
            value = arabic_number(m.group("num"))
            if start in taken or value is None:
                continue
            unit, kind = self._unit_words[m.group("uw")]
            if kind == "other":
                continue
            mult = MULTIPLIERS[m.group("mult") or ""]
            rate_basis = rate_per = None
            if m.group("rate"):
                if kind != "money":
                    continue
                cue = self.vocab.suffix_rates[m.group("rate")]
                rate_basis, rate_per = cue.basis, cue.per
            out.append(NumberMention(start, m.end(), scaled(value, mult), None, m.group("uw"), unit, kind,
                                     mult != 1, rate_basis, rate_per, "exact"))
        return out

    def _grouped_cells(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """The bare numbers under the count labels of a two-level header (see :func:`grouped_cells`)."""
        out: list[NumberMention] = []
        taken = {f.start for f in found}
        for c in grouped_cells(text, frozenset(self.vocab.count_labels)):
            if c.start in taken or c.mult or c.unit_word not in self.vocab.count_labels:
                continue
            mention = self._count_cell(c)
            if mention is not None:
                out.append(mention)
        return out

    def _wide_rows(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """The leading count cells of wide rows under a wrapped header (see :func:`wide_row_cells`)."""
        out: list[NumberMention] = []
        taken = {f.start for f in found}
        for c in wide_row_cells(text, self.vocab.count_labels):
            if c.start in taken:
                continue
            mention = self._count_cell(c)
            if mention is not None:
                out.append(mention)
        return out

    def _count_cell(self, c: TableCell) -> NumberMention | None:
        """A table cell under a count label as a count in that label's unit (None: no number)."""
        value = arabic_number(c.number)
        if value is None:
            return None
        return NumberMention(c.start, c.end, scaled(value, 1), None, c.unit_word, self.vocab.count_labels[c.unit_word],
                             "count", False, None, None, "exact")

    def _header_block_cells(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """The values under a header block one cell a line (see :func:`header_block_cells`): the
        unit, scale and rate of their column."""
        out: list[NumberMention] = []
        taken = {f.start for f in found}
        for c, rate in header_block_cells(text):
            value = arabic_number(c.number)
            unit, kind = self._unit_words[c.unit_word]
            cue = self.vocab.suffix_rates.get(rate) if rate else None
            if value is None or c.start in taken or kind == "other" or (rate and (cue is None or kind != "money")):
                continue
            mult = MULTIPLIERS[c.mult]
            out.append(NumberMention(c.start, c.end, scaled(value, mult), None, c.unit_word, unit, kind, mult != 1,
                                     cue.basis if cue else None, cue.per if cue else None, "exact"))
        return out

    def _table_cells(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """The numbers of tables flattened one cell a line under a 单位: line (see :func:`table_cells`)."""
        out: list[NumberMention] = []
        taken = {f.start for f in found}
        for c in table_cells(text):
            value = arabic_number(c.number)
            if value is None or c.start in taken:
                continue
            unit, kind = self._unit_words[c.unit_word]
            mult = MULTIPLIERS[c.mult]
            out.append(NumberMention(c.start, c.end, scaled(value, mult), None, c.unit_word, unit, kind,
                                     mult != 1, None, None, "exact"))
        return out

    def _unit_rows(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """Bare numbers in the rows (a label, then the number, nothing else) under a heading line
        ending with its unit in brackets: the heading's unit, rate and scale."""
        out: list[NumberMention] = []
        taken: set[int] | None = None
        for head in self._unit_head.finditer(text):
            unit, kind = self._unit_words[head.group("uw")]
            if kind == "other":
                continue
            rate_basis = rate_per = None
            if head.group("rate"):
                if kind != "money":
                    continue
                cue = self.vocab.suffix_rates[head.group("rate")]
                rate_basis, rate_per = cue.basis, cue.per
            mult = MULTIPLIERS[head.group("mult") or ""]
            pos = head.end()
            while pos < len(text):
                row = self._unit_row.match(text, pos)
                if row is None:
                    break
                pos = row.end()
                start = row.start("num")
                value = arabic_number(row.group("num"))
                if taken is None:
                    taken = {f.start for f in found}
                if value is None or start in taken:
                    continue
                out.append(NumberMention(start, row.end("num"), scaled(value, mult), None, head.group("uw"), unit,
                                         kind, mult != 1, rate_basis, rate_per, "exact"))
        return out

    def _table(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """Bare numbers in the rows of a flattened table under a header of count labels and
        bracketed money units (项目 户数 人数 资金(万元) / 城市低保 862 1425 856.3): each column's
        label gives the unit of the number in it; a dash is an empty cell. A row whose cells do
        not line up with the header's columns ends the table."""
        out: list[NumberMention] = []
        taken: set[int] | None = None
        for head in self._table_head.finditer(text):
            cols: list[tuple[str, str, str, int]] = []  # (label, unit, kind, scale)
            for c in self._table_col.finditer(head.group("cols")):
                money = c.group("money")
                if money:
                    cols.append((money, "cny", "money", MONEY_SCALE[money]))
                else:
                    cols.append((c.group(), self.vocab.count_labels[c.group()], "count", 1))
            pos = head.end() + 1  # past the line break that ends the header
            while pos < len(text):
                row = self._table_row.match(text, pos)
                if row is None:
                    break
                cells = list(self._table_cell.finditer(text, row.start("cells"), row.end("cells")))
                if len(cells) != len(cols):
                    break
                if taken is None:
                    taken = {f.start for f in found}
                for cell, (label, unit, kind, scale) in zip(cells, cols):
                    value = arabic_number(cell.group()) if cell.group()[0].isdigit() else None
                    if value is None or cell.start() in taken:
                        continue
                    out.append(NumberMention(cell.start(), cell.end(), scaled(value, scale), None, label, unit,
                                             kind, scale != 1, None, None, "exact"))
                pos = row.end()
        return out

