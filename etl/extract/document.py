"""Stage 3: what the document says about itself.

Title, publisher (发布机构 / 信息来源 / 来源), publication date (发布时间,
成文日期, a date line, the signature date), the signature organisation
(枞阳县民政局), the report period (from the title: 2024年工作总结, 2023年上半年,
2023年6月, 十三五; else the opening 2024年,; else the publication year) and the
sections whose figures are plans (二、2025年工作计划 -> status target).
Metadata given with the file (``--meta``) wins over what is inferred here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from etl.extract.catalogue import Place, Token, Vocabulary
from etl.extract.chrome import Chrome, line_role, page_chrome
from etl.extract.dates import HEADER_DATE, page_date, parse_date, publication_date
from etl.extract.periods import PeriodGrammar, ReportTime, year_span
from etl.extract.report_time import report_time
from etl.extract.places import infer_home

_PUBLISHER = re.compile(
    r"(?:发布机构|信息来源|新闻来源|发布单位|发文机关|来源|稿源)\s*[:|]\s*[|]?\s*"
    r"([^\s|,。:]{2,30}?)(?=阅读|编辑|作者|字体|发布|时间|浏览|日期|来源|[\s|,。:]|$)"
)
# A newspaper or a news site as the source (来源:福建日报·新福建客户端) reports on places
# across its area: it is evidence for the vote, not the report's own jurisdiction.
_MEDIA_SOURCE = re.compile(r"(?:日报|晚报|早报|商报|客户端|新闻网|电视台|广播|新华社|人民网)")
_SIGNATURE_ORG = r"(?:民政局|民政厅|人民政府|办公室|财政局|委员会)"
_SIGNATURE_DATE = r"\s*\n?\s*((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)"
_SIGNATURE = re.compile(r"([\u4e00-\u9fff]{2,24}" + _SIGNATURE_ORG + ")" + _SIGNATURE_DATE)
# What every signature ends with, searched for first: the engine skips to its first characters
# in C, while _SIGNATURE tries up to 24 name lengths at every Chinese character of the tail.
_SIGNATURE_END = re.compile(_SIGNATURE_ORG + _SIGNATURE_DATE)
_HEAD_CHARS = 800  # the publisher field is looked for in the head ...
_TAIL_CHARS = 300  # ... and the signature in the tail
# A metadata line holds one of these words anywhere ...
# (Two patterns: one whose alternatives all open with a literal, which the engine skips to in C,
# and one matched at the line's start only; in one pattern the anchored alternatives made the
# engine try the whole alternation at every character.)
_META_WORDS = re.compile(r"来源|发布时间|发布机构|索引号|成文日期|编辑|作者|阅读次数|浏览"
                         # a breadcrumb (我的位置: 首页 > 要闻 > 正文, 人民网>>内蒙古频道)
                         r"|当前位置|我的位置|您的位置|首页\s*[>›»]|>>")
# ... or opens with a date, or is an addressee line of a notice (各县、市、区人民政府:)
_META_OPENING = re.compile(r"\s*(?:19|20)\d{2}[-年]\d{1,2}[-月]\d{1,2}"
                           r"|\s*各[^。:]{1,40}:\s*$|\s*各[^。:]{1,40}(?:人民政府|局|单位|部门)[^。:]{0,20}:")
_TITLE_LINES = 30
# A field label alone on its line (索引号, 发布机构) is at most this long.
_FIELD_LABEL_MAX = 6
# A title has a few Chinese characters: a line of a code, a date or a site name (人民网) is none.
_MIN_TITLE_CJK = 5
# (at least _MIN_TITLE_CJK of them, found in C without listing every one of a long line)
_TITLE_CJK = re.compile("(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){%d}" % _MIN_TITLE_CJK)
# A run-on first line that opens like a sentence of the body (根据《...》, 为了...) has no title.
_BODY_OPENING = re.compile(r"\s*(?:根据|按照|依据|为了|为进一步|经|近日|日前|今年以来)")
_DOC_TYPES = r"(?:总结|计划|打算|安排|报告|通知|公告|说明|情况|意见|方案|通报|公示)"
_TITLE_HEAD = re.compile(r"[^。,!?]{4,60}?" + _DOC_TYPES + r"(?:[^。,!?\d]{0,3}\d{4}年[^。,!?\d]{0,12}?" + _DOC_TYPES + r")?")
# One year named by a section heading (not 2017年以来, 2020年5月)
_HEADING_YEAR = re.compile(r"((?:19|20)\d{2})年(?:度)?(?!以来|起|\d|月|至|-|~)")
_HEADING = re.compile(r"(?m)^[ \t]*(?P<marker>[一二三四五六七八九十]+、|[((][一二三四五六七八九十]+[))]|\d+[、.]|--)?(?P<body>[^\n。]{0,40})$")


@dataclass(slots=True)
class DocContext:
    """Document-level facts used by every figure of the document."""

    title: str | None
    title_span: tuple[int, int] | None
    publisher: str | None
    published: date | None
    home: Place | None
    time: ReportTime | None
    target_spans: list[tuple[int, int]] = field(default_factory=list)
    # sections whose heading names a year (一、2018年工作回顾, 二、2025年工作计划): (start, end, time)
    section_times: list[tuple[int, int, ReportTime]] = field(default_factory=list)

    def time_at(self, pos: int) -> ReportTime | None:
        """The time relative words refer to at ``pos``: its section's year, else the report's."""
        for s, e, t in self.section_times:
            if s <= pos < e:
                return t
        return self.time

    def status_at(self, pos: int) -> str:
        """``target`` inside a plan section, else ``actual``."""
        for s, e in self.target_spans:
            if s <= pos < e:
                return "target"
        return "actual"


def find_title(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first short line that is not a metadata line."""
    pos = 0
    after_label = False
    # a page's field list (索引号, 发布机构 ...) can run to a dozen lines above the title
    for n, line in enumerate(text.split("\n", _TITLE_LINES + 1)):  # (the lines after are never read)
        start = pos
        pos += len(line) + 1
        if n > _TITLE_LINES:
            break
        s = line.strip().lstrip("•·").strip()
        if not s:
            continue
        if _META_WORDS.search(s) is not None or _META_OPENING.match(s) is not None:
            # a field label alone on its line (发布机构): the next line is its value
            after_label = len(s) <= _FIELD_LABEL_MAX
            continue
        if line_role(s) is not None:  # the site's navigation or another chrome line (首页|政务公开|...)
            after_label = False
            continue
        if after_label or _TITLE_CJK.match(s) is None:
            after_label = False
            continue
        if len(s) > 70 or ("。" in s and len(s) > 40):
            # a run-on first line (title, date and body without line breaks): the title is
            # its head up to a document-type word (not one inside a cited 《document title》)
            tm = None if _BODY_OPENING.match(s) else _TITLE_HEAD.match(s)
            if tm and tm.group().count("《") > tm.group().count("》"):
                tm = None
            if tm:
                off = line.find(s)
                return tm.group(), (start + off, start + off + tm.end())
            return None
        off = line.find(s)
        title = re.sub(r"^原标题[:]", "", s)
        return title, (start + off, start + off + len(s))
    return None


