"""Metric and unit: what a figure measures, from its unit word and the cue words of its clause.

* a count (人, 户, 人次) is ``recipients``, ``exits`` after an exit cue (退出) or
  ``new_recipients`` after a new-case cue (新增): ``metric_cues.csv``;
* a sum of money is ``spending`` (cny) -- a scaled amount (万元) always, unless a
  rate or average word sits right before it (人均年补助1.2万元);
* ``avg_benefit`` after an average cue (月人均, 人均), ``standard`` after a
  standard cue (标准), a rate prefix (每人每月: ``prefix_rates.csv``) or a rate
  unit (元/人·月); the rate's period (month/year) comes from the unit, the
  prefix, the cue word, the words right before it, or -- for a standard with
  none -- from its size (``standard_limits.csv``).

A rate whose period cannot be told is the ``unknown_rate`` reason, one far beyond what its program
can pay one person or household (资金500万元/年) the ``implausible_rate`` reason; a range of
amounts that vary by case (救助金额200-5000元/户不等) is no spending: the
``varying_amounts`` reason; a plain 元 amount (no 万) is a sum paid only after a payment,
fund or benefit word, and not when one recipient receives it (``bare_amount``,
``received_amount``).
"""

from __future__ import annotations

import re

from etl.extract.classify_base import FIGURE_LIST_SEP, Classified, Doc, Subject


def metric_unit(doc: Doc, r: Classified, subject: Subject, cs: int) -> None:
    """Set ``r.metric`` and ``r.unit`` (or ``r.reason = "unknown_rate"``) for the number of ``r``."""
    m = r.mention
    before = doc.text[cs:m.start]
    if m.kind == "count":
        r.unit = m.unit
        r.metric = count_metric(doc, before)
        return
    money_metric_unit(doc, r, subject, cs, before)
    if r.metric == "spending" and m.value_high is not None and _VARYING.match(doc.text, m.end):
        # 救助金额由300-3000元/户不等, 发放从50元至500元不等的高龄津贴: what one case gets, a range
        # of amounts that vary, not a sum paid out
        r.reason = "varying_amounts"


# what makes a plain 元 amount (no 万) a sum paid out: a payment word, or a fund or benefit noun
_PAID = re.compile(r"发放|发给|支出|支付|拨付|下拨|投入|筹集|安排|兑现|使用|补发|资金|经费|金|补助|补贴|救助|费|津贴")
# ... unless one recipient receives it (将领到一次性生活补贴650元, 每月能领1300元)
_RECEIVED = re.compile(r"领取|领到|可领|能领|拿到")


def _unpaid(before: str) -> str | None:
    """The reason a plain 元 amount read as a sum is none: ``received_amount`` when one
    recipient receives it, ``bare_amount`` when nothing in its clause says it was paid
    (1160元!上海再度提高低保标准: a headline's figure); else None."""
    if _RECEIVED.search(before):
        return "received_amount"
    return None if _PAID.search(before) else "bare_amount"


def listed_rate(doc: Doc, r: Classified, prev: Classified | None) -> None:
    """达到年人均380元、640元和950元: a bare 元 amount (no rate, no 万) listed right after a
    standard or an average takes its metric and unit, instead of being read as a sum paid
    (or as an average from the clause's cue words when the first was a standard)."""
    m = r.mention
    if (prev is None or m.scaled or m.rate_per is not None or r.reason not in (None, "bare_amount")
            or not FIGURE_LIST_SEP.fullmatch(doc.text, prev.mention.end, m.start)):
        return  # (a figure with a rate or a 万 of its own, or words between, is read on its own)
    r.metric, r.unit, r.reason = prev.metric, prev.unit, None


# 不等 right after a range (its basis between: 200-5000元/户不等)
_VARYING = re.compile(r"(?:/[人户]次?)?不等")


def count_metric(doc: Doc, before: str) -> str:
    """A count counts ``exits`` after an exit cue (退出), ``new_recipients`` after a new-case cue
    (新增), else ``recipients``."""
    if doc.pat.exits.search(before):
        return "exits"
    if doc.pat.new.search(before):
        return "new_recipients"
    return "recipients"


