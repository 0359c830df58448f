"""The report period of a document: what its relative words (今年, 去年, 上半年) refer to.

Read from the title (2024年工作总结, 2023年上半年), else the year opening the body (2024年,
截至2018年底), else a year the body speaks for (2018年我局全年共支出), else the publication
date (earlier for 过去一年 in a January review, later for a notice of 自2026年1月1日起), else the
first year the text names. The site's chrome lines around the report (:mod:`chrome`) are
not the report's text: the opening windows start below them and their years date nothing.
Used by :func:`etl.extract.document.analyze`.
"""

from __future__ import annotations

import re
from datetime import date

from etl.extract.chrome import Chrome
from etl.extract.periods import PeriodGrammar, ReportTime, year_span

# 2024年, / 2024年以来 / 截至2018年底, opening a paragraph: the year the report is about
# (also after a news lead: 本报讯 2013年, / 新华社北京1月5日电 2019年,)
_OPENING_YEAR = re.compile(r"(?:^|\n|。)\s*(?:[^\n,。\d]{0,16}(?:讯|电)\s*)?(?:(?:截至|截止到?)(?=\d{4}年[底末]))?"
                           r"((?:19|20)\d{2})年(?:度|底|末)?(?:,|以来|,在|全)")
# 2018年我局全年共支出 ..., early in the body: the year the report speaks for, whatever the page date
_SPEAKER_YEAR = re.compile(r"((?:19|20)\d{2})年(?:度)?,?(?:我|本)(?:局|厅|委|中心|市|县|区|旗|州|盟|省)(?:全年|共|累计)")
# 过去一年 in a report published early in a year (a January review meeting): that year is the one before
_PAST_YEAR = re.compile(r"过去(?:的)?一年")
_EARLY_MONTHS = 3
# 自2026年1月1日起 in a notice published before that year: the notice is about the year it takes effect
# A year (not a full date, not a 〔2022〕 document number) named before the opening year: that
# year-opening paragraph is a body paragraph about another year (2022年1-5月 ... 2021年,全市...)
_EARLIER_YEAR = re.compile(r"((?:19|20)\d{2})年(?!\d{1,2}月\d{1,2}日)")
_EFFECTIVE_YEAR = re.compile(r"自((?:19|20)\d{2})年\d{1,2}月(?:\d{1,2}日)?起")
# 由2015年的每人每月370元提高到 ...: a year the text has left behind
_FROM_YEAR = re.compile(r"(?:由|从)((?:19|20)\d{2})年(?:底|末)?的[^,。;]{0,20}?(?:提高|调整|上调|增加|提升)")
# 自2019年7月1日起执行: the day a standard took effect; a report dated by nothing else is
# at or after it, so a later date of the text dates it first
_TAKES_EFFECT = re.compile(r"(?:自|从)((?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?)起")
_CURRENT_SINCE = re.compile(r"现行[^。;,]{0,20}?((?:19|20)\d{2}年[^。;,]{0,12}?)起(?:执行|实施)")


def report_time(periods: PeriodGrammar, text: str, title: str | None, published: date | None,
                 chrome: Chrome) -> ReportTime | None:
    """The time the relative words of ``text`` refer to (see the module docstring); ``published``
    is the page's date, if known, and ``chrome`` the site's lines around the report."""
    # the windows where a report opens are counted from the end of the site's lines above it
    b = chrome.body_start
    provisional = ReportTime(*year_span(published.year), published) if published else None
    if title:
        for cue in periods.find(title, 0, len(title)):
            if cue.kind in ("relative",) and provisional is None:
                continue
            if cue.kind == "relative" and cue.groups[0] not in ("去年", "今年", "上年"):
                continue
            rt = provisional or ReportTime(date(1900, 1, 1), date(1900, 12, 31), None)
            span = periods.resolve(cue, rt)
            if span and span[0].year > 1900:
                return ReportTime(span[0], span[1], published)
    # (searched in a slice: the body may start on a line the site's line was joined to)
    om = _OPENING_YEAR.search(text[b:b + 400])
    om_at = b + om.start(1) if om else 0
    if om and title:
        # years in the title were handled above; skip past it
        tpos = text.find(title)
        body_from = tpos + len(title) if 0 <= tpos < om_at else 0
    else:
        body_from = 0
    if om and any(em.group(1) != om.group(1) and not chrome.covers(em.start())
                  for em in _EARLIER_YEAR.finditer(text, body_from, om_at)):
        om = None
    if om and published and _stale_year_end(om, published):
        om = None
    if om:
        s, e = year_span(int(om.group(1)))
        return ReportTime(s, e, published)
    sm = _SPEAKER_YEAR.search(text, b, b + 600)
    if sm:
        return ReportTime(*year_span(int(sm.group(1))), published)
    if provisional and published and published.month <= _EARLY_MONTHS and _PAST_YEAR.search(text, b, b + 400):
        return ReportTime(*year_span(published.year - 1), published)
    if provisional:
        em = _EFFECTIVE_YEAR.search(text, b, b + 600)
        if em and int(em.group(1)) > provisional.year:
            return ReportTime(*year_span(int(em.group(1))), published)
        return provisional
    # No date on the page: the first year the text names, but not one it raises a standard
    # from (由2015年的370元提高到...): the report is later than that year.
    after = max((int(m.group(1)) + 1 for m in _FROM_YEAR.finditer(text)), default=0)
    # 现行标准是2013年7月1日起执行的: the standard in force began then; the report is later, by how
    # much the text does not say, so that year alone dates nothing
    current = [m.span(1) for m in _CURRENT_SINCE.finditer(text)]
    effective = [m.span(1) for m in _TAKES_EFFECT.finditer(text)]
    first_effective: int | None = None
    for cue in periods.find(text, 0, len(text)):
        if any(s <= cue.start < e for s, e in current) or chrome.covers(cue.start):
            continue
        # (a start with its month, 从2022年1月1日起, dates the text as a year_month does)
        if cue.kind in _DATING_KINDS or (cue.kind == "since" and cue.groups[1]):
            y = int(cue.groups[0]) if cue.groups[0] else None
            if y and any(s <= cue.start < e for s, e in effective):
                first_effective = y if first_effective is None else first_effective
            elif y:
                s, e = year_span(max(y, after, first_effective or 0))
                return ReportTime(s, e, None)
    if first_effective is not None:
        s, e = year_span(max(first_effective, after))
        return ReportTime(s, e, None)
    return None


# The period cues that date a report with no date on its page (by the first year they name).
_DATING_KINDS = ("year", "year_month", "half", "quarter", "upto_year_end", "upto_month", "month_range")

# Year-end figures come out within half a year; later, 截至2012年底 is a baseline of the report's own time.
_YEAR_END_NEWS_MONTHS = 6


def _stale_year_end(om: re.Match[str], published: date) -> bool:
    """Whether an opening 截至Y年底 is an earlier year's baseline in a report published well after it."""
    return om.group(0).lstrip("\n。 ").startswith(("截至", "截止")) and (
        int(om.group(1)) < published.year and (published.year - int(om.group(1)) > 1 or published.month > _YEAR_END_NEWS_MONTHS))
