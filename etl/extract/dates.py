"""Dates a page gives itself: a date field (发布时间: ...), a dateline, a date in its web address.

Used by :mod:`document` for the publication date; the report period is decided there.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from etl.extract.chrome import Chrome

_DATE = re.compile(r"((?:19|20)\d{2})(?:-|/|\.|年)(\d{1,2})(?:-|/|\.|月)(\d{1,2})日?")
# (a page's field list may put the value on the next line behind a bullet: 发布日期\n • 2016-12-09)
HEADER_DATE = re.compile(
    r"(?:发布时间|发布日期|成文日期|发文日期|更新时间|时间|日期)[\s•·]*[:|]?[\s•·]*[|]?\s*((?:19|20)\d{2}(?:-|/|\.|年)\d{1,2}(?:-|/|\.|月)\d{1,2}日?)"
)
# A dateline: a line that opens with the date and goes on with its time or a field
# (2014-03-13 12:19 来源:..., 2015-07-15 00:00:00 作者:...)
DATELINE = re.compile(r"(?m)^[ \t]*((?:19|20)\d{2}(?:-|/|\.|年)\d{1,2}(?:-|/|\.|月)\d{1,2}日?)[ \t]+"
                      r"(?:\d{1,2}:\d{2}|来源|作者|编辑|发布|浏览|点击)")


# A dateline written day first: 06.01.2016  17:20 (a European date format some sites use)
DOTTED_DATELINE = re.compile(r"(?m)^[ \t]*(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d{2})[ \t]+\d{1,2}:\d{2}")


def dotted_dateline(head: str) -> date | None:
    """The date of a day-first dateline (see :data:`DOTTED_DATELINE`) in the page's head, if any."""
    m = DOTTED_DATELINE.search(head)
    return date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None


def parse_date(text: str) -> date | None:
    """Parse 2024-12-27, 2024年12月27日, 2024/12/27 (first match)."""
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# Dates in a web address's path: t20150716_1234.html, /2015-07/16/, /2015/0716/, /art/2015/7/16/, /201507/
_URL_DAY = (re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)"),
            re.compile(r"/((?:19|20)\d{2})/(1[0-2]|0?[1-9])/([12]\d|3[01]|0?[1-9])/"))
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})-?(0[1-9]|1[0-2])/")
# a file named by its date and a serial number: /201205106748.html (the month is all it proves)
_URL_ID_MONTH = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])\d{4,}\.[a-z]+$")


def url_date(url: str | None) -> date | None:
    """The publication date a web address's path gives (a month alone: its first day), if any."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]*", "", url.strip())
    for pattern in _URL_DAY:
        for m in pattern.finditer(path):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    month = _URL_MONTH.search(path) or _URL_ID_MONTH.search(path)
    return date(int(month.group(1)), int(month.group(2)), 1) if month else None


# 时间:2025-05-22 on this many lines: a list of links to other pages, whose dates are not this page's
_LINK_LIST_DATES = 3


def page_date(text: str, head: str) -> tuple[re.Match[str] | None, bool]:
    """The page's date field (发布时间: ...) in its head, and whether the page lists other pages
    with their dates: then only a date field above the body (before its first 。) is its own."""
    hits = list(HEADER_DATE.finditer(text))
    if len(hits) < _LINK_LIST_DATES:
        return HEADER_DATE.search(head), False
    body = text.find("。")
    return (hits[0] if body < 0 or hits[0].start() < body else None), True


# --- which of a page's dates dates the report ---------------------------------------------

# A year of the body (2022年), read to weigh the page's dates against it.
_BODY_YEAR = re.compile(r"((?:19|20)\d{2})年")
# A report comes out within a year of the last year it names (a 2023 review in early 2024);
# a page dated this many years or more after it is a later copy (a repost, a 范文 site).
_REPOST_GAP = 2
# A page's web address is made when the page is published: a date field of the page more
# than this many days after the address's date (a month's precision, and a month of slack)
# is no date of this page.
_URL_SLACK_DAYS = 62


# A year that opens a span reaching the present (2021年以来, 从2010年开始至今, 2019年起): the report
# may be some years later, as long as a review runs: a five-year plan's (十四五以来 ... 2021年以来).
# (A raise 由2015年的370元提高到 is no such span: the old standard is the one before, a year or two back.)
_OPEN_YEAR = re.compile(r"((?:19|20)\d{2})年[^,。;\d]{0,6}?(?:以来|至今|起)")
_OPEN_SPAN_YEARS = 5


def latest_body_year(text: str, chrome: Chrome) -> int | None:
    """The latest year the text's own words (not its chrome lines) may speak from: the latest
    year it names (2022年), or a few years after one that opens a span reaching the present
    (see :data:`_OPEN_YEAR`); None when it names no year."""
    years = [int(m.group(1)) for m in _BODY_YEAR.finditer(text) if not chrome.covers(m.start())]
    years.extend(int(m.group(1)) + _OPEN_SPAN_YEARS for m in _OPEN_YEAR.finditer(text) if not chrome.covers(m.start()))
    return max(years, default=None)


def _own_dates(text: str, head: str, chrome: Chrome) -> list[date]:
    """The dates the page prints above its body: its date field (see :func:`page_date`),
    the other date fields and datelines of the chrome lines there, a dateline."""
    found: list[date] = []
    hm, _ = page_date(text, head)
    if hm:
        found.append(parse_date(hm.group(1)) or date.min)
    for s, e in chrome.spans:
        if s >= chrome.body_start or s >= len(head):
            break
        found.extend(parse_date(m.group(1)) or date.min for m in HEADER_DATE.finditer(text, s, e))
    dm = DATELINE.search(head)
    line = parse_date(dm.group(1)) if dm else dotted_dateline(head)
    found.extend([line] if line else [])
    return [d for d in found if d != date.min]


class PageDates(NamedTuple):
    """The page's publication date, and the date its report's relative words (今年) refer to."""

    published: date | None
    reference: date | None


def publication_date(text: str, head: str, chrome: Chrome, signature: date | None, first_lines: str,
                     url: str | None) -> PageDates:
    """The date the page gives itself, and the one its report speaks from, weighed against
    its other evidence.

    The evidence, strongest first: the dates the page prints (date fields and datelines above
    the body, the signature's date), a date on the first lines, the date in the web address.
    A date later than the web address's date is no date of this page (see
    :data:`_URL_SLACK_DAYS`). When the page prints several dates, the earliest is the
    report's: a repost shows its own date beside the original's, a page its update beside
    its publication, a notice its publication beside the day it was signed. The report
    speaks from that date unless the body contradicts it: every year the body names is
    :data:`_REPOST_GAP` or more years earlier (a 2016 report reposted in 2020); then from
    the next evidence that fits, else from none (``reference`` None: the body's own years
    date the report)."""
    from_url = url_date(url)
    latest = latest_body_year(text, chrome)

    def on_page(d: date | None) -> bool:
        return d is not None and (from_url is None or (d - from_url).days <= _URL_SLACK_DAYS)

    first = parse_date(first_lines)
    published: date | None = None
    for group in (_own_dates(text, head, chrome) + [signature], [first], [from_url]):
        kept = [d for d in group if d is not None and on_page(d)]
        if kept:
            published = published or min(kept)
            kept = [d for d in kept if latest is None or latest > d.year - _REPOST_GAP]
            if kept:
                return PageDates(published, min(kept))
    return PageDates(published, None)
