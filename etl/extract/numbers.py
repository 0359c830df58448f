"""Stage 2: find numbers with a unit (the number grammar).

One precompiled regular expression finds every run of numeral characters
followed by a unit word (人, 户, 人次, 元 ... and other counters kept only as
mentions): Arabic digits, Chinese numerals in their plain, formal (壹仟贰佰) and
traditional (萬, 億, 兩) forms, both mixed (1万5千), decimals with 点, fuzzy
amounts (三四百, 数十, 十几), a range (5000-1万元, 一百二十到一百五十万元), the
余/多 that follow a number, and a rate written after the unit (元/月, 元/人·月,
元/人.年, 元/人年, //月). A 元 lost from an amount (标准低限为740/月, 533/ cut off at the
clause end) or written after its rate (1028/月元) is read only after a word for a
standard or level (标准, 低限, 水平): a bare 30/月 is no amount. Qualifiers written
before the number (约, 超过, 不低于, 上千) and after
the unit (以上, (含)以上, 左右) are read from the few characters around the match.
:mod:`etl.extract.numerals` reads the run.

A match never starts or ends inside a number: the run is taken whole (an
atomic group, and look-behinds that refuse to start after a numeral character),
so 壹万二千 is never read from its 万 on and 1万5千 never from its 5. A word that
ends with a numeral character (统一, 人数: ``seeds/extract/numeral_words.csv``)
is cut off the front of the run. A run that is not one number read with
certainty (十一十二元, 三五百人) is returned as an :class:`UnreadableNumber`,
never guessed.

Percentages, years (2020年), months and dates never match because their
"unit" (%, 年, 月, 日) is not a unit word; a number glued to a preceding digit,
decimal point or percent sign is not split out of it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from etl import catalogue as ref
from etl.extract.catalogue import Vocabulary
from etl.extract.numerals import CN_DIGITS, CN_NUMERALS, CN_POWERS, MULTIPLIERS, NumberMention, UnreadableNumber
from etl.extract.latin import LatinForms
from etl.extract.number_edges import (JIAO, JIAO_FIRST, MONEY_BEFORE, STANDARD_BEFORE, NumeralWords, jiao_fen,
                                      linked_words)
from etl.extract.list_units import shared_list_units
from etl.extract.malformed import (dotted_thousands, list_commas, odd_points, separated_runs, uncertain_values,
                                   wrapped_runs)
from etl.extract.rate_ranges import join_rate_ranges
from etl.extract.run_values import WORD, run_value
from etl.extract.signs import NumberSigns, Written
from etl.extract.tables import TableCell, TableGrammar, table_cells

__all__ = ["NumberGrammar", "NumberMention", "TableCell", "UnreadableNumber", "table_cells"]

_CN = CN_NUMERALS
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?"
# A run of numeral characters, taken whole (atomic: the engine never gives back its end).
# 参 (参加) is the 3 of a formal numeral only before a unit character: 參仟 simplifies to 参仟, not 叁仟.
_SAN = r"|参(?=[" + CN_POWERS + r"])"
_RUN = (r"(?>(?:" + _ARABIC + r"|[" + _CN + r"]|[数几](?=[" + CN_POWERS + r"])" + _SAN + r")"
        r"(?:" + _ARABIC + r"|[" + _CN + r"数几]|(?<=[" + CN_DIGITS + r"])点(?=[" + CN_DIGITS + r"])" + _SAN + r")*)")
# Where a run may start: not right after a digit, a decimal point, a percent sign, a letter, a slash,
# 第 (ordinals), 分之 (百分之五十), a range dash or 余/多 after a number; an Arabic digit not right after a Chinese unit
# (1万5千: not from the 5); a Chinese numeral not right after another (壹万二: not from the 万) or after
# the 点 of a decimal.
_START = (r"(?<![\d.%A-Za-z/第])(?<!分之)(?<![\d" + _CN + r"][-~至到余多])"
          r"(?:(?=\d)(?<![" + CN_POWERS + r"])(?<![" + _CN + r"]点)|(?=[^\d])(?<![" + _CN + r"数几])(?<![" + CN_DIGITS + r"]点))")


class NumberGrammar:
    """The compiled number pattern for one vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        units = sorted(vocab.unit_words, key=len, reverse=True)
        suffix_rates = sorted(vocab.suffix_rates, key=len, reverse=True)
        # 3000余万元, 十多万人, 三十来万元: a word between the number and its multiplier or unit
        after = "|".join(sorted((re.escape(w) for w, q in vocab.qualifiers if q[0] == "after_number"),
                                key=len, reverse=True)) or "(?!)"
        unit_alt = "|".join(map(re.escape, units))
        # 1.2个亿, 3个多亿元: a word that links the number to its multiplier, maybe with a qualifier
        linked = linked_words(vocab.qualifiers)
        linked_alt = "".join(re.escape(w) + r"(?=[万亿萬億])|" for w in sorted(linked, key=len, reverse=True))
        # The leading look-ahead lets the engine reject, in one step, every position
        # that cannot start a number (most of the text) before trying the rest.
        self.pattern = re.compile(
            r"(?=[\d" + _CN + r"数几参])" + _START + r"(?P<lo>" + _RUN + r")"
            # a range, its unit written once (100-6000元) or twice (1.2万元-3万元)
            r"(?:(?=[^\n]{0,3}[-~至到])(?P<lounit>" + unit_alt + r")?[-~至到](?P<hi>" + _RUN + r"))?"
            r"(?:(?P<after>" + linked_alt + after + r")(?:(?P<mult>千万|百万|十万|万|亿|千|萬|億)(?P<after2>" + after + r")?)?)?"
            # the unit 元 lost (//月, 740/月, 533/ at a clause end) or moved after the rate (1028/月元)
            # a unit in brackets after the number (1.2万(户), a flattened table cell)
            r"(?:(?P<bracket>[(（](?=(?:" + unit_alt + r")[)）]))?(?P<unit>" + unit_alt + r")(?(bracket)[)）])"
            r"|(?P<garbled>(?=//月)|(?<=[\d" + CN_POWERS + r"])(?=/[月年]元|/[月年人户](?![\d元])|/(?:[,;。、\n]|$)))"
            # 18万低收入人口: a scaled number directly before a word for people counts persons
            r"|(?<=[万亿萬億])(?P<implicit>(?=[\u4e00-\u9fff]{0,6}?(?:人口|人员|对象|群众|老人|儿童|家庭)"
            r"(?![\u4e00-\u9fff]{0,2}\d)))"
            # 资金1.2亿: 元 left out after a multiplier (checked against the words before it); else
            # a scaled number without a unit (人数从3万下降到2.5万), a figure kept without one
            r"|(?<=[万亿萬億])(?P<bare_big>))"
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
        self._after_number.update(linked)
        self._before_q = {w: q[1] for w, q in vocab.qualifiers if q[0] == "before"}
        # 上千人, 上百万元: 上 qualifies only a number written as units alone
        self._before_lone = sorted(((w, q[1]) for w, q in vocab.qualifiers if q[0] == "before_lone"),
                                   key=lambda x: len(x[0]), reverse=True)
        self._before_words = tuple(before) + tuple(prefix_rates)
        self._after_unit_words = tuple(w for w, _ in self._after_unit)
        index = self.pattern.groupindex
        self._groups = tuple(index[g] for g in ("lo", "lounit", "hi", "after", "mult", "after2", "unit", "garbled",
                                                 "implicit", "bare_big", "rate"))
        self._unit_group = index["unit"]
        # a unit (and its multiplier) right after a run whose separators make no number (1.2.3万元)
        self._unit_after = re.compile(r" ?(?:" + after + r")?[十百千万亿萬億拾佰仟]*(?:" + after + r")?(?P<unit>"
                                      + unit_alt + r")")
        self._garbled_group = index["garbled"]
        self._bare_big_group = index["bare_big"]
        self._unit_words = vocab.unit_words
        self._numeral_words = NumeralWords(ref.read_csv("extract/numeral_words.csv"))  # 统一, 人数
        self._tables = TableGrammar(vocab)
        self._signs = NumberSigns(ref.read_csv("extract/number_signs.csv"), vocab.unit_words)  # 约￥500万元, -5人
        self._latin = LatinForms(ref.read_csv("extract/latin_forms.csv"), self._signs.latin_prefixes, unit_alt)

    def find(self, text: str) -> list[NumberMention]:
        """All numbers with a unit in ``text`` (normalized), in order."""
        return self.scan(text)[0]

    def scan(self, text: str, written: Written | None = None) -> tuple[list[NumberMention], list[UnreadableNumber]]:
        """All numbers with a unit in ``text`` (normalized), in order, and the runs of numeral
        characters before a unit that could not be read with certainty. ``written(pos)``: the
        original characters at a normalized position, to tell a minus from a dash."""
        source, text = text, self._latin.translate(text)  # 1.2W人, RMB300元; same length: offsets hold
        out: list[NumberMention] = []
        unreadable: list[UnreadableNumber] = []
        mention = self._mention
        for m in self.pattern.finditer(text):
            found = mention(text, m)
            if found is None:
                continue
            if isinstance(found, NumberMention):
                out.append(found)
            else:
                unreadable.append(found)
        out, malformed = separated_runs(text, out, self._unit_at)
        out = join_rate_ranges(text, out)  # 1000元/人至2000元/人: one range
        out = shared_list_units(text, out, self._qualifier_at)  # 800、600元: the unit is written once
        out, wrapped = wrapped_runs(text, out)  # 合计 12\n345人: 12345, or 12 and 345人? (not a table's cells)
        labelled = self._tables.find(text, out)
        if labelled:
            out = sorted(out + labelled, key=lambda x: x.start)
        out, uncertain = uncertain_values(out)
        out, commas = list_commas(text, out, written)  # 800，600元: a list, or 800,600?
        out, points = odd_points(text, out)  # 456·7万元: 456.7万元, or 456 and 7万元?
        out, dotted = dotted_thousands(text, out)  # 10.000人: 10,000 or 10?
        odd = malformed + uncertain + commas + points + dotted + wrapped
        if odd:
            unreadable = sorted(unreadable + odd, key=lambda u: u.start)
        unreadable = self._latin.stray(text, out, unreadable, self._unit_words)
        return self._signs.settle(source, out, unreadable, self._qualifier_at, written)

    @staticmethod
    def _money_left_out(text: str, start: int, end: int) -> bool:
        """Whether the number at text[start:end], ending in 万/亿 with no unit, is an amount whose
        元 was left out: it ends its clause, and a word for money comes before it (资金1.2亿)."""
        after = text[end:end + 1]
        return not (after.isalnum() or after == "%") and MONEY_BEFORE.search(text, max(0, start - 12), start) is not None

    def _qualifier_at(self, text: str, start: int) -> str:
        """The qualifier written right before ``start`` (约, 超过), for an amount opened at its sign."""
        return self._qualifier_before(text, start, None, False)

    def _mention(self, text: str, m: re.Match[str]) -> NumberMention | UnreadableNumber | None:
        start, end = m.span()
        unitless = False  # a scaled number with no unit, kept as a mention without a value
        # one tuple instead of a dozen group() look-ups by name
        lo, lo_unit, hi, after, mult_word, after2, unit_word, garbled, implicit, bare_big, rate = m.group(*self._groups)
        if garbled is not None and unit_word is None:
            lost = not text.startswith("//", m.end(self._garbled_group))
            if lost and not STANDARD_BEFORE.search(text, max(0, start - 20), start):
                # 30/月, 2万/人 with no word for a standard before it: nothing says it is money,
                # but it is a figure: kept as a mention without a unit
                return UnreadableNumber(start, m.end(self._garbled_group), "", None)
            unit_word = "元"
        elif implicit is not None and unit_word is None:
            unit_word = "人"
        elif bare_big is not None and unit_word is None:
            unitless = not self._money_left_out(text, start, m.end(self._bare_big_group))
            unit_word = "元"
        unit, kind = self._unit_words[unit_word]
        if unitless:
            unit_word, unit = "", None
        unit_end = m.end(self._unit_group)
        if text.startswith("数", unit_end) and not rate:
            return None  # 1243人数2187: 人数 labels the next number (a flattened table row)
        if lo_unit is not None and (lo_unit != unit_word or after):
            return UnreadableNumber(start, unit_end if unit_end >= 0 else end, unit_word, unit)  # 1000元-2000人
        if self._numeral_words.may_end_before(lo):
            cut, ambiguous = self._numeral_words.cut(text, start, lo)
            if ambiguous:  # 人数十万人: 人数 + 十万人, or 人 + 数十万人
                return UnreadableNumber(start, unit_end if unit_end >= 0 else end, unit_word, unit)
            if cut:  # 统一三千元: the run starts inside a word
                start += cut
                lo = lo[cut:]
                if not lo:  # 统一到3000元: the word was all of the low end
                    if hi is None:
                        return None
                    start, lo, hi = m.start("hi"), hi, None
        mult = MULTIPLIERS[mult_word.translate(_BIG_CANON) if mult_word else ""]
        valued = run_value(lo, hi, mult, lo_unit is None)
        if isinstance(valued, str):
            if valued == WORD or unitless:
                return None  # (亿万, a word, if no unit follows)
            return UnreadableNumber(start, unit_end if unit_end >= 0 else end, unit_word, unit)
        value, high, lone, fuzzy, is_scaled = valued
        if unit_word == "元" and not rate and high is None and text.startswith(JIAO_FIRST, end):
            jiao = JIAO.match(text, end)  # 壹拾壹元壹角壹分: the amount goes on after 元
            if jiao is not None:
                value = float(Decimal(repr(value)) + jiao_fen(jiao))
                end = jiao.end()
        rate_basis = rate_per = None
        if garbled is not None and rate and text.startswith("元", end):
            end += 1  # 1028/月元: the unit written after its rate
        if rate:
            cue = self.vocab.suffix_rates[rate]
            rate_basis, rate_per = cue.basis, cue.per
        if kind != "money" and rate_per is not None:
            # 5人/户 and the like: not a rate we model; keep the count only
            end = unit_end
            rate_basis = rate_per = None
        qualifier = self._qualifier_before(text, start, after2 or after, lone)
        if text.startswith(self._after_unit_words, end):
            for word, q in self._after_unit:
                if text.startswith(word, end):
                    qualifier = q
                    end += len(word)
                    break
        if lone and qualifier == "exact":
            return None  # 千人计划, 百万: units alone are a number only with a qualifier (千余名, 近万人, 千元以下)
        if unitless:
            if text[end:end + 1].isascii() and text[end:end + 1].isalnum():
                return None  # 3.2万W人: a letter inside the run, kept whole by the Latin forms
            return UnreadableNumber(start, end, "", None)
        if fuzzy:
            qualifier = "approx"  # 三四百人, 数十亿元: a range, approximately
        return NumberMention(start, end, value, high, unit_word, unit, kind, is_scaled, rate_basis, rate_per,
                             qualifier)

    def _unit_at(self, text: str, pos: int) -> tuple[int, str, str | None] | None:
        """(end, unit word, unit) of a unit written at ``pos``, maybe after a multiplier; else None."""
        m = self._unit_after.match(text, pos)
        if m is None:
            return None
        word = m.group("unit")
        return m.end(), word, self._unit_words[word][0]

    def _qualifier_before(self, text: str, start: int, after_number: str | None, lone: bool) -> str:
        """The qualifier of the 余/多 after the number, or of the word right before it (约, 超过, 上千)."""
        qualifier = self._after_number[after_number] if after_number else "exact"
        # Most numbers have no qualifier or rate word before them: test the window's
        # ending (one C call) before running the search.
        lo = start - 8 if start > 8 else 0  # (cheaper than max() in this hot path)
        if text.endswith(self._before_words, lo, start):
            bm = self._before.search(text, lo, start)
            if bm and bm.group("q"):
                qualifier = self._before_q[bm.group("q")]
        if lone:
            for word, q in self._before_lone:
                if text.endswith(word, 0, start):
                    return q
        return qualifier



_BIG_CANON = str.maketrans("萬億", "万亿")
