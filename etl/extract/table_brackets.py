"""Bare numbers after a unit in brackets, as tables and their flattened copies label a cell.

* a money unit: 发放低保资金(万元):12,368.5, 救助资金(万元)286.4 (unit and scale);
* a count unit, maybe with its scale: 特困供养人员(人):1205, 低保对象(万户) 3.2;
* 元 with a rate: 城市低保标准(元/人·月):650.

A number followed by a unit of its own, a multiplier, a percent sign, a date word
(年, 月, 日, 号) or, a few characters on, more digits is no such cell.
"""

from __future__ import annotations

import re

from etl.extract.catalogue import Vocabulary
from etl.extract.numerals import MONEY_SCALE, MULTIPLIERS, NumberMention, arabic_number, scaled

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


class BracketLabels:
    """The bracketed-unit labels of one vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._money = re.compile(r"\((?P<unit>万元|亿元|千元|元)\):?" + _NUMBER + r"(?![\d.%万亿千元])")
        count_units = sorted((w for w, (unit, kind) in vocab.unit_words.items() if kind == "count" and unit),
                             key=len, reverse=True)
        suffix_rates = sorted(vocab.suffix_rates, key=len, reverse=True)
        self._unit = re.compile(
            r"\((?:(?P<mult>万|千)?(?P<cw>" + ("|".join(map(re.escape, count_units)) or "(?!)") + r")"
            r"|(?P<mw>元)(?P<rate>" + ("|".join(map(re.escape, suffix_rates)) or "(?!)") + r"))\):? ?"
            + _NUMBER + r"(?![\d.%万亿千元年月日号]|,\d|[\u4e00-\u9fff]{0,2}\d)")

    def find(self, text: str, found: list[NumberMention], labelled: list[NumberMention]) -> list[NumberMention]:
        """The bare numbers of ``text`` after a bracketed unit that neither ``found`` (the number
        grammar's) nor ``labelled`` (other labels') hold."""
        taken = {f.start for f in found}
        out = self._money_labelled(text, taken) if "元)" in text else []
        taken.update(f.start for f in labelled)
        taken.update(f.start for f in out)
        out.extend(self._unit_labelled(text, taken))
        return out

    def _money_labelled(self, text: str, taken: set[int]) -> list[NumberMention]:
        """Bare amounts after a bracketed money unit (救助资金(万元)286.4) at no start of ``taken``:
        the label gives the unit and its scale."""
        out: list[NumberMention] = []
        for m in self._money.finditer(text):
            start = m.start("num")
            value = arabic_number(m.group("num"))
            if start in taken or value is None:
                continue
            word = m.group("unit")
            scale = MONEY_SCALE[word]
            out.append(NumberMention(start, m.end(), scaled(value, scale), None, word, "cny", "money",
                                     scale != 1, None, None, "exact"))
        return out

    def _unit_labelled(self, text: str, taken: set[int]) -> list[NumberMention]:
        """Bare numbers after a bracketed count unit or rate (特困供养人员(人):1205, 低保标准(元/人·月):650):
        the brackets give the unit, its scale and rate."""
        out: list[NumberMention] = []
        for m in self._unit.finditer(text):
            start = m.start("num")
            value = arabic_number(m.group("num"))
            if start in taken or value is None:
                continue
            if m.group("cw") is not None:
                word, mult = m.group("cw"), MULTIPLIERS[m.group("mult") or ""]
                unit, kind = self.vocab.unit_words[word]
                out.append(NumberMention(start, m.end(), scaled(value, mult), None, word, unit, kind, mult != 1,
                                         None, None, "exact"))
                continue
            cue = self.vocab.suffix_rates[m.group("rate")]
            out.append(NumberMention(start, m.end(), scaled(value, 1), None, "元", "cny", "money", False,
                                     cue.basis, cue.per, "exact"))
        return out
