"""Page chrome: the lines a web site prints around the report it shows.

A report copied from a web page keeps the site's navigation (首页|政务公开|走进本市), its
breadcrumb (当前位置:首页>政务公开), the date and source line (发布时间:2024-03-05 来源:...
浏览次数:12) and its footer (【打印本页】, 上一篇/下一篇 links, 主办单位 / 版权所有 / ICP备
lines). These lines speak for the site, not for the report:

* a level word in the navigation (走进本市) is no word the report uses for itself, and a
  place on a footer's host line (主办单位:X市人民政府办公室) names the site's owner, which
  may be any office that reposts the report: neither may outvote the title and the body.
  The words of navigation, link and host lines do not vote for the report's jurisdiction;
  a place the navigation or a host line names is only a hint, like the web address's
  (您的位置:武隆网>..., 高邮市融媒体中心 主办). Field lines (来源:济南日报, 作者) are the page's
  facts about the report and vote as before;
* a date field is the page's date, which a repost gives long after its report's: it is
  weighed against the body's years (:func:`etl.extract.dates.publication_date`);
* a year in a link (上一篇:2019年...) is no year of the body;
* the footer is not the report's tail: the signature (X民政局 2024年1月5日) is looked for
  above it.

A chrome line opens with a label of ``seeds/extract/page_chrome.csv`` (position ``start``),
or holds one of its ``any`` words anywhere (版权所有, ICP备, Copyright), and ends no
sentence (no 。): a line of prose that happens to open with 时间 is body. Only the lines
above the body's first sentence and the run of lines closing the text are looked at, so
a line in the middle of a report is never taken for chrome.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from etl import catalogue as ref
from etl.extract.normalize import NormalizedText

# What may follow a label that opens a chrome line: a field separator or the line's end
# (发布时间:, 首页|, 首页>, 【打印本页】, 上一篇 ...), not a word going on (时间紧, 来源于).
_AFTER_LABEL = frozenset(":|>›»】]) /·-")
# What may stand before the first label of a line (bullets, brackets, spaces).
_LEAD = " \t•·*【[(「"
# Only the head's first lines are looked at (a page's field list is at most this long).
_HEAD_LINES = 30


@dataclass(frozen=True, slots=True)
class ChromeWords:
    """The labels of ``seeds/extract/page_chrome.csv``: (label, role) by position."""

    start: tuple[tuple[str, str], ...]  # longest first, so 主办单位 is tried before 主办
    anywhere: tuple[tuple[str, str], ...]
    # ``start`` by the label's first character, in the same order: a line is tried only
    # against the labels it could open with (one look-up instead of a startswith per label)
    by_first: dict[str, tuple[tuple[str, str], ...]]


@ref.cached_per_seeds_dir
def chrome_words() -> ChromeWords:
    """The chrome labels, read once per process (per seeds folder)."""
    start: list[tuple[str, str]] = []
    anywhere: list[tuple[str, str]] = []
    for row in ref.read_csv("extract/page_chrome.csv"):
        label, role = row["label"].strip(), row["role"].strip()
        (anywhere if row["position"].strip() == "any" else start).append((label.lower(), role))
    start.sort(key=lambda lr: -len(lr[0]))
    by_first: dict[str, tuple[tuple[str, str], ...]] = {}
    for label, role in start:
        if label:  # (a blank row of the CSV labels nothing)
            by_first[label[0]] = (*by_first.get(label[0], ()), (label, role))
    return ChromeWords(tuple(start), tuple(anywhere), by_first)


def line_role(line: str, words: ChromeWords | None = None) -> str | None:
    """The role of a chrome line, None for a line of the report: ``field`` (发布时间, 来源, 作者:
    the page's facts about the report), ``nav`` (首页|..., 当前位置:...: the site's navigation),
    ``link`` (上一篇, 【打印本页】: links to other pages) or ``site`` (主办单位:..., ... 版权所有:
    the site's owner)."""
    if "。" in line:
        return None
    words = words or chrome_words()
    s = line.lstrip(_LEAD).lower()
    if not s:
        return None
    role: str | None = None
    for label, r in words.by_first.get(s[0], ()):
        if s.startswith(label) and (len(s) == len(label) or s[len(label)] in _AFTER_LABEL):
            role = r
            break
    for label, r in words.anywhere:
        if label in s:
            return r
    return role


# Roles whose words speak for the site, not the report: they do not vote for its jurisdiction.
_UNVOTED = frozenset({"nav", "link", "site"})
# Roles that name the site itself (its breadcrumb 您的位置:武隆网>..., its owner): a hint.
_SITE = frozenset({"nav", "site"})


def _covers(spans: tuple[tuple[int, int], ...], pos: int) -> bool:
    k = bisect_right(spans, (pos, _FAR)) - 1
    return k >= 0 and pos < spans[k][1]


@dataclass(frozen=True, slots=True)
class Chrome:
    """The chrome lines of a text (spans: line start, line end, in text order), the ones among
    them that speak for the site, and where the report's own text begins and ends."""

    spans: tuple[tuple[int, int], ...]
    unvoted: tuple[tuple[int, int], ...]  # navigation, links and host lines
    sites: tuple[tuple[int, int], ...]  # navigation and host lines
    body_start: int  # the end of the last chrome line above the body's first sentence (0: none)
    body_end: int  # where the closing run of chrome lines starts (the text's length: none)

    def covers(self, pos: int) -> bool:
        """Whether ``pos`` lies on a chrome line."""
        return _covers(self.spans, pos)

    def votes(self, pos: int) -> bool:
        """Whether a word at ``pos`` is the report's: not on a line that speaks for the site."""
        return not _covers(self.unvoted, pos)

    def names_site(self, pos: int) -> bool:
        """Whether ``pos`` lies on a line naming the site (its navigation, its owner)."""
        return _covers(self.sites, pos)


_FAR = 1 << 62
# The closing run of chrome lines is looked for among the text's last lines only.
_TAIL_LINES = 30


def joined_breaks(original: str, norm: NormalizedText) -> list[int]:
    """Positions of ``norm.text`` where :func:`~etl.extract.normalize.normalize` deleted a line
    break of ``original`` (a line of 30 characters or more that ends in no punctuation is
    joined to the next as a hard wrap: 发布时间:... 浏览次数:12 with the title under it)."""
    out: list[int] = []
    starts, origs = norm.norm_starts, norm.orig_starts
    for k in range(1, len(starts)):
        deleted_from = origs[k - 1] + (starts[k] - starts[k - 1])
        gap = original[deleted_from:origs[k]]
        if "\n" in gap or "\r" in gap:
            out.append(starts[k])
    return out


def _lines(text: str, start: int, end: int, joins: list[int]) -> list[tuple[int, int]]:
    """The lines of text[start:end], also cut where a line break of the original was joined."""
    out: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        s, e = pos, pos + len(line)
        k = bisect_right(joins, s)
        while k < len(joins) and joins[k] < e:
            out.append((s, joins[k]))
            s = joins[k]
            k += 1
        out.append((s, e))
        pos = e + 1
    return out


def page_chrome(text: str, joins: list[int] | None = None) -> Chrome:
    """The chrome lines above the body's first sentence and closing the text (see module
    docstring); ``joins``: the positions where the original's line breaks were joined
    (:func:`joined_breaks`), so that a chrome line joined to the title or the body is still one."""
    words = chrome_words()
    joins = joins or []
    head: list[tuple[int, int, str]] = []
    head_end = -1
    for _ in range(_HEAD_LINES):
        head_end = text.find("\n", head_end + 1)
        if head_end < 0:
            break
    for start, end in _lines(text, 0, head_end if head_end >= 0 else len(text), joins)[:_HEAD_LINES]:
        line = text[start:end]
        if "。" in line:
            break
        role = line_role(line, words)
        if role is not None:
            head.append((start, end, role))
    floor = head[-1][1] if head else 0
    tail_start = len(text)
    for _ in range(_TAIL_LINES):
        tail_start = text.rfind("\n", floor, tail_start)
        if tail_start < 0:
            break
    tail_start = max(tail_start + 1, floor)
    tail: list[tuple[int, int, str]] = []
    body_end = len(text)
    for start, end in reversed(_lines(text, tail_start, len(text), joins)):  # from the last line up
        line = text[start:end]
        if line.strip():
            role = line_role(line, words)
            if role is None:
                break
            tail.append((start, end, role))
            body_end = start
    lines = head + tail[::-1]
    return Chrome(tuple((s, e) for s, e, _ in lines), tuple((s, e) for s, e, r in lines if r in _UNVOTED),
                  tuple((s, e) for s, e, r in lines if r in _SITE), floor, body_end)
