"""Stage 2: find numbers with a unit (the number grammar).

One precompiled regular expression finds every number followed by a unit
word (人, 户, 人次, 元 ... and other counters kept only as mentions), with
its multiplier (万, 亿, 千), a range (100-6000元), the 余/多 that follow a
number, and a rate written after the unit (元/月, 元/人·月, //月). Qualifiers
written before the number (约, 超过, 不低于) and after the unit (以上, 左右)
are read from the few characters around the match.

Percentages, years (2020年), months and dates never match because their
"unit" (%, 年, 月, 日) is not a unit word; a number glued to a preceding digit,
decimal point or percent sign is not split out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from etl.extract.catalogue import Vocabulary

_MULTIPLIERS = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
                "千万": 10_000_000, "亿": 100_000_000}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


# Not frozen: a frozen dataclass's __init__ costs ~4x more and one is made per
# number found. unsafe_hash keeps the hash a frozen one had; nothing assigns to it.
@dataclass(slots=True, unsafe_hash=True)
class NumberMention:
    """A number with its unit as written, in normalized-text coordinates."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit_word: str
    unit: str | None  # person, household, person_time, cny, or None for other counters
    kind: str  # count | money | other
    scaled: bool  # written with 万/亿/千
    rate_basis: str | None  # person | household (from 元/户/月 ...)
    rate_per: str | None  # month | year | other | inherit
    qualifier: str


def cn_to_int(s: str) -> int | None:
    """Convert a Chinese numeral (两万, 一千二百三十四, 一百零五, 一亿二千万) to an int."""
    yi = wan = section = 0
    digit = 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        elif ch == "万":
            wan = section + digit
            section = digit = 0
        elif ch == "亿":
            yi = wan * 10_000 + section + digit
            wan = section = digit = 0
        else:
            return None
    return yi * 100_000_000 + wan * 10_000 + section + digit


_LONE_CN = {"千": 1_000, "万": 10_000}

_MONEY_SCALE = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}


def _number(text: str) -> Decimal | int | None:
    """The number as written: an int when it has no decimal point (exact, and
    much cheaper than Decimal), else a Decimal."""
    digits = text.replace(",", "")
    if digits.isdigit() and len(digits) <= 18:
        return int(digits)
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _scaled(value: Decimal | int, mult: int) -> float:
    """``value * mult`` as a float, computed exactly before the one rounding."""
    if isinstance(value, int):
        return float(value * mult)
    return float(value * Decimal(mult))


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


_UNIT_LINE = re.compile(r"\n单位:(?P<mult>万|亿|千)?(?P<uw>元|人次|户次|人|户)(?=\n)")
_LINE = re.compile(r"[^\n]*")
_CELL_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_LABEL_LINE = re.compile(r"[^\n\d]{1,16}")


def table_cells(text: str) -> list[TableCell]:
    """The cells of the tables flattened one cell a line in ``text`` (see :class:`TableCell`)."""
    out: list[TableCell] = []
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


