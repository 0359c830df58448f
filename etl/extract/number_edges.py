"""What the number grammar reads at the edges of a run of numerals.

* before it: words that end with numeral characters (统一, 成千上万, 人数;
  ``seeds/extract/numeral_words.csv``), so a run found inside such a word starts
  after it, or is ambiguous (人数十万人: 人数 十万人, or 人 数十万人);
* after 元: 角 and 分, one digit each (11元1角, 壹拾壹元壹角壹分);
* words that say a number without a unit is money (标准, 资金: 740/月, 资金1.2亿) and words
  that link a number to its multiplier (个: 1.2个亿).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from etl.extract.numerals import CN_DIGITS, CN_NUMERALS, digit_value

# A word for a benefit standard or level before a number whose 元 was lost (标准低限为740/月)
STANDARD_BEFORE = re.compile(r"(?:标准|低限|水平)[^,。;!?\d]{0,12}$")
# A word for money before a number with 万/亿 and no unit (资金1.2亿, 投入3个多亿)
MONEY_BEFORE = re.compile(r"(?:资金|经费|金额|款|支出|投入|补助|补贴|救助金|保障金|发放)[^,。;!?\d]{0,6}$")
# 角 and 分 after 元 (11元1角, 壹拾壹元壹角壹分): one digit each
_JIAO_DIGIT = "0123456789" + CN_DIGITS
JIAO_FIRST = tuple(_JIAO_DIGIT)
JIAO = re.compile(r"(?:(?P<jiao>[" + _JIAO_DIGIT + r"])角)?(?:(?P<fen>[" + _JIAO_DIGIT + r"])分(?![钟之]))?(?<=[角分])")


def jiao_fen(m: re.Match[str]) -> Decimal:
    """The 角 and 分 of an amount (a match of :data:`JIAO`) as a fraction of a 元."""
    jiao, fen = m.group("jiao"), m.group("fen")
    return (Decimal(digit_value(jiao)) / 10 if jiao else Decimal(0)) + (Decimal(digit_value(fen)) / 100 if fen else 0)


class NumeralWords:
    """Words that end with numeral characters, from rows with a ``word`` and a ``reading``
    (``ambiguous`` or not)."""

    def __init__(self, rows: Iterable[dict[str, str]]) -> None:
        self._tails = _word_tails(rows)

    def may_end_before(self, run: str) -> bool:
        """Whether some word's numeral tail starts with the first character of ``run``."""
        return run[0] in self._tails

    def cut(self, text: str, start: int, run: str) -> tuple[int, bool]:
        """How many characters at the front of ``run`` (found at ``start``) end a word such as
        统一 rather than begin the number (0 if none), and whether that word makes the run
        ambiguous (人数十万人: 人数 十万人, or 人 数十万人)."""
        for head, tail, ambiguous in self._tails[run[0]]:
            if run.startswith(tail) and text.endswith(head, 0, start):
                return len(tail), ambiguous
        return 0, False


def _word_tails(rows: Iterable[dict[str, str]]) -> dict[str, list[tuple[str, str, bool]]]:
    """Words that end with numeral characters, as (head, numeral tail, ambiguous) keyed by the
    tail's first character, longest first (统一 -> 一: ("统", "一", False); 成千上万 -> 万:
    ("成千上", "万", False); 人数 -> 数: ("人", "数", True))."""
    numeral = set(CN_NUMERALS + "数几")
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for row in rows:
        word = row["word"]
        k = len(word)
        while k > 0 and word[k - 1] in numeral:
            k -= 1
        if k < len(word):
            out.setdefault(word[k], []).append((word[:k], word[k:], row["reading"] == "ambiguous"))
    for pairs in out.values():
        pairs.sort(key=lambda ht: len(ht[0]) + len(ht[1]), reverse=True)
    return out


def linked_words(qualifiers: list[tuple[str, tuple[str, str]]]) -> dict[str, str]:
    """The words that link a number to its multiplier (个: 1.2个亿), alone and with a qualifier
    after them (个多: 3个多亿, at least), each with its qualifier."""
    after = [(w, q[1]) for w, q in qualifiers if q[0] == "after_number"]
    linked: dict[str, str] = {}
    for word, (position, qualifier) in qualifiers:
        if position == "before_multiplier":
            linked[word] = qualifier
            linked.update((word + a, q) for a, q in after)
    return linked