def money_metric_unit(doc: Doc, r: Classified, subject: Subject, cs: int, before: str) -> None:
    """Spending, an average benefit or a standard, with the rate's basis and period as unit
    (``before``: the clause up to the number)."""
    m = r.mention
    text = doc.text
    pat = doc.pat
    avg = pat.avg.search(before)
    is_standard = bool(pat.standard.search(before)) or text.startswith("标准", m.end)
    # 城乡低保标准分别高出均值50元和100元,分别达到月人均690元和年人均2650元: the standard
    # named with the program in the sentence's earlier clause the subject was carried from
    ss = subject.start if avg and 0 <= subject.start < cs and "。" not in text[subject.start:cs] else cs
    if avg and ((is_standard or ss < cs) and _rate_of_standard(text[ss:m.start], pat.avg, pat.standard)
                or _rate_of_change(text, before, m.end, pat.avg)):
        # 低保标准从月人均120元提高到...: a bare 月人均 after 标准 is the standard's rate, no average paid
        period = "month" if [*pat.avg.finditer(before)][-1].group().startswith("月") else "year"
        r.metric, r.unit = "standard", f"cny_per_person_{period}"
        return
    prefix = None
    for pm in pat.prefix_rate.finditer(before):
        prefix = doc.v.prefix_rates[pm.group()]
    per = m.rate_per
    basis = m.rate_basis
    if per in (None, "inherit") and prefix is not None:
        per, basis = prefix.per, prefix.basis
    if per == "inherit":
        per = None
    # 万元 is a total unless a rate or an average word sits right before it (人均年补助1.2万元)
    # (asked only of a scaled amount with no rate of its own)
    if m.scaled and m.rate_per is None and not (
            (prefix and _adjacent_prefix(text, cs, m.start, pat.prefix_rate))
            or (avg and _ends_with_cue(text[max(cs, m.start - 8):m.start], pat.avg))):
        r.metric, r.unit = "spending", "cny"
        return
    yearly = once_a_year(doc, subject)
    if yearly and per in (None, "other") and not avg:
        # 年终一次性生活补贴650元, 一次性补贴标准由每人300元调整为每人400元: a subsidy paid once
        # a year has no monthly standard; a bare amount of it is what each one gets, unless a
        # total cue says it is a sum (共发放一次性补贴8000元)
        if prefix is not None or is_standard or (_TOTAL_CUE.search(before) is None and (m.value or 0) <= _EACH_MAX):
            r.metric, r.unit = "standard", f"cny_per_{basis or 'person'}_year"
            return
    if avg:
        r.metric = "avg_benefit"
        word = avg.group()
        if per is None:
            per = "month" if word.startswith("月") else ("year" if word.startswith("年") else None)
        if per is None:
            per = _per_from_context(before[:avg.start()])
        if per is None:
            r.reason = "unknown_rate"
            return
    elif is_standard or m.rate_per is not None or prefix is not None:
        r.metric = "standard"
        if per is None:
            per = standard_period(doc, subject, m.value or 0)
    else:
        r.metric, r.unit = "spending", "cny"
        r.reason = _unpaid(before)
        return
    if per not in ("month", "year"):
        r.reason = "unknown_rate"
        return
    r.unit = f"cny_per_{basis or 'person'}_{per}"
    if _implausible(doc, subject, m.value or 0, per, basis):
        r.reason = "implausible_rate"


# How far above its program's largest monthly standard (standard_limits.csv) a rate may go before
# it is no rate one person or household gets (城乡低保资金500万元/年: a sum a year, not 5 million a
# person): twice the limit a person, ten times it a household.
_PLAUSIBLE_MARGIN = {"person": 2, "household": 10}


def _implausible(doc: Doc, subject: Subject, value: float, per: str, basis: str | None) -> bool:
    """Whether a standard or average of ``value`` a ``basis`` a ``per`` is beyond any its program can
    have (programs paid once a year, with no monthly limit, are not judged)."""
    limit = _monthly_limit(doc, subject)
    if not limit:
        return False
    most = limit * _PLAUSIBLE_MARGIN[basis or "person"] * (12 if per == "year" else 1)
    return value > most


# what may stand between a bare 月人均/年人均 and its number
# (the old value of 从月人均100元提高到800元 and its verb included)
# (and the income of an income line a standard is written as: 标准为家庭月人均收入760元)
_BARE_RATE_GAP = re.compile(r"(?:纯?收入)?(?:[\d.]+元(?:提高|提升|增加|上调|调整)?(?:到|至|为))?"
                            r"(?:为|是|达到|达|不低于|不少于|约)?")


