"""Decode an HTML page and flatten its visible body text, one block element per line.

The bytes are decoded as text files are (BOM first), then by a declared
multi-byte ``<meta charset>``, then by detection; the body's visible text
follows (scripts, styles and the head dropped), one block element per line,
table cells separated by tabs.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from etl.errors import EmptyInputError, EncodingInputError
from etl.extract.read_common import Decoded
from etl.extract.read_text import BOMS, decode_text

if TYPE_CHECKING:
    from bs4 import PageElement, Tag

__all__ = ["LOOKS_LIKE_HTML", "decode_html"]
# Declared HTML charsets that are really GB18030 subsets; decoding them as
# GB18030 accepts the characters that real-world "gb2312" pages contain anyway.
GB_ALIASES = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "gb18030"})

META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
LOOKS_LIKE_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)

# Sentinels for line and cell breaks while flattening HTML; private-use code
# points, so they cannot collide with the page's own whitespace.
_LINE_MARK = "\ue000"
_CELL_MARK = "\ue001"
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_WRAP = re.compile(f"(?<=[{_CJK}])[ \\t\\r\\f]*\\n\\s*(?=[{_CJK}])")
HTML_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
)
HTML_CELL_TAGS = ("td", "th")
HTML_DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "head", "object")
_BLOCK = frozenset(HTML_BLOCK_TAGS)
_DROPPED = frozenset(HTML_DROPPED_TAGS)
# The mark a walk emits when it leaves an element.
_CLOSING_MARK = {**{tag: _LINE_MARK for tag in HTML_BLOCK_TAGS}, **{tag: _CELL_MARK for tag in HTML_CELL_TAGS}}



def decode_html(data: bytes, path: str) -> tuple[Decoded, str | None]:
    """Decode an HTML page and return its visible body text and title."""
    decoded = _decode_html_bytes(data, path)
    text, title = _html_to_text(decoded.text)
    if not text:
        raise EmptyInputError(path, "no text in the page body")
    return Decoded(text, "html:" + decoded.encoding, decoded.warnings), title


def _decode_html_bytes(data: bytes, path: str) -> Decoded:
    """BOM first, then a declared multi-byte charset, then detection."""
    if any(data.startswith(bom) for bom, _, _ in BOMS):
        return decode_text(data, path)
    declared = _declared_charset(data)
    if declared is not None and declared != "utf-8":
        # A declared single-byte charset decodes anything, so it is trusted
        # only after detection (old Chinese pages often declare iso-8859-1).
        if _is_multibyte(declared):
            try:
                return Decoded(data.decode(declared), declared)
            except UnicodeDecodeError:
                pass
    try:
        return decode_text(data, path)
    except EncodingInputError:
        if declared is None:
            raise
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError as exc:
            raise EncodingInputError(
                path, f"does not decode as its declared charset {declared} nor as utf-8/gb18030"
            ) from exc


def _declared_charset(data: bytes) -> str | None:
    """The codec named by ``<meta charset>`` in the page head, if Python knows it."""
    match = META_CHARSET.search(data[:8192])
    if match is None:
        return None
    label = match.group(1).decode("ascii", errors="ignore").lower()
    if label in GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_multibyte(codec: str) -> bool:
    return codec not in {"latin-1", "iso8859-1", "ascii"} and not codec.startswith(
        ("cp12", "iso8859", "mac-", "cp4", "cp8", "koi8")
    )


def _html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible body text, one block element per line, cells separated by tabs."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    title = None
    if soup.title is not None:
        title = re.sub(r"\s+", " ", soup.title.get_text()).strip() or None
    root = _first_body(soup) or soup
    # A source line break between two Chinese characters renders as nothing
    # (CSS Text 3 segment-break rule); elsewhere whitespace collapses to a space.
    flat = _CJK_WRAP.sub("", _flatten(root))
    flat = re.sub(r"\s+", " ", flat)
    lines = []
    for raw in flat.split(_LINE_MARK):
        cells = [cell.strip() for cell in raw.split(_CELL_MARK)]
        line = "\t".join(cell for cell in cells if cell)
        if line:
            lines.append(line)
    return "\n".join(lines), title


def _flatten(root: Tag) -> str:
    """The visible strings under ``root`` with line and cell marks, in one walk.

    A line mark goes before and after every block element and for every
    ``<br>``, a cell mark after every cell; dropped elements (scripts, styles...)
    are skipped whole, and line breaks inside ``<pre>`` become line marks so
    that whitespace collapsing keeps them. The walk uses its own stack and
    visits each node once, so the work is linear in the page and a deeply
    nested page cannot exhaust the recursion limit. (Marking the tree in place
    with ``insert_after`` walked to each tag's last descendant: quadratic.)
    """
    from bs4 import NavigableString, Tag

    visible = root.interesting_string_types or Tag.MAIN_CONTENT_STRING_TYPES
    pieces: list[str] = []
    in_pre = any(parent.name == "pre" for parent in root.parents)  # a <body> inside a <pre>
    # (element, its remaining children, inside a <pre>?)
    stack: list[tuple[Tag, Iterator[PageElement], bool]] = [(root, iter(root.contents), in_pre)]
    while stack:
        element, children, in_pre = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if element is not root:
                pieces.append(_CLOSING_MARK.get(element.name, ""))
            continue
        if isinstance(child, NavigableString):
            if _is_visible(child, visible):
                pieces.append(child.replace("\n", _LINE_MARK) if in_pre else str(child))
        elif isinstance(child, Tag) and child.name not in _DROPPED:
            if child.name == "br":
                pieces.append(_LINE_MARK)
                continue
            if child.name in _BLOCK:
                pieces.append(_LINE_MARK)
            stack.append((child, iter(child.contents), in_pre or child.name == "pre"))
    return "".join(pieces)


def _first_body(soup: Tag) -> Tag | None:
    """The first ``<body>`` outside the dropped elements (a ``<body>`` inside ``<head>`` is not the page's)."""
    from bs4 import Tag

    stack = [soup]
    while stack:
        element = stack.pop()
        for child in reversed(element.contents):
            if isinstance(child, Tag) and child.name not in _DROPPED:
                stack.append(child)
        if element.name == "body" and element is not soup:
            return element
    return None


def _is_visible(string: PageElement, visible: type | Iterable[type]) -> bool:
    """Is ``string`` of a type that ``get_text`` shows (text and CDATA, not comments)?"""
    if isinstance(visible, type):
        return type(string) is visible
    return type(string) in visible