class NumberGrammar:
    """The compiled number pattern for one vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        units = sorted(vocab.unit_words, key=len, reverse=True)
        suffix_rates = sorted(vocab.suffix_rates, key=len, reverse=True)
        num = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?"
        # The leading look-ahead lets the engine reject, in one step, every position
        # that cannot start a number (most of the text) before trying the alternatives.
        self.pattern = re.compile(
            r"(?=[\d零〇一二两三四五六七八九十百千万亿])(?<![\d.%A-Za-z/])(?:(?P<num>" + num + r")|(?P<cn>[零〇一二两三四五六七八九十百千万亿]{2,}|[千万](?=[余多人名户元])))"
            r"(?:[-~至到](?P<num2>" + num + r"))?"
            r"(?P<after>余|多)?(?P<mult>千万|百万|十万|万|亿|千)?(?P<after2>余|多)?"
            r"(?:(?P<unit>" + "|".join(map(re.escape, units)) + r")|(?P<garbled>(?=//月))"
            # 18万低收入人口: a scaled number directly before a word for people counts persons
            r"|(?<=[万亿])(?P<implicit>(?=[\u4e00-\u9fff]{0,6}?(?:人口|人员|对象|群众|老人|儿童|家庭)(?![\u4e00-\u9fff]{0,2}\d))))"
            r"(?P<rate>" + "|".join(map(re.escape, suffix_rates)) + r")?"
        )
        before = sorted((w for w, q in vocab.qualifiers if q[0] == "before"), key=len, reverse=True)
        prefix_rates = sorted(vocab.prefix_rates, key=len, reverse=True)
        self._before = re.compile(
            r"(?P<q>" + "|".join(map(re.escape, before)) + r")?(?:" + "|".join(map(re.escape, prefix_rates)) + r")?$"
        )
        self._after_unit = sorted(((w, q[1]) for w, q in vocab.qualifiers if q[0] == "after_unit"),
                                  key=lambda x: len(x[0]), reverse=True)
        self._after_number = {w: q[1] for w, q in vocab.qualifiers if q[0] == "after_number"}
        self._before_q = {w: q[1] for w, q in vocab.qualifiers if q[0] == "before"}
        self._before_words = tuple(before) + tuple(prefix_rates)
        self._after_unit_words = tuple(w for w, _ in self._after_unit)
        index = self.pattern.groupindex
        self._groups = tuple(index[g] for g in ("num", "cn", "num2", "after", "mult", "after2", "unit", "garbled",
                                                 "implicit", "rate"))
        self._unit_group = index["unit"]
        self._unit_words = vocab.unit_words
        labels = sorted(vocab.count_labels, key=len, reverse=True)
        self._label_pattern = re.compile(
            r"(?P<label>" + ("|".join(map(re.escape, labels)) or "(?!)") + r")(?:为|:)?"
            r"(?P<num>\d+(?:\.\d+)?)(?P<wan>万)?(?![\d.%亿千元])")
        # 发放低保资金(万元):12,368.5 -- a money unit in brackets labels the bare number after it
        self._money_label = re.compile(
            r"\((?P<unit>万元|亿元|千元|元)\):?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.%万亿千元])")
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

    def find(self, text: str) -> list[NumberMention]:
        """All numbers with a unit in ``text`` (normalized), in order."""
        out: list[NumberMention] = []
        mention = self._mention
        for m in self.pattern.finditer(text):
            found = mention(text, m)
            if found is not None:
                out.append(found)
        labelled = self._labelled(text, out)
        labelled.extend(self._cells(text, out))
        if "单位:" in text:
            labelled.extend(self._table_cells(text, out))
        if ")\n" in text:
            labelled.extend(self._unit_rows(text, out))
        if "数" in text:
            labelled.extend(self._table(text, out))
        if labelled:
            out = sorted(out + labelled, key=lambda x: x.start)
        return out

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
            value = _number(m.group("num"))
            if value is None:
                continue
            unit = self.vocab.count_labels[m.group("label")]
            out.append(NumberMention(start, m.end(), _scaled(value, 10_000 if m.group("wan") else 1), None,
                                     m.group("label"), unit, "count", bool(m.group("wan")), None, None, "exact"))
        if "元)" in text:
            out.extend(self._money_labelled(text, found))
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
            value = _number(m.group("num"))
            if start in taken or value is None:
                continue
            unit, kind = self._unit_words[m.group("uw")]
            if kind == "other":
                continue
            mult = _MULTIPLIERS[m.group("mult") or ""]
            rate_basis = rate_per = None
            if m.group("rate"):
                if kind != "money":
                    continue
                cue = self.vocab.suffix_rates[m.group("rate")]
                rate_basis, rate_per = cue.basis, cue.per
            out.append(NumberMention(start, m.end(), _scaled(value, mult), None, m.group("uw"), unit, kind,
                                     mult != 1, rate_basis, rate_per, "exact"))
        return out

    def _table_cells(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """The numbers of tables flattened one cell a line under a 单位: line (see :func:`table_cells`)."""
        out: list[NumberMention] = []
        taken = {f.start for f in found}
        for c in table_cells(text):
            value = _number(c.number)
            if value is None or c.start in taken:
                continue
            unit, kind = self._unit_words[c.unit_word]
            mult = _MULTIPLIERS[c.mult]
            out.append(NumberMention(c.start, c.end, _scaled(value, mult), None, c.unit_word, unit, kind,
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
            mult = _MULTIPLIERS[head.group("mult") or ""]
            pos = head.end()
            while pos < len(text):
                row = self._unit_row.match(text, pos)
                if row is None:
                    break
                pos = row.end()
                start = row.start("num")
                value = _number(row.group("num"))
                if taken is None:
                    taken = {f.start for f in found}
                if value is None or start in taken:
                    continue
                out.append(NumberMention(start, row.end("num"), _scaled(value, mult), None, head.group("uw"), unit,
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
                    cols.append((money, "cny", "money", _MONEY_SCALE[money]))
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
                    value = _number(cell.group()) if cell.group()[0].isdigit() else None
                    if value is None or cell.start() in taken:
                        continue
                    out.append(NumberMention(cell.start(), cell.end(), _scaled(value, scale), None, label, unit,
                                             kind, scale != 1, None, None, "exact"))
                pos = row.end()
        return out

    def _money_labelled(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """Bare amounts after a bracketed money unit (救助资金(万元)286.4): the label gives the
        unit and its scale."""
        out: list[NumberMention] = []
        taken = {f.start for f in found}
        for m in self._money_label.finditer(text):
            start = m.start("num")
            value = _number(m.group("num"))
            if start in taken or value is None:
                continue
            word = m.group("unit")
            scale = _MONEY_SCALE[word]
            out.append(NumberMention(start, m.end(), _scaled(value, scale), None, word, "cny", "money",
                                     scale != 1, None, None, "exact"))
        return out

    def _mention(self, text: str, m: re.Match[str]) -> NumberMention | None:
        start, end = m.span()
        if start > 0 and text[start - 1] == "第":  # ordinals: 第3名
            return None
        # one tuple instead of a dozen group() look-ups by name
        num, cn, num2, after, mult_word, after2, unit_word, garbled, implicit, rate = m.group(*self._groups)
        mult = _MULTIPLIERS[mult_word or ""]
        if cn:
            if mult_word or num2:
                return None
            # a lone 千/万 is a number only with a qualifier: 千余名, 万余人, 近万人 (not 千人计划)
            iv = _LONE_CN.get(cn) if len(cn) == 1 else cn_to_int(cn)
            if iv is None or iv < 10:
                return None
            value: float = float(iv * mult)
        else:
            digits = num.replace(",", "") if "," in num else num
            if digits.isdigit() and len(digits) <= 18:  # the common case, exact without Decimal
                value = float(int(digits) * mult)
            else:
                exact = _number(num)
                if exact is None:
                    return None
                value = _scaled(exact, mult)
        high = _number(num2) if num2 else None
        if garbled is not None and unit_word is None:
            unit_word = "元"
        elif implicit is not None and unit_word is None:
            unit_word = "人"
        unit, kind = self._unit_words[unit_word]
        if text.startswith("数", m.end(self._unit_group)) and not rate:
            return None  # 1243人数2187: 人数 labels the next number (a flattened table row)
        rate_basis = rate_per = None
        if rate:
            cue = self.vocab.suffix_rates[rate]
            rate_basis, rate_per = cue.basis, cue.per
        if kind != "money" and rate_per is not None:
            # 5人/户 and the like: not a rate we model; keep the count only
            end = m.end(self._unit_group)
            rate_basis = rate_per = None
        qualifier = "exact"
        if after:
            qualifier = self._after_number[after]
        if after2:
            qualifier = self._after_number[after2]
        # Most numbers have no qualifier or rate word before them: test the window's
        # ending (one C call) before running the search.
        lo = start - 8 if start > 8 else 0  # (cheaper than max() in this hot path)
        if text.endswith(self._before_words, lo, start):
            bm = self._before.search(text, lo, start)
            if bm and bm.group("q"):
                qualifier = self._before_q[bm.group("q")]
        if cn is not None and len(cn) == 1 and qualifier == "exact":
            return None
        if text.startswith(self._after_unit_words, end):
            for word, q in self._after_unit:
                if text.startswith(word, end):
                    qualifier = q
                    end += len(word)
                    break
        # 一百二十六万元 is as much a scaled sum as 126万元
        scaled = mult != 1 or (cn is not None and ("万" in cn or "亿" in cn))
        return NumberMention(start, end, value, _scaled(high, mult) if high is not None else None, unit_word, unit,
                             kind, scaled, rate_basis, rate_per, qualifier)