def _rate_of_standard(before: str, avg_re: re.Pattern[str], standard_re: re.Pattern[str]) -> bool:
    """Whether the last average cue before the number is a bare rate (月人均, 年人均) right
    before it, after a standard cue of the same clause (城乡低保标准分别达到月人均700元和年人均6000元)."""
    avg = [*avg_re.finditer(before)][-1]
    if avg.group() not in ("月人均", "年人均"):
        return False
    first = standard_re.search(before)
    return first is not None and first.start() < avg.start() and bool(
        _BARE_RATE_GAP.fullmatch(before[avg.end():]))


# a bare amount above this (no rate, no 标准) is a sum paid out even with no total cue: 发放一次性补贴8600元
_EACH_MAX = 3000
# words that make a bare amount a sum paid out, not what each one gets
_TOTAL_CUE = re.compile(r"共|累计|合计|总计|资金|金额|总额")


def once_a_year(doc: Doc, subject: Subject) -> bool:
    """Whether the subject's programs are all paid once a year: no monthly standard at all
    (``standard_limits.csv`` gives them a largest monthly standard of 0)."""
    return bool(subject.programs) and doc.kinds.yearly.issuperset(subject.programs)
# 由(最初的)年人均500元提高到 / 提高到月人均515元: a bare rate on either side of a change of level
_CHANGE_FROM = re.compile(r"(?:由|从)(?:[^\d,;。]{0,4}的)?$")
_CHANGE_TO = re.compile(r"(?:提高|提升|调整|上调|调增)(?:到|至|为)$|(?:提至|增至|调为)$")
_CHANGE_AFTER = re.compile(r"[^,;。]*?(?:提高|提升|调整|上调|调增)(?:到|至|为)|[^,;。]*?(?:提至|增至|调为)")


def _rate_of_change(text: str, before: str, mend: int, avg_re: re.Pattern[str]) -> bool:
    """农村低保由年人均600元提高到月人均515元: a bare 月人均/年人均 right after the 由 of a change
    (提高到 follows in the clause) or right after its 提高到 states the level changed, a standard:
    what is raised this way is the standard, not the average paid."""
    avg = [*avg_re.finditer(before)][-1]
    if avg.group() not in ("月人均", "年人均") or not _BARE_RATE_GAP.fullmatch(before[avg.end():]):
        return False
    head = before[:avg.start()]
    if _CHANGE_TO.search(head):
        return True
    return bool(_CHANGE_FROM.search(head)) and _CHANGE_AFTER.match(text, mend) is not None


def standard_period(doc: Doc, subject: Subject, value: float) -> str:
    """A standard that says no period is yearly above its program's limit, else monthly
    (``standard_limits.csv``: the largest monthly standard each program can have)."""
    return "year" if value > _monthly_limit(doc, subject) else "month"


def _monthly_limit(doc: Doc, subject: Subject) -> float:
    """The largest monthly standard the subject's first program can have (``standard_limits.csv``,
    ``*`` for a program it does not list)."""
    default = doc.v.standard_limits.get("*", 3000.0)
    return doc.v.standard_limits.get(subject.programs[0], default) if subject.programs else default


def _adjacent_prefix(text: str, cs: int, pos: int, prefix_re: re.Pattern[str]) -> bool:
    """Whether a rate prefix (每人每月) ends right before ``pos``."""
    window = text[max(cs, pos - 6):pos]
    return any(window.endswith(m.group()) for m in prefix_re.finditer(window))


def _ends_with_cue(window: str, cue_re: re.Pattern[str]) -> bool:
    """Whether some cue of ``cue_re`` ends the window (overlapping cues such as 年人均 / 人均补助 included)."""
    window = re.sub(r"(?:为|达到|达|约)$", "", window)
    return any(cue_re.fullmatch(window[i:]) for i in range(len(window)))


def _per_from_context(before: str) -> str | None:
    """月 or 年 in the last words before an average cue: its period."""
    tail = before[-4:]
    if "月" in tail:
        return "month"
    if "年" in tail:
        return "year"
    return None
