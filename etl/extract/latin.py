"""Latin letters written against Arabic digits that make a figure: read, or kept, never dropped.

The number grammar refuses to start a number right after a Latin letter (A4纸, COVID-19) and
stops a run at one, so ``1.2W人``, ``3k元`` and ``RMB1234万元`` would vanish: no fact, no mention.
``seeds/extract/latin_forms.csv`` says which letters are such forms:

* ``scale``: a letter that reads as a Chinese multiplier (W = 万, k = 千) where it directly
  follows a digit run that no letter opens and no letter or digit follows it (``1.2W人``,
  ``5K元``, but not 3km, 10kW, H5K);
* ``currency``: a prefix (RMB, CNY) directly before a digit that no letter precedes.

:func:`LatinForms.translate` gives a text of the same length (offsets still point into the
original) where each scale letter is its multiplier and each currency prefix a filler, so the
grammar reads ``1.2W人`` as ``1.2万人``. A number read after a currency prefix is not given a
value (:func:`LatinForms.withdraw`): the filler stands between the number and any qualifier or
rate word before the prefix (约RMB300元, 每月RMB300元), so its reading is not certain; it is kept
as an :class:`UnreadableNumber` over prefix, number and unit.
Only texts where a Latin letter touches a digit are looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from etl.extract.numerals import NumberMention, UnreadableNumber

_TOUCH = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
_FILLER = "_"


class LatinForms:
    """The Latin scale letters and currency prefixes of one catalogue file."""

    def __init__(self, rows: Iterable[dict[str, str]]) -> None:
        rows = list(rows)
        scales = {r["form"]: r["reads_as"] for r in rows if r["kind"] == "scale"}
        prefixes = sorted((r["form"] for r in rows if r["kind"] == "currency"), key=len, reverse=True)
        self._scales = scales
        letters = "".join(map(re.escape, scales)) or "(?!)"
        # a scale letter after a digit run no letter (or a dash after one) opens, before no letter or digit
        self._scale = re.compile(r"(?<![A-Za-z\d.,])(?<![A-Za-z]-)[\d.,]*\d([" + letters + r"])(?![A-Za-z\d])")
        alt = "|".join(map(re.escape, prefixes)) or "(?!)"
        self._prefix = re.compile(r"(?<![A-Za-z])(?:" + alt + r")(?=\d)")

    def translate(self, text: str) -> tuple[str, list[tuple[int, int]]]:
        """``text`` with its scale letters read and currency prefixes filled (same length), and
        the (start, end) of each prefix; ``text`` itself when no letter touches a digit."""
        if not _TOUCH.search(text):
            return text, []
        chars: list[str] | None = None
        for m in self._scale.finditer(text):
            chars = chars or list(text)
            chars[m.start(1)] = self._scales[m.group(1)]
        prefixes = [m.span() for m in self._prefix.finditer(text)]
        for start, end in prefixes:
            chars = chars or list(text)
            chars[start:end] = _FILLER * (end - start)
        return ("".join(chars) if chars else text), prefixes

    @staticmethod
    def withdraw(found: list[NumberMention], unreadable: list[UnreadableNumber], prefixes: list[tuple[int, int]],
                 ) -> tuple[list[NumberMention], list[UnreadableNumber]]:
        """The mentions of ``found`` no currency prefix stands before, and ``unreadable`` with
        the others (and any unreadable run after a prefix) as unreadable runs that open at the prefix."""
        if not prefixes:
            return found, unreadable
        opens = {end: start for start, end in prefixes}
        kept = [m for m in found if m.start not in opens]
        runs = [UnreadableNumber(opens.get(u.start, u.start), u.end, u.unit_word, u.unit) for u in unreadable]
        runs += [UnreadableNumber(opens[m.start], m.end, m.unit_word, m.unit) for m in found if m.start in opens]
        return kept, sorted(runs, key=lambda u: u.start)
