"""Stage 1: normalize the decoded text, keeping a map back to the original.

Reports arrive with full-width digits and punctuation, odd spaces and line
breaks that cut numbers and words in two (``发放保障金1389\\n万元``). The later
stages work on a cleaned copy; every span they find is mapped back to the
original text through :meth:`NormalizedText.to_original`, so quotes are always
exact slices of what was read.

Only two kinds of edits are made, both cheap C-level passes over the text:
1:1 character translation (full-width -> ASCII; traditional -> simplified
characters, see :mod:`etl.extract.script`) and deletion of characters (spaces
between Chinese characters, hard line wraps, pinyin glosses). Deletions are recorded
as segments, so mapping a position back is a bisect.

Copy artefacts are undone so that a copied page reads like a clean one: what a web
page leaves (the ``\\r`` of a CRLF line end, invisible characters, HTML tags and
entities) goes first, in a pass of its own whose map is composed with the rest (see
:mod:`etl.extract.webcopy`); a tab or an ideographic space after prose punctuation is a
space and not a cell separator; a half-width '.' that stands for 。 ends a sentence;
markdown stars and list bullets are deleted; and a hard wrap anywhere in a long line
(before a digit, inside a number, a word or a pinyin gloss, after the short rest of an
earlier wrap) is joined, while list items (also bulleted), headings, indented lines and
table rows keep their breaks. A space between every two Chinese characters (低 保) does
not make a line long.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from etl.extract import webcopy
from etl.extract.script import gloss_spans, simplify_document

# Full-width forms and a few look-alikes mapped 1:1 (same length, so no offsets change).
_FULL = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
_HALF = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_PUNCT = {
    "，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "％": "%", "～": "~", "〜": "~",
    "－": "-", "—": "-", "–": "-", "／": "/", "！": "!", "？": "?", "．": ".", "・": "·",
    # look-alikes pages print: hyphens and the minus sign for the dash of a range (1‐5月),
    # the ratio sign for a colon (标准∶), dots for the middle dot of a rate (元/人•月)
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\u2236": ":",
    "\u2022": "·", "\u2027": "·", "\u2219": "·",
    "\u3000": " ", "\xa0": " ", "\t": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
    "\r": "\n",
}
_MAP = {**dict(zip(_FULL, _HALF)), **_PUNCT}
# A year written in Chinese digits (二〇一四年, 一九九八年) is translated digit by digit
# (1:1, so offsets stay), so that titles and dates dated this way are read as years.
_CN_YEAR = re.compile(r"(?:一九|二[〇零○])[〇零○一二三四五六七八九]{2}(?=年)")
_CN_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
# str.translate with a dict table is slow on Chinese text; most characters need no
# change, so a regex finds which of them occur and each is replaced in one pass (1:1).
_TO_TRANSLATE = re.compile("[" + re.escape("".join(_MAP)) + "]")

# A half-width full stop that a copy put for 。 (发放资金591元.全年...) ends a sentence as 。
# does: after a Chinese character, a closing bracket or quote, % or other punctuation, and
# before no Latin letter. After a digit it may be a decimal point or a list number (1.加强),
# between letters a web address (mca.gov.cn), before an amount a decimal point that lost
# its leading digit (资金.5万元: unreadable, not 5万元; but after a figure's unit it ends
# its sentence: 9600元.63户), and in a rate the dot of 人·月 (元/人.月): those stay.
# (Written to open with the literal '.', so the engine jumps from dot to dot.)
_HALF_STOP = re.compile(r"\.(?<=[\u3400-\u9fff)”’」》%,;:、]\.)(?![A-Za-z]|(?<![元人户次名个%)]\.)\d+[万亿千元人户%])"
                        r"(?<!(?<![\u3400-\u9fff])[人户]\.(?=[月年日天]))")

# Runs of spaces. They are dropped unless they separate two ASCII letters/digits
# (a date and a time, two English words), where they carry meaning.
# (Written "one space, then more": a pattern that opens with a literal lets the engine jump
# from space to space in C; " +" is tried at every character, ~5x slower on a report.)
_SPACES = re.compile(r"  *")
# A single line break inside a paragraph. Hard-wrapped documents break lines in
# the middle of numbers and words; a break after sentence-final punctuation or
# after a short line (a title, a heading) is a real one and is kept.
# (Written to start with the literal line break, so the engine jumps from break to
# break instead of testing the look-behinds at every character.)
# A line that opens a list item or a heading (1. 2、 一、 二是 (三) (4) 第五) or is indented by
# two spaces or more (see _wrap_breaks) starts anew even after a long line; so does an empty line. Any other
# line goes on the paragraph of a long line before it, also when it opens with a digit
# (保障对象634户、\n1051人) or a single space.
# A line opened by a bullet or a circled number (• ① ⑴ ⒈) or by markdown (## heading, - item)
# starts anew too.
_BULLET = "·•●◆■▪►➢\u2460-\u249b"
_OPENS_ITEM = (r"(?: ?(?:\d{1,2}[.、)](?!\d)|[一二三四五六七八九十]{1,3}[、是要.)]|\((?:\d{1,2}|[一二三四五六七八九十]{1,3})\)"
               r"|第[一二三四五六七八九十]|#{1,6} |[*+-] |[" + _BULLET + r"])| ?\n| ?$)")
# Markdown left in a copied text: bold stars (**1389万元**), the # of a heading and the
# bullet of a list item (• · - *) are deleted, so that they do not stand between a number
# and its unit or a word, nor before the columns of a table's header.
# (Written to open with a literal, so the engine jumps from star to star and from line break
# to line break; the marker of a first line is matched apart.)
_LINE_MARK = r" *(?:#{1,6} |[*+-] |[·•●◆■▪►➢])"
_STARS = re.compile(r"\*\*+")
_MARKDOWN = re.compile(r"\n(" + _LINE_MARK + ")")
_FIRST_MARK = re.compile(_LINE_MARK)
_BREAK = re.compile(r"\n(?:(?<=[^\n。!?;:]\n)(?!" + _OPENS_ITEM + r")|(?<=[\d一二三四五六七八九十]\n)(?=[^\n ]))")
_MIN_WRAPPED_LINE = 30
_SENTENCE_END = "。!?;:"
# A break between a digit and one of these is always a wrap (1389\n万元).
_UNIT_START = frozenset("万亿千元人户名")
# A line of a table pasted as text is no wrapped prose: it ends in two or more numbers
# parted by spaces (城市低保支出 万元 22,273.8 19,297.7 15.42), or it is followed by a
# row of cells parted by '|' (a break before a line that does not open with '|' is a
# long cell wrapped inside its row).
_TABLE_LINE = re.compile(r"\d[ \t]+-?\d[\d,.]*%?[ \t]*$")


# A tab after a space or after the punctuation of prose (一是，\t加强) is an indent or a
# copy artefact; only a tab after the text of a cell (城市低保\t1243) parts two cells.
_CELL_TAB = re.compile("(?<=[^\n\r \t\u3000\xa0,，。;；:：、])\t")


def _has_cell_tab(original: str, start: int, end: int) -> bool:
    """Does ``original[start:end]`` (one line) part two cells with a tab?"""
    return "\t" in original[start:end] and _CELL_TAB.search(original, start, end) is not None


# A number cut by a break (共有12\n345人): it opens glued to the words before it and goes on
# with digits glued to a unit. Read apart, 345人 would be a wrong value; a table flattened
# one cell a line (合计\n1335\n990) has lines of bare numbers, not this.
_NUMBER_HEAD = re.compile(r"[\u3400-\u9fff]\d[\d,.]*$")
_NUMBER_TAIL = re.compile(r"\d[\d,.]*[万亿千元人户名]")


def _cut_number(text: str, line_start: int, s: int) -> bool:
    """Is the break at ``s`` (after a digit) inside a number of prose glued to its unit?"""
    return (text[s + 1:s + 2].isdigit() and _NUMBER_TAIL.match(text, s + 1) is not None
            and _NUMBER_HEAD.search(text, max(line_start, s - 24), s) is not None)


_NEXT_ROW = re.compile(r" *\|")
# a space after a lone Chinese character and before another (低 保 工 作: spaced out), not
# a space between words (资金支出 低保户数: the columns of a header)
_CJK_GAP = re.compile(r" (?<=(?<![\u3400-\u9fff])[\u3400-\u9fff] )(?=[\u3400-\u9fff])")


def _table_break(original: str, translated: str, line_start: int, s: int) -> bool:
    """Is the break at ``s`` one between rows of a table (kept however long the line)?"""
    line = translated[line_start:s]
    # a line with a tab between cells is a table row, not wrapped prose (the tab is in the original)
    if _has_cell_tab(original, line_start, s):
        return True
    # so is a line of one cell closed by '|' (a table flattened one cell a line); a row of
    # '|' cells not closed by '|' is unfinished: its next line goes on it, '|' or not
    opens, closes = line.lstrip().startswith("|"), line.rstrip().endswith("|")
    if _NEXT_ROW.match(translated, s + 1) is not None and (closes or not opens) or closes and not opens:
        return True
    # a line ending in numbers parted by spaces is a row, and no line runs on into such a row
    end = translated.find("\n", s + 1)
    following = translated[s + 1:end if end >= 0 else len(translated)]
    return any(" " in x and _TABLE_LINE.search(x) is not None for x in (line, following))


def _hidden_length(hidden: list[tuple[int, int]], starts: list[int], start: int, end: int) -> int:
    """How many characters of ``start:end`` the sorted spans ``hidden`` cover (``starts``: theirs)."""
    total = 0
    k = bisect_left(starts, start)
    while k < len(hidden) and hidden[k][0] < end:
        total += min(hidden[k][1], end) - hidden[k][0]
        k += 1
    return total


def _wrap_breaks(original: str, translated: str, hidden: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The line breaks of ``translated`` that are hard wraps inside a paragraph (to delete).

    ``hidden`` (sorted spans that are deleted: pinyin glosses, markdown stars) do not count
    in the length of the first line: a title with glosses or in bold is no longer for them.
    (Further down they do: a paragraph wrapped by its raw length, glosses and all, is wrapped
    prose however many of its characters are glosses.)"""
    deletions: list[tuple[int, int]] = []
    hidden_starts = [h[0] for h in hidden]
    field_line = webcopy.field_line()
    last_joined = -1
    logical_start = 0
    for m in _BREAK.finditer(translated):
        s = m.start()
        line_start = translated.rfind("\n", 0, s) + 1
        # a line whose own break before it was a wrap continues a long line: however short
        # (the rest of a wrapped line), it is no title or heading line
        if line_start - 1 != last_joined:
            logical_start = line_start
        glued_unit = translated[s - 1].isdigit() and (translated[s + 1:s + 2] in _UNIT_START
                                                      or _cut_number(translated, line_start, s))
        # an indented line starts a paragraph, except in a row of '|' cells (a wrapped cell)
        if translated.startswith("  ", s + 1) and not translated[line_start:s].lstrip().startswith("|"):
            continue
        # so does a field of the page (来源:, 责任编辑:, 原标题:)
        if field_line.match(translated, s + 1) is not None:
            continue
        table_row = _table_break(original, translated, line_start, s)
        # (the spaces of a line spaced out character by character do not count: a title
        # written 低 保 工 作 is no longer for them)
        length = s - logical_start
        if hidden and logical_start == 0:
            length -= _hidden_length(hidden, hidden_starts, logical_start, s)
        if " " in translated[logical_start:s]:
            length -= len(_CJK_GAP.findall(translated, logical_start, s))
        long_line = length >= _MIN_WRAPPED_LINE
        # (spaces a page left at the end of a line do not hide the full stop before them)
        end_char = translated[s - 1] if translated[s - 1] != " " else translated[line_start:s].rstrip(" ")[-1:]
        if (glued_unit or (long_line and not table_row)) and end_char not in _SENTENCE_END:
            deletions.append((s, s + 1))
            last_joined = s
    return deletions


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The normalized text and the segments that map it back to the original."""

    text: str
    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]

    def to_original(self, pos: int) -> int:
        """Map a position of the normalized text to the original text."""
        k = bisect_right(self.norm_starts, pos) - 1
        return self.orig_starts[k] + (pos - self.norm_starts[k])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span; the end follows the last kept character."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def normalize(original: str) -> NormalizedText:
    """Return the cleaned copy of ``original`` used by all later stages."""
    if not webcopy.needed(original):
        return _normalize(original)
    # What a web page leaves (CRLF line ends, invisible characters, HTML tags and entities)
    # is undone before the other rules run, so they see the lines a reader of the page sees
    # (mapping \r to \n 1:1 made every CRLF line end a blank line, a paragraph break that
    # stopped the joining of wrapped lines). See :mod:`etl.extract.webcopy`.
    text, deletions = webcopy.edits(original)
    first = _delete(text, deletions)
    return _compose(first, _normalize(first.text))


def _compose(first: NormalizedText, second: NormalizedText) -> NormalizedText:
    """The map of ``second`` (a normalization of ``first.text``) back to ``first``'s original."""
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    inner = first.norm_starts
    count = len(second.norm_starts)
    for k in range(count):
        ns, os_ = second.norm_starts[k], second.orig_starts[k]
        norm_starts.append(ns)
        orig_starts.append(first.to_original(os_))
        # the segments of `first` that begin inside this one split it
        limit = os_ + second.norm_starts[k + 1] - ns if k + 1 < count else len(first.text) + 1
        j = bisect_right(inner, os_)
        while j < len(inner) and inner[j] < limit:
            norm_starts.append(ns + inner[j] - os_)
            orig_starts.append(first.orig_starts[j])
            j += 1
    return NormalizedText(second.text, tuple(norm_starts), tuple(orig_starts))


