"""Traditional characters -> simplified, and pinyin glosses, for the normalize stage.

Reports reposted on mirror sites arrive in traditional characters (發放, 區,
鄉), often with the pinyin of some characters inserted after them
(發(fā)放, 鄉(xiāng)). Everything downstream (the catalogue of programs and
places, the number and period grammars) is written in simplified characters,
so such a report gave no facts at all.

The conversion uses OpenCC's ``t2s`` configuration (a maintained converter;
the ``opencc`` package). It must keep every offset: it is applied only where
it maps one character to one character. OpenCC converts by phrases first
(乾隆 stays 乾隆 while 乾淨 becomes 干净); a line whose phrase conversion
changes its length falls back to OpenCC's own character table, built once per
process by converting each character alone.

A text is converted only when it is written in traditional characters (a good
share of its Chinese characters have a simplified form): a simplified report
is left exactly as it is, so a place name such as 乾县 in a simplified report
is never touched.

Glosses are found here and deleted by :mod:`etl.extract.normalize` through
its offset map, so quotes stay exact slices of the original text.
"""

from __future__ import annotations

import re
from typing import Any

from etl import catalogue as ref

# A pinyin syllable in parentheses right after a Chinese character. It must carry a
# tone mark: (市), (2021) and (试行) are text, and an unmarked (de) is too rare to risk.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = "a-zü" + _TONED
# (The "(" comes first and the look-behind checks the character before it, so the engine
# jumps from "(" to "(" in C instead of testing the look-behind at every character.)
GLOSS = re.compile(r"\((?<=[\u3400-\u9fff]\()(?=[" + _PINYIN + r"]*[" + _TONED + r"])[" + _PINYIN + r"]{1,7}\)")

# Share of the Chinese characters that have a simplified form above which a text is
# traditional. Traditional reports run at 20-45%; simplified ones at 0 (a stray
# character such as 乾 in a place name).
_TRADITIONAL_SHARE = 0.05
_MIN_TRADITIONAL = 3
_CJK = re.compile(r"[\u3400-\u9fff]")
# Ranges whose characters the table covers: CJK Extension A, the URO, compatibility ideographs.
_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


class _Converter:
    """OpenCC's t2s converter and its one-to-one character table, made on first use."""

    def __init__(self) -> None:
        import opencc  # imported here: only traditional texts pay for loading the dictionaries

        self.phrases: Any = opencc.OpenCC("t2s")
        chars = [chr(i) for lo, hi in _RANGES for i in range(lo, hi)]
        # One character a line: no phrase spans two of them, so each is converted alone.
        converted = self.phrases.convert("\n".join(chars)).split("\n")
        self.table: dict[str, str] = {
            a: b for a, b in zip(chars, converted) if a != b and len(b) == 1
        } if len(converted) == len(chars) else {}
        self.pattern = re.compile("[" + "".join(self.table) + "]") if self.table else re.compile(r"(?!)")
        self.keep = self._kept_names()

    def _kept_names(self) -> list[tuple[str, str]]:
        """Place names that the converter would change (乾县 -> 干县): (converted, name) pairs.

        乾 is a traditional form of 干 but also the simplified character of 乾县 and
        乾安县; OpenCC knows no such phrase, so the names are put back after converting.
        """
        names = {j.name for j in ref.jurisdictions()} | {a.alias for a in ref.jurisdiction_aliases()}
        pairs = []
        for name in names:
            out = self._convert(name)
            if out != name and len(out) == len(name):
                pairs.append((out, name))
        return sorted(pairs, key=lambda p: -len(p[0]))

    def _convert(self, line: str) -> str:
        out: str = self.phrases.convert(line)
        if len(out) == len(line):
            return out
        return "".join(self.table.get(ch, ch) for ch in line)

    def convert_line(self, line: str) -> str:
        """Simplified ``line``, of the same length."""
        out = self._convert(line)
        for wrong, name in self.keep:
            if wrong in out:
                out = _restore(line, out, wrong, name)
        return out


def _restore(original: str, converted: str, wrong: str, name: str) -> str:
    """Put ``name`` back where the conversion made ``wrong`` of the original's ``name`` (乾縣 -> 乾县)."""
    i = converted.find(wrong)
    while i >= 0:
        source = original[i:i + len(name)]
        # only where the original wrote the name's own character (乾, not 幹 or 乾's other readings)
        if all(a == b for a, b, c in zip(source, name, wrong) if b != c):
            converted = converted[:i] + name + converted[i + len(name):]
        i = converted.find(wrong, i + 1)
    return converted


_converter: _Converter | None = None


def _get_converter() -> _Converter:
    global _converter
    if _converter is None:
        _converter = _Converter()
    return _converter


def is_traditional(text: str, minimum: int = _MIN_TRADITIONAL) -> bool:
    """Whether ``text`` is written in traditional characters (see the module docstring):
    at least ``minimum`` of them, and a share of its Chinese characters."""
    conv = _get_converter()
    n = len(conv.pattern.findall(text))
    if n < minimum:
        return False
    return n >= _TRADITIONAL_SHARE * len(_CJK.findall(text))


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, character for character (same length).

    Converts unconditionally; :func:`simplify_document` decides whether a whole
    report should be converted.
    """
    conv = _get_converter()
    if not conv.pattern.search(text):
        return text
    return "\n".join(conv.convert_line(line) for line in text.split("\n"))


def gloss_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the pinyin glosses (發(fā)放 -> the span of ``(fā)``)."""
    if "(" not in text:
        return []
    return [m.span() for m in GLOSS.finditer(text)]


def simplify_document(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Convert a traditional report to simplified characters (same length) and find its glosses.

    Returns the text (unchanged when it is not traditional) and the gloss spans
    to delete. The conversion sees the text without its glosses, so phrases cut
    by a gloss (鄉(xiāng)村) are converted as phrases.
    """
    glosses = gloss_spans(text)
    if not glosses and not _may_be_traditional(text):
        return text, []
    # pinyin glosses come from the mirror sites that serve traditional text: with them, a
    # short text (a title) needs fewer traditional characters to count as traditional
    if not is_traditional(text, 1 if glosses else _MIN_TRADITIONAL):
        return text, glosses
    pieces: list[str] = []
    pos = 0
    for s, e in glosses:
        pieces.append(text[pos:s])
        pos = e
    pieces.append(text[pos:])
    converted = to_simplified("".join(pieces))
    out: list[str] = []
    at = 0
    for i, piece in enumerate(pieces):
        out.append(converted[at:at + len(piece)])
        at += len(piece)
        if i < len(glosses):
            s, e = glosses[i]
            out.append(text[s:e])
    return "".join(out), glosses


# Characters that occur in nearly every traditional report and never in a simplified
# one: a cheap test that spares simplified reports the converter's start-up cost.
_COMMON_TRADITIONAL = re.compile("[們這為發區縣與個國對會說時來後經從實資額標準貼養屬機構關戶萬億農鄉補務]")


def _may_be_traditional(text: str) -> bool:
    return _COMMON_TRADITIONAL.search(text) is not None


def simplified_copy(text: str) -> str:
    """A traditional ``text`` in simplified characters without its glosses (lengths change:
    for strings that carry no offsets, such as a title given in the metadata)."""
    converted, glosses = simplify_document(text)
    for s, e in reversed(glosses):
        converted = converted[:s] + converted[e:]
    return converted
