"""Latin letters written against Arabic digits that make a figure: read, or kept, never dropped.

The number grammar refuses to start a number right after a Latin letter (A4纸, COVID-19) and
stops a run at one, so ``1.2W人``, ``3k元`` and ``RMB1234万元`` would vanish: no fact, no mention.
``seeds/extract/latin_forms.csv`` says which letters are such forms:

* ``scale``: a letter that reads as a Chinese multiplier (W = 万, k = 千) where it directly
  follows a digit run that no letter opens and no letter or digit follows it (``1.2W人``,
  ``5K元``, but not 3km, 10kW, H5K);
* a run that a letter sits inside and a unit follows (``1W2人``, ``3.2万W人``) is no number read
  with certainty: :func:`LatinForms.stray` keeps it as an :class:`UnreadableNumber`.

Currency prefixes written in Latin letters (RMB, CNY: ``seeds/extract/number_signs.csv``) are
filled in the copy, since the grammar starts no number right after a letter; the amount is then
opened at its prefix by :mod:`etl.extract.signs`.

:func:`LatinForms.translate` gives a text of the same length (offsets still point into the
original) where each scale letter is its multiplier and each currency prefix a filler, so the
grammar reads ``1.2W人`` as ``1.2万人`` and ``RMB300元`` as ``300元``.
Only texts where a Latin letter touches a digit (or a multiplier) are looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from etl.extract.numerals import NumberMention, UnreadableNumber

_TOUCH = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
# a letter after a digit or a Chinese multiplier (1W2人, 3.2万W人): where a stray run may be
_STRAY_TOUCH = re.compile(r"[\d十百千万亿萬億][A-Za-z]")
_FILLER = "_"


class LatinForms:
    """The Latin scale letters of one catalogue file and the Latin currency prefixes."""

    def __init__(self, rows: Iterable[dict[str, str]], prefixes: Iterable[str], unit_alt: str) -> None:
        scales = {r["form"]: r["reads_as"] for r in rows if r["kind"] == "scale"}
        self._scales = scales
        letters = "".join(map(re.escape, scales)) or "(?!)"
        # a scale letter after a digit run no letter (or a dash after one) opens, before no letter or digit
        self._scale = re.compile(r"(?<![A-Za-z\d.,])(?<![A-Za-z]-)[\d.,]*\d([" + letters + r"])(?![A-Za-z\d])")
        alt = "|".join(map(re.escape, sorted(prefixes, key=len, reverse=True))) or "(?!)"
        self._prefix = re.compile(r"(?<![A-Za-z])(?:" + alt + r")(?=\d)")
        # a digit run no letter opens, with a letter inside it, right before a unit (1W2人, 3.2万W人)
        self._stray = re.compile(r"(?<![A-Za-z\d.,])\d[\d.,]*(?:[十百千万亿萬億]*[A-Za-z]+[\d.,]*)+[十百千万亿萬億]*"
                                 r"(?P<unit>" + unit_alt + r")")

    def translate(self, text: str) -> str:
        """``text`` with its scale letters read and currency prefixes filled (same length);
        ``text`` itself when no letter touches a digit."""
        if not _TOUCH.search(text):
            return text
        chars: list[str] | None = None
        for m in self._scale.finditer(text):
            chars = chars or list(text)
            chars[m.start(1)] = self._scales[m.group(1)]
        for m in self._prefix.finditer(text):
            chars = chars or list(text)
            chars[m.start():m.end()] = _FILLER * (m.end() - m.start())
        return "".join(chars) if chars else text

    def stray(self, text: str, found: list[NumberMention], unreadable: list[UnreadableNumber],
              unit_words: dict[str, tuple[str | None, str]]) -> list[UnreadableNumber]:
        """``unreadable`` with every run of ``text`` (the translated copy) that a letter sits inside,
        before a unit, which no mention covers (1W2人: not 12,000 nor 2 persons, but kept)."""
        if not _STRAY_TOUCH.search(text):
            return unreadable
        ends = [(m.start, m.end) for m in found] + [(u.start, u.end) for u in unreadable]
        runs = [UnreadableNumber(m.start(), m.end(), m.group("unit"), unit_words[m.group("unit")][0])
                for m in self._stray.finditer(text) if not _covered(ends, m.start(), m.end())]
        return sorted(unreadable + runs, key=lambda u: u.start) if runs else unreadable


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a span of ``spans`` overlaps [start, end)."""
    return any(s < end and start < e for s, e in spans)
