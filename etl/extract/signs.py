"""Signs written right before a number: currency signs that belong to it, plus and minus signs
that make its value uncertain.

The number grammar (:mod:`etl.extract.numbers`) starts a number at its first numeral, so
whatever is written in front of the digits is outside the match. Two kinds of sign sit there
(``seeds/extract/number_signs.csv``):

* ``currency`` (￥, ¥, 人民币, RMB, CNY): part of the amount. The mention opens at the sign, so the
  qualifier read before it is the one before the sign (约￥500万元 is approximate, 超过人民币3亿元 at
  least), and every later rule sees the words before the amount rather than the sign. An amount
  written with a sign and no unit (￥1200, ￥3,000,000, ￥1.2万) is read as 元; one that goes on with
  a rate, a letter or more digits (￥1200/月, ￥12a) is kept unreadable.
* ``foreign`` ($, US$, USD, HK$, €, £): an amount after a foreign currency sign is kept
  unreadable, even when 元 follows it (近$30万元: dollars or yuan is not certain).
* ``sign`` (+, -, −): a number with a sign that no digit or letter precedes (共有-300人, 增加+5人,
  较上年减少-5人) is no level as written, and what the writer meant by it is not certain: it is kept
  as an unreadable mention over the sign and the number, never stored with the sign dropped. A dash
  after a digit or a letter is a range or a code (2022-2023, A-5), not a sign.

The text is the normalized text the grammar reads (full-width forms already half-width), so the
data lists currency signs in their half-width forms; plus and minus signs are listed as the
original text writes them (－, ＋ too), since the original decides what a dash is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from etl.extract.numerals import NumberMention, UnreadableNumber, arabic_number, scaled

QualifierAt = Callable[[str, int], str]
# The characters of the original text from a position of the normalized text to the next one.
Written = Callable[[int], str]
# An amount after a currency sign with no unit: Arabic digits (commas only in groups of three),
# maybe 万 or 亿; what follows decides whether it is an amount on its own.
_BARE = re.compile(r" ?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<mult>万亿|万|亿)?")
_BIG = {"": 1, "万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}
# Characters after a bare amount that make it something else: more of a number, a rate, a code.
_GOES_ON = re.compile(r"[\d/A-Za-z_十百千拾佰仟萬億]|[.,]\d")


def _alternation(forms: list[str]) -> str:
    """A pattern for any of ``forms``; a Latin prefix (RMB, USD) only where no letter opens it.
    One space may part a sign from the digits (RMB 300元)."""
    # (the look-behind goes after the form: a branch that opens with a look-behind is tried at
    # every character of the text, one that opens with its literal only where it can match)
    return "|".join(re.escape(f) + ("(?<![A-Za-z]" + re.escape(f) + ")" if f[0].isascii() and f[0].isalpha() else "")
                    for f in forms) or "(?!)"


class NumberSigns:
    """The currency and plus/minus signs of one catalogue file."""

    def __init__(self, rows: Iterable[dict[str, str]], unit_words: dict[str, tuple[str | None, str]]) -> None:
        rows = list(rows)
        currencies = sorted((r["form"] for r in rows if r["kind"] == "currency"), key=len, reverse=True)
        foreign = sorted((r["form"] for r in rows if r["kind"] == "foreign"), key=len, reverse=True)
        signs = [r["form"] for r in rows if r["kind"] == "sign"]
        alt = _alternation(currencies)
        self._currency = re.compile(r"(?:" + alt + r") ?$")
        self._foreign = re.compile(r"(?:" + _alternation(foreign) + r") ?$")
        self._currency_ends = frozenset(c[-1] for c in currencies + foreign) | {" "}
        self._bare = re.compile(r"(?:" + alt + r")(?= ?\d)")
        self._signs = frozenset(signs)
        self._sign_chars = frozenset(signs) | {"-"}  # (－ is - once normalized, and so are — and –)
        self._yuan = unit_words["元"]
        self.latin_prefixes = tuple(c for c in currencies + foreign if c.isascii() and c.isalpha())

    def settle(self, text: str, found: list[NumberMention], unreadable: list[UnreadableNumber],
               qualifier_at: QualifierAt, written: Written | None = None,
               ) -> tuple[list[NumberMention], list[UnreadableNumber]]:
        """``found`` with each amount opened at its currency sign and each signed number moved to
        ``unreadable``, plus the amounts a currency sign makes without a unit (as read by
        ``qualifier_at(text, start)`` for the qualifier before them). ``written`` tells what the
        original text has where the normalized text has a dash (a minus, or an em dash and spaces
        that lead to a table cell: 特困供养 — 5214); without it the normalized text is taken as written."""
        kept: list[NumberMention] = []
        signed: list[UnreadableNumber] = []
        changed = False
        for m in found:
            before = text[m.start - 1] if m.start else ""
            if before in self._sign_chars and self._is_sign(text, m.start - 1, written):
                signed.append(UnreadableNumber(m.start - 1, m.end, m.unit_word, m.unit))
                changed = True
                continue
            if before in self._currency_ends:
                sign = self._foreign.search(text, max(0, m.start - 5), m.start)
                if sign is not None:  # $30万元: which currency the amount is in is not certain
                    signed.append(UnreadableNumber(sign.start(), m.end, m.unit_word, m.unit))
                    changed = True
                    continue
            if before in self._currency_ends and m.kind == "money":
                opened = self._opened(text, m, qualifier_at)
                changed = changed or opened is not m
                m = opened
            kept.append(m)
        bare, bad = self._bare_amounts(text, kept, unreadable, qualifier_at)
        if not (changed or bare or bad):
            return found, unreadable
        return sorted(kept + bare, key=lambda x: x.start), sorted(unreadable + signed + bad, key=lambda u: u.start)

    def _is_sign(self, text: str, at: int, written: Written | None) -> bool:
        """Whether the + or - at ``at`` signs the number after it: written as a sign right against
        the digits (not an em dash, no space), with no digit, letter, range or bracket before it."""
        if (written(at) if written else text[at]) not in self._signs:
            return False
        prev = text[at - 1] if at else ""
        return not (prev.isascii() and (prev.isalnum() or prev in "-+~)%.")) and prev not in "至到"

    def _opened(self, text: str, m: NumberMention, qualifier_at: QualifierAt) -> NumberMention:
        """``m`` opened at the currency sign written right before it, if any."""
        sign = self._currency.search(text, max(0, m.start - 5), m.start)
        if sign is None:
            return m
        start = sign.start()
        qualifier = qualifier_at(text, start) if m.qualifier == "exact" else m.qualifier
        return replace(m, start=start, qualifier=qualifier)

    def _bare_amounts(self, text: str, found: list[NumberMention], unreadable: list[UnreadableNumber],
                      qualifier_at: QualifierAt) -> tuple[list[NumberMention], list[UnreadableNumber]]:
        """Amounts after a currency sign that the grammar did not read (no unit after them), and
        those that go on with a rate, a letter or more digits, as unreadable."""
        taken = {m.start for m in found} | {u.start for u in unreadable}
        amounts: list[NumberMention] = []
        bad: list[UnreadableNumber] = []
        for sign in self._bare.finditer(text):
            start = sign.start()
            num = _BARE.match(text, sign.end())
            if start in taken or num is None or num.start("num") in taken:
                continue
            unit, kind = self._yuan
            word = sign.group()  # the sign stands for the unit
            if _GOES_ON.match(text, num.end()):
                bad.append(UnreadableNumber(start, num.end(), word, unit))
                continue
            value = arabic_number(num.group("num"))
            if value is None:
                bad.append(UnreadableNumber(start, num.end(), word, unit))
                continue
            mult = _BIG[num.group("mult") or ""]
            amounts.append(NumberMention(start, num.end(), scaled(value, mult), None, word, unit, kind, mult != 1,
                                         None, None, qualifier_at(text, start)))
        return amounts, bad
