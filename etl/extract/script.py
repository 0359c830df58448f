"""Traditional characters -> simplified, and pinyin glosses, for the normalize stage.

Reports reposted on mirror sites arrive in traditional characters (發放, 區,
鄉), often with the pinyin of some characters inserted after them
(發(fā)放, 鄉(xiāng)). Everything downstream (the catalogue of programs and
places, the number and period grammars) is written in simplified characters,
so such a report gave no facts at all.

The conversion uses OpenCC (a maintained converter; the ``opencc`` package).
Mirror sites convert with the Hong Kong or Taiwan standard, whose variant
characters (衞 for 衛, 敍 for 敘, 痺 for 痹, 隨著 for 随着) the plain ``t2s``
configuration keeps, so a line goes through ``hk2t`` (Hong Kong variants ->
standard traditional) and then ``tw2s`` (Taiwan variants -> simplified). Both
change characters only, never words. The words of a Taiwan converter (物件 for
对象, 釋出 for 发布, 愛滋病 for 艾滋病) are turned back by the phrase list
``seeds/extract/regional_phrases.csv`` (same-length pairs; OpenCC's own reverse
table ``tw2sp`` also rewrites mainland words: 新增 -> 添加, 指标 -> 指针).

It must keep every offset: it is applied only where it maps one character to
one character. OpenCC converts by phrases first (乾隆 stays 乾隆 while 乾淨
becomes 干净); a run of Chinese characters whose conversion changes its length
is converted by ``t2s`` instead, and where that too changes its length, by
OpenCC's own character table, built once per process by converting each
character alone with ``t2s``.

A text is converted only when it is written in traditional characters (a good
share of its Chinese characters have a simplified form): a simplified report
is left exactly as it is, so a place name such as 乾县 in a simplified report
is never touched.

Glosses are found here and deleted by :mod:`etl.extract.normalize` through
its offset map, so quotes stay exact slices of the original text.
"""

from __future__ import annotations

import re
from typing import Any, Callable

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
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Ranges whose characters the table covers: CJK Extension A, the URO, compatibility ideographs.
_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


class _Converter:
    """OpenCC's converters, the regional phrases and a one-to-one character table, made on first use."""

    def __init__(self) -> None:
        import opencc  # imported here: only traditional texts pay for loading the dictionaries

        self.hong_kong: Any = opencc.OpenCC("hk2t")
        self.taiwan: Any = opencc.OpenCC("tw2s")
        self.phrases: Any = opencc.OpenCC("t2s")
        chars = [chr(i) for lo, hi in _RANGES for i in range(lo, hi)]
        self.table = _char_table(chars, self.phrases.convert)
        self.pattern = re.compile("[" + "".join(self.table) + "]") if self.table else re.compile(r"(?!)")
        self.regional = _regional_phrases()
        self.regional_pattern = re.compile(
            "|".join(sorted(self.regional, key=lambda w: -len(w)))) if self.regional else re.compile(r"(?!)")
        self.keep = self._kept_names()

    def _variants(self, text: str) -> str:
        """``text`` through hk2t and tw2s (Hong Kong and Taiwan variants, then simplified)."""
        out: str = self.taiwan.convert(self.hong_kong.convert(text))
        return out

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
        out = self._variants(line)
        if len(out) != len(line):
            # some phrase changed the length: each run of Chinese characters alone, so that only
            # the run holding that phrase loses the phrase conversion
            out = _CJK_RUN.sub(lambda m: self._convert_run(m.group()), line)
        if self.regional_pattern.search(out):
            out = self.regional_pattern.sub(lambda m: self.regional[m.group()], out)
        return out

    def _convert_run(self, run: str) -> str:
        out = self._variants(run)
        if len(out) == len(run):
            return out
        out = self.phrases.convert(run)
        if len(out) == len(run):
            return out
        return "".join(self.table.get(ch, ch) for ch in run)

    def convert_line(self, line: str) -> str:
        """Simplified ``line``, of the same length."""
        return self._finish(line, self._convert(line))

    def convert_whole(self, text: str) -> str | None:
        """Simplified ``text`` in one pass of the converters, or None when some phrase changed a
        line's length (then each line is converted alone, see :meth:`convert_line`). No phrase
        spans a line break, so the result is the lines' own; the converters are called once
        per report instead of twice per line."""
        out = self._variants(text)
        if len(out) != len(text) or [len(x) for x in out.split("\n")] != [len(x) for x in text.split("\n")]:
            return None
        if self.regional_pattern.search(out):
            out = self.regional_pattern.sub(lambda m: self.regional[m.group()], out)
        return self._finish(text, out)

    def _finish(self, original: str, out: str) -> str:
        """``out`` with the place names the converter changed put back (乾县)."""
        for wrong, name in self.keep:
            if wrong in out:
                out = _restore(original, out, wrong, name)
        return out


def _char_table(chars: list[str], convert: Callable[[str], str]) -> dict[str, str]:
    """The characters of ``chars`` that ``convert`` changes into one other character."""
    # One character a line: no phrase spans two of them, so each is converted alone.
    converted = convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return {}
    return {a: b for a, b in zip(chars, converted) if a != b and len(b) == 1}


def _regional_phrases() -> dict[str, str]:
    """``seeds/extract/regional_phrases.csv``: a Taiwan converter's word -> the mainland word.

    Only pairs of one length are taken (offsets must stay)."""
    pairs: dict[str, str] = {}
    for row in ref.read_csv("extract/regional_phrases.csv"):
        regional, mainland = row["regional"].strip(), row["mainland"].strip()
        if regional and len(regional) == len(mainland) and regional != mainland:
            pairs[regional] = mainland
    return pairs


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
    whole = conv.convert_whole(text)
    if whole is not None:
        return whole
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
