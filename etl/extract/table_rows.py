"""Rows of statistical tables pasted as text, under a header naming their columns.

A monthly statistics table arrives as one row a line: a header of column names
(指标名称 单位 数量 上期 环比, or ``|指标名称|单位|数量|``), then rows of a label, a unit
cell and the numbers (城市低保支出 万元 22,273.8 19,297.7 15.42). The header's words
(``seeds/extract/table_columns.csv``) say which column is the label, the unit, the
current period's value, the previous period's value or a change. Only the current
column is read: the previous period's value and the change are no figures of the
report's period. A row whose numbers cannot be aligned with the columns is left
alone, and so is a row without a unit (its unit cell, a bracketed unit or a count
label ending its label: 城市低保人数).
"""

from __future__ import annotations

import re

from etl import catalogue as ref
from etl.extract.catalogue import Vocabulary
from etl.extract.numerals import MULTIPLIERS, NumberMention, arabic_number, scaled

_NUM = r"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)%?"
_CELL = re.compile(_NUM)
# a row: a label ending in no digit, then numbers parted by spaces (a minus sign may be glued)
_ROW = re.compile(r"(?P<label>[^\n]*?[^\d\s,.\-|])(?P<cells>" + _NUM + r"(?:(?: +| *(?=-))" + _NUM + r")*) *$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


class RowTables:
    """The header words and unit words for one vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        roles = {r["word"]: r["role"] for r in ref.read_csv("extract/table_columns.csv")}
        self.roles = roles
        words = "|".join(map(re.escape, sorted(roles, key=len, reverse=True)))
        self._head = re.compile(r"\|?(?:(?:" + words + r")(?:\([^()\n]{1,6}\))? *\|? *){3,}")
        self._word = re.compile(words)
        units = "|".join(map(re.escape, sorted(vocab.unit_words, key=len, reverse=True)))
        self._unit_tail = re.compile(r"(?P<mult>万|亿|千)?(?P<uw>" + units + r")$")
        self._labels = sorted(vocab.count_labels, key=len, reverse=True)
        self._bracket_unit = re.compile(r"\((?P<mult>万|亿|千)?(?P<uw>" + units + r")\)$")
        # a column whose name says what its figure measures (退出, 标准, 人均...) is not read:
        # the row alone would not say it
        self._metric_words = tuple(vocab.metric_cues) + ("平均", "人均")

    def _pipe_columns(self, line: str) -> tuple[list[str], list[tuple[str, str, int, str] | None]] | None:
        """A header of '|' cells whose value columns carry their unit in brackets
        (|类别|保障户数(户)|累计支出(万元)|): the roles and units of its columns."""
        cells = line.strip("|").split("|")
        if len(cells) < 3 or self.roles.get(cells[0]) != "label":
            return None
        roles: list[str] = ["label"]
        units: list[tuple[str, str, int, str] | None] = [None]
        for c in cells[1:]:
            m = self._bracket_unit.search(c)
            if m is None:
                return None
            unit, kind = self.vocab.unit_words[m.group("uw")]
            name = c[:m.start()]
            known = [self.roles[w.group()] for w in self._word.finditer(name) if self.roles[w.group()] != "current"]
            if unit is None or kind == "other" or any(w in name for w in self._metric_words):
                roles.append("skip")
            else:
                roles.append(known[0] if known else "current")
            units.append((m.group("uw"), unit or "", MULTIPLIERS[m.group("mult") or ""], kind))
        return roles, units

    def _columns(self, line: str) -> list[str] | None:
        """The roles of a header line's columns, or None when the line is no header."""
        if not self._head.fullmatch(line):
            return None
        roles = [self.roles[m.group()] for m in self._word.finditer(line)]
        if not roles or roles[0] != "label" or "current" not in roles or roles.count("label") != 1:
            return None
        return roles

    def _unit(self, label: str) -> tuple[str, str, str, int, str] | None:
        """(label without its unit cell, unit word, unit, multiplier, kind) of a row label."""
        m = self._unit_tail.search(label)
        if m is not None and m.start() > 0:
            unit, kind = self.vocab.unit_words[m.group("uw")]
            if kind == "other" or unit is None:
                return None
            return label[:m.start()], m.group("uw"), unit, MULTIPLIERS[m.group("mult") or ""], kind
        for word in self._labels:
            if label.endswith(word):
                return label, word, self.vocab.count_labels[word], 1, "count"
        return None

    def find(self, text: str, taken: set[int]) -> list[NumberMention]:
        """The current-column numbers of the row tables of ``text`` (normalized)."""
        out: list[NumberMention] = []
        if "单位" not in text and ")|" not in text:
            return out
        pos = 0
        roles: list[str] | None = None
        units: list[tuple[str, str, int, str] | None] = []
        while pos <= len(text):
            end = text.find("\n", pos)
            if end < 0:
                end = len(text)
            line = text[pos:end]
            head = self._columns(line) if "单位" in line else None
            piped = self._pipe_columns(line) if head is None and line.startswith("|") and ")|" in line else None
            if head is not None:
                roles, units = head, [None] * len(head)
            elif piped is not None:
                roles, units = piped
            elif roles is not None:
                if "。" in line or len(line) > 200 or (len(line) > 80 and "|" not in line):
                    roles = None
                else:
                    out.extend(self._row(text, pos, line, roles, units, taken))
            pos = end + 1
        return out

    def _row(self, text: str, pos: int, line: str, roles: list[str], units: list[tuple[str, str, int, str] | None],
             taken: set[int]) -> list[NumberMention]:
        """The current-column number of one row (see :class:`RowTables`)."""
        if "|" in line:
            cells = line.strip("|").split("|")
            if len(cells) != len(roles) or not _CJK.search(cells[0]):
                return []
            label = "".join(c for c, r in zip(cells, roles) if r in ("label", "unit"))
            values: list[tuple[int, str] | None] = []
            off = pos + line.index("|") + 1 if line.startswith("|") else pos
            for c, r in zip(cells, roles):
                values.append((off, c) if r not in ("label", "unit") else None)
                off += len(c) + 1
            numbers = [v for v in values if v is not None]
            cols = [r for r in roles if r not in ("label", "unit")]
            col_units = [u for u, r in zip(units, roles) if r not in ("label", "unit")]
        else:
            m = _ROW.fullmatch(line)
            if m is None or not _CJK.search(m.group("label")):
                return []
            label = m.group("label")
            base = pos + m.start("cells")
            numbers = [(base + c.start(), c.group()) for c in _CELL.finditer(m.group("cells"))]
            cols = [r for r in roles if r not in ("label", "unit")]
            col_units = [None] * len(cols)
            if len(numbers) > len(cols) or (len(numbers) < len(cols) and cols[0] != "current"):
                return []  # the numbers cannot be aligned with the columns
        unit = self._unit(label)
        out: list[NumberMention] = []
        for (start, cell), role, col_unit in zip(numbers, cols, col_units):
            if role != "current" or not _CELL.fullmatch(cell) or start in taken or cell[0] == "-" or cell[-1] == "%":
                continue
            value = arabic_number(cell)
            if col_unit is not None:
                word, code, mult, kind = col_unit
            elif unit is not None:
                word, code, mult, kind = unit[1:]
            else:
                continue
            if value is None:
                continue
            out.append(NumberMention(start, start + len(cell), scaled(value, mult), None, word, code, kind,
                                     mult != 1, None, None, "exact"))
        return out
