"""Dates a page gives itself: a date field (发布时间: ...), a dateline, a date in its web address.

Used by :mod:`document` for the publication date; the report period is decided there.
"""

from __future__ import annotations

import re
from datetime import date

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