@dataclass(frozen=True, slots=True)
class Heads:
    """What the head and tail of a report say about it, read once per document (the
    jurisdiction vote and :func:`analyze` both ask): its title line, publisher field and
    signature (the last one in the tail; spans are positions in the text)."""

    title: tuple[str, tuple[int, int]] | None
    publisher: re.Match[str] | None
    signature: re.Match[str] | None
    chrome: Chrome  # the site's lines around the report (:func:`~etl.extract.chrome.page_chrome`)


def read_heads(text: str, joins: list[int] | None = None) -> Heads:
    """Find the title line (:func:`find_title`), the publisher field, the page chrome and the
    signature of ``text`` (the last one in the tail above the site's footer); ``joins``: where
    normalization joined the original's lines (:func:`~etl.extract.chrome.joined_breaks`)."""
    chrome = page_chrome(text, joins)
    end = chrome.body_end
    tail_off = max(0, end - _TAIL_CHARS)
    sig = None
    if _SIGNATURE_END.search(text, tail_off, end) is not None:  # (no signature ends in the tail: none starts there)
        for sig in _SIGNATURE.finditer(text, tail_off, end):
            pass
    return Heads(find_title(text), _PUBLISHER.search(text, 0, _HEAD_CHARS), sig, chrome)


def strong_spans(text: str, heads: Heads | None = None) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """Spans of the publisher field and the signature organisation, and the title span
    (``heads``: :func:`read_heads` of the text, when already read)."""
    if heads is None:
        heads = read_heads(text)
    strong: list[tuple[int, int]] = []
    pm = heads.publisher
    if pm and not _MEDIA_SOURCE.search(pm.group(1)):
        strong.append(pm.span(1))
    if heads.signature is not None:
        strong.append(heads.signature.span(1))
    return strong, (heads.title[1] if heads.title else None)


