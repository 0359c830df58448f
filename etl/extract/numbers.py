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

from etl.extract.catalogue import Vocabulary
from etl.extract.numerals import MULTIPLIERS, NumberMention, arabic_number, cn_to_int, scaled
from etl.extract.tables import TableCell, TableGrammar, table_cells

__all__ = ["NumberGrammar", "NumberMention", "TableCell", "cn_to_int", "table_cells"]

_LONE_CN = {"千": 1_000, "万": 10_000}


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
        self._tables = TableGrammar(vocab)

    def find(self, text: str) -> list[NumberMention]:
        """All numbers with a unit in ``text`` (normalized), in order."""
        out: list[NumberMention] = []
        mention = self._mention
        for m in self.pattern.finditer(text):
            found = mention(text, m)
            if found is not None:
                out.append(found)
        labelled = self._tables.find(text, out)
        if labelled:
            out = sorted(out + labelled, key=lambda x: x.start)
        return out

    def _mention(self, text: str, m: re.Match[str]) -> NumberMention | None:
        start, end = m.span()
        if start > 0 and text[start - 1] == "第":  # ordinals: 第3名
            return None
        # one tuple instead of a dozen group() look-ups by name
        num, cn, num2, after, mult_word, after2, unit_word, garbled, implicit, rate = m.group(*self._groups)
        mult = MULTIPLIERS[mult_word or ""]
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
                exact = arabic_number(num)
                if exact is None:
                    return None
                value = scaled(exact, mult)
        high = arabic_number(num2) if num2 else None
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
        is_scaled = mult != 1 or (cn is not None and ("万" in cn or "亿" in cn))
        return NumberMention(start, end, value, scaled(high, mult) if high is not None else None, unit_word, unit,
                             kind, is_scaled, rate_basis, rate_per, qualifier)
