"""What a web page leaves in a copied text, undone before the rules of the normalize stage.

A report saved from a page or pasted from its source carries CRLF line ends, characters
nobody sees (zero-width spaces, soft hyphens, a byte order mark), HTML tags (<p>, <br>,
<span style=...>) and entities (&nbsp;, twice escaped &amp;nbsp;, &#160;, &ldquo;).
:func:`edits` says how to undo them with the two kinds of edit that keep a map back to
the original (see :mod:`etl.extract.normalize`): characters replaced one for one, and
spans deleted. The normalize stage applies them first, so its rules (spaces, wrapped
lines, list items) see the text a reader of the page sees:

- the ``\\r`` of a CRLF line end and every invisible character are deleted (inside a
  word or a number they are nothing: 12\\u200b345 is 12345);
- a space entity is one space (its ``&`` becomes a space, the rest is deleted), so it
  indents a line and parts a date from a time as U+00A0 does;
- a block tag (<p>, </p>, <br>, <div>, <li>, <tr>...) inside a line of text is a line
  break, as the page shows it (its ``<`` becomes a line break; a run of tags makes one);
  at the start or the end of a line, and every other tag (<span>, <strong>, <font>),
  it is deleted, so a tag inside a sentence does not cut a number from its unit;
- other entities (&amp;, &lt;, &ldquo;, &mdash;) are deleted.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from etl import catalogue as ref

# Characters that a web page carries but nobody sees: zero-width space, non-joiner and
# joiner, word joiner, byte order mark, soft hyphen, direction marks.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\xad\u200e\u200f]")

# A space written as an entity: named, twice escaped, a number of a space (&#160; &#x3000;),
# or a named one without its ';' (&nbsp发放).
_SPACE_CODE = r"#(?:160|8194|8195|8201|8203|12288|65279|x0*(?:a0|2002|2003|2009|200b|3000|feff))"
_SPACE_ENTITY = r"&(?:amp;)*(?:(?:nbsp|ensp|emsp|thinsp);?|" + _SPACE_CODE + ";)"
_OTHER_ENTITY = r"&(?:amp;)*(?:amp|lt|gt|quot|apos|[lr][ds]quo|mdash|ndash|middot|bull|hellip);"
_TAG = r"</?(?P<tag>[A-Za-z][A-Za-z0-9]*)(?:[\s/][^<>\n]{0,300})?>"
_MARKUP = re.compile(f"(?P<space>{_SPACE_ENTITY})|(?P<entity>{_OTHER_ENTITY})|{_TAG}", re.IGNORECASE)
# Tags that end a line of text on the page.
_BLOCK_TAGS = frozenset("p br div li tr td th h1 h2 h3 h4 h5 h6 table tbody ul ol dd dt section article".split())


def needed(text: str) -> bool:
    """Does ``text`` hold anything :func:`edits` undoes? (A cheap test: most reports do not.)"""
    return ("\r\n" in text or _INVISIBLE.search(text) is not None
            or (("&" in text or "<" in text) and _MARKUP.search(text) is not None))


def edits(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with characters replaced one for one, and the spans of it to delete."""
    deletions = [(p, p + 1) for p in _positions(text, "\r\n")]
    deletions.extend(m.span() for m in _INVISIBLE.finditer(text))
    if "&" not in text and "<" not in text:
        return text, deletions
    found = list(_MARKUP.finditer(text))
    if not found:
        return text, deletions
    chars = list(text)
    breaks = _positions(text, "\n")
    content = _content_bounds(text, found, breaks)
    joined_to = -1  # end of the last block tag made a line break (a run of tags makes one)
    for m in found:
        s, e = m.span()
        if m.group("space") is not None:
            chars[s] = " "
            deletions.append((s + 1, e))
        elif m.group("entity") is None and m.group("tag").lower() in _BLOCK_TAGS and _inside(content, breaks, s, e):
            if joined_to < 0 or text[joined_to:s].strip():
                chars[s] = "\n"
                deletions.append((s + 1, e))
            else:
                deletions.append((s, e))
            joined_to = e
        else:
            deletions.append((s, e))
    return "".join(chars), deletions


def _line_start(breaks: list[int], pos: int) -> int:
    """Start of the line holding ``pos`` (``breaks``: the positions of the line breaks)."""
    k = bisect_left(breaks, pos)
    return breaks[k - 1] + 1 if k > 0 else 0


def _content_bounds(text: str, found: list[re.Match[str]], breaks: list[int]) -> dict[int, tuple[int, int]]:
    """For each line holding markup (by its start): where its text that is no markup or
    space begins and ends (as positions of ``text``); lines of markup alone are left out."""
    bounds: dict[int, tuple[int, int]] = {}
    masked = list(text)
    for m in found:
        s, e = m.span()
        masked[s:e] = " " * (e - s)
    plain = "".join(masked)
    for line_start in sorted({_line_start(breaks, m.start()) for m in found}):
        end = plain.find("\n", line_start)
        end = len(plain) if end < 0 else end
        line = plain[line_start:end]
        stripped = line.strip()
        if stripped:
            first = line_start + len(line) - len(line.lstrip())
            bounds[line_start] = (first, first + len(stripped))
    return bounds


def _inside(content: dict[int, tuple[int, int]], breaks: list[int], s: int, e: int) -> bool:
    """Is the markup at ``s:e`` between two pieces of text of its line?"""
    bounds = content.get(_line_start(breaks, s))
    return bounds is not None and bounds[0] < s and e <= bounds[1]


@lru_cache(maxsize=1)
def field_line() -> re.Pattern[str]:
    """A line that opens with the label of a page's field and a colon (来源:, 责任编辑:,
    (责任编辑:, 原标题:): a line of its own, never the rest of a line wrapped before it.

    The labels are the ``start`` labels of ``seeds/extract/page_chrome.csv`` and those of
    ``seeds/extract/field_labels.csv`` (a repost's notes: 原标题, 转载自); the text is the
    normalized one (ASCII colon and brackets)."""
    labels = {row["label"].strip() for row in ref.read_csv("extract/page_chrome.csv")
              if row["position"].strip() == "start"}
    labels |= {row["label"].strip() for row in ref.read_csv("extract/field_labels.csv")}
    alternatives = "|".join(re.escape(w) for w in sorted(filter(None, labels), key=len, reverse=True))
    return re.compile(r" *[(\[【]?(?:" + alternatives + r") *:")


def _positions(text: str, needle: str) -> list[int]:
    """Where ``needle`` occurs in ``text`` (not overlapping)."""
    found: list[int] = []
    p = text.find(needle)
    while p >= 0:
        found.append(p)
        p = text.find(needle, p + len(needle))
    return found