def analyze(vocab: Vocabulary, periods: PeriodGrammar, text: str, *, title: str | None = None,
            published: date | None = None, home: Place | None = None,
            tokens: list[Token] | None = None, home_hint: Place | None = None,
            url: str | None = None, weak_hints: list[list[Place]] | None = None,
            heads: Heads | None = None) -> DocContext:
    """Build the document context; explicit ``title``/``published``/``home`` win.

    ``home_hint`` is the place the report's web address names, used only when the
    text does not settle the jurisdiction (see :func:`~etl.extract.places.infer_home`), and
    ``weak_hints`` the loose readings of it, taken only when nothing else is found; the
    date in its ``url`` is the publication date when neither metadata nor text give one. A
    date of the page dates the report's relative words (今年) only when its body does not
    contradict it (a repost's date: see :func:`~etl.extract.dates.publication_date`); the
    site's lines around the report do not vote for its jurisdiction (:mod:`~etl.extract.chrome`).
    ``heads`` is :func:`read_heads` of the text when the caller has read it already.
    """
    if heads is None:
        heads = read_heads(text)
    head = text[:_HEAD_CHARS]
    found = heads.title
    title_span = found[1] if found else None
    if title is None and found:
        title = found[0]
    pm = heads.publisher
    publisher = pm.group(1) if pm else None
    sig = heads.signature
    reference = published  # the date the report speaks from (今年): the given date, else weighed below
    if published is None:
        _, links = page_date(text, head)
        # a date on one of the first lines, but not one a body sentence cites (现行标准是2013年7月1日起执行的)
        first_lines = "\n".join(line for line in head.split("\n")[:3]
                                if "。" not in line and not (links and HEADER_DATE.search(line)))
        published, reference = publication_date(text, head, heads.chrome, parse_date(sig.group(2)) if sig else None,
                                                first_lines, url)
    if home is None:
        strong, _ = strong_spans(text, heads)
        home = infer_home(vocab, text, strong, title_span, tokens, hint=home_hint, weak=weak_hints,
                          chrome=heads.chrome)
    time = report_time(periods, text, title, reference, heads.chrome)
    ctx = DocContext(title, title_span, publisher, published, home, time)
    ctx.target_spans, ctx.section_times = _plan_sections(vocab, text, title_span, reference)
    return ctx


def _section_status(vocab: Vocabulary, body: str) -> str | None:
    """``actual`` when a heading names a review (工作总结), else ``target`` when it names a plan
    (工作计划), else None."""
    status = None
    for word, st in vocab.sections.items():
        if word in body:
            if st == "actual":
                return "actual"
            status = "target"
    return status


# A paragraph that announces a plan and ends where a numbered list begins
# (提出了2017年将全力办好十件民生实事。\n1、...): the list is the plan.
_PLAN_ANNOUNCEMENT = re.compile(r"(?:将|计划|拟|力争|要)[^。\n]{0,30}$")
_LIST_START = re.compile(r"\n[ \t]*(?:\d+[、.]|[一二三四五六七八九十]+、|[((][一二三四五六七八九十\d]+[))])")


def _announced_plans(vocab: Vocabulary, text: str) -> list[tuple[int, int]]:
    """Spans of numbered lists that a paragraph ending in a plan word announces (see above)."""
    spans: list[tuple[int, int]] = []
    for word, status in vocab.sections.items():
        if status != "target":
            continue
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            line_start = text.rfind("\n", 0, at) + 1
            sentence_start = max(line_start, text.rfind("。", 0, at) + 1)
            if (text.startswith("。", end) and _PLAN_ANNOUNCEMENT.search(text, sentence_start, at)
                    and _LIST_START.match(text, end + 1)):
                nxt = text.find("\n\n", end + 1)  # the list runs to the next blank line
                spans.append((end + 1, nxt if nxt >= 0 else len(text)))
            at = text.find(word, end)
    return spans


def _plan_sections(vocab: Vocabulary, text: str, title_span: tuple[int, int] | None,
                   published: date | None = None) -> tuple[list[tuple[int, int]], list[tuple[int, int, ReportTime]]]:
    """Spans of plan sections (from a plan heading to the next heading of its rank that is not
    a plan), and the sections whose numbered heading names one year, with that year's time."""
    headings: list[tuple[int, str, str, int | None]] = []  # (start, marker style, status, heading year)
    for m in _HEADING.finditer(text):
        if title_span and m.start() <= title_span[0] < m.end() + 1:
            continue
        body = m.group("body") or ""
        if not body.strip():
            continue
        status = _section_status(vocab, body)
        if status is None and not m.group("marker"):
            continue
        marker = m.group("marker") or ""
        style = ("dash" if marker == "--" else "cn" if marker.endswith("、") and not marker[0].isdigit()
                 else ("paren" if marker.startswith(("(", "(")) else ("num" if marker else "none")))
        ym = _HEADING_YEAR.search(body) if marker else None
        headings.append((m.start(), style, status or "other", int(ym.group(1)) if ym else None))
    spans = []
    # A title that names a plan and no review (2024年民政工作要点, not 2023年工作总结和2024年工作计划):
    # the whole document is the plan.
    if title_span and _section_status(vocab, text[title_span[0]:title_span[1]]) == "target":
        spans.append((title_span[0], len(text)))
    spans.extend(_announced_plans(vocab, text))
    times: list[tuple[int, int, ReportTime]] = []
    for i, (start, style, status, year) in enumerate(headings):
        if year is not None:
            end = next((s2 for s2, st2, _, _ in headings[i + 1:] if st2 == style), len(text))
            times.append((start, end, ReportTime(*year_span(year), published)))
        if status != "target":
            continue
        end = len(text)
        if style != "none":
            for start2, style2, status2, _ in headings[i + 1:]:
                if style2 == style and status2 != "target":
                    end = start2
                    break
        spans.append((start, end))
    return spans, times