def _normalize(original: str) -> NormalizedText:
    """:func:`normalize` of a text without CRLF line ends."""
    translated = original
    # A report uses a handful of the mapped characters, each many times (every
    # full-width comma): one C-level replace per character present beats a
    # Python callback per occurrence. The map is 1:1 and no target is a source.
    for ch in set(_TO_TRANSLATE.findall(original)):
        translated = translated.replace(ch, _MAP[ch])
    if "〇" in translated or "零" in translated or "一九" in translated:
        translated = _CN_YEAR.sub(lambda m: m.group().translate(_CN_YEAR_DIGITS), translated)
    if "." in translated:
        translated = _HALF_STOP.sub("。", translated)
    # Traditional characters -> simplified (1:1); pinyin glosses (發(fā)放) are deleted below.
    translated, glosses = simplify_document(translated)
    deletions: list[tuple[int, int]] = list(glosses)
    if "**" in translated:
        deletions.extend(m.span() for m in _STARS.finditer(translated))
    deletions.extend(m.span(1) for m in _MARKDOWN.finditer(translated))
    first_mark = _FIRST_MARK.match(translated)
    if first_mark is not None:
        deletions.append(first_mark.span())
    hidden = sorted(deletions)
    n = len(translated)
    for m in _SPACES.finditer(translated):
        s, e = m.span()
        before = translated[s - 1] if s > 0 else ""
        after = translated[e] if e < n else ""
        if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            if e - s > 1:
                deletions.append((s + 1, e))
            continue
        deletions.append((s, e))
    breaks = _wrap_breaks(original, translated, hidden)
    norm = _delete(translated, deletions + breaks)
    if breaks and "(" in norm.text:
        # a gloss cut by a wrap (農(nó\nng), 農\n(nóng)) is whole once the wrap is joined
        cut_glosses = gloss_spans(norm.text)
        if cut_glosses:
            return _compose(norm, _delete(norm.text, cut_glosses))
    return norm


def _delete(text: str, deletions: list[tuple[int, int]]) -> NormalizedText:
    """``text`` without the spans ``deletions`` (they may overlap), with its map back to ``text``."""
    if not deletions:
        return NormalizedText(text, (0,), (0,))
    deletions.sort()
    parts: list[str] = []
    norm_starts = [0]
    orig_starts = [0]
    pos = 0
    norm_len = 0
    for s, e in deletions:
        if s < pos:  # overlapping deletions (a space run touching a break)
            s = pos
            if e <= s:
                continue
        parts.append(text[pos:s])
        norm_len += s - pos
        pos = e
        norm_starts.append(norm_len)
        orig_starts.append(e)
    parts.append(text[pos:])
    return NormalizedText("".join(parts), tuple(norm_starts), tuple(orig_starts))
