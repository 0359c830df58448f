"""Period and status: when a figure holds, and whether it is a result or a target.

* the period (:func:`period_of`): the nearest time expression before the number in
  its sentence, resolved against the report time at that position; else the report
  period; in 从X提高到Y the side of the number (:func:`change_role`) matters: 去年
  in 从去年的3200元 dates the old value only; over several years a new standard
  holds at the end, the old one at the start; 自2026年1月1日起...由760元提高到800元:
  the old value held until the change took effect;
* the status (:func:`status_of`): ``target`` inside plan sections (the document
  analysis), for what is dated 明年, and after a future cue (将把...提高到, 计划, 力争:
  ``future_cues.csv``) whose scope reaches the number.

No report time at the number's position is the ``no_period`` reason.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from etl.extract.classify_base import Classified, Doc
from etl.extract.numbers import NumberMention
from etl.extract.periods import PeriodCue, ReportTime, month_end, year_span
from etl.extract.sentences import clause_end, clause_start
from etl.extract.table_subjects import table_cell

_PLAN_WORD = re.compile(r"计划(?=[投新建完实发安支筹用于到在为将\d])")
_FROM_MARK = re.compile(r"从|由")
_NEXT_YEAR = frozenset(("明年", "来年"))
# 自2026年1月1日起, or with the report's year: 今年6月1日起, 从7月1日起
_EFFECTIVE = re.compile(r"自((?:19|20)\d{2})年(1[0-2]|0?[1-9])月(?:\d{1,2}日)?起"
                        r"|(?<![\d年])(?:自|从)?(?:今年|本年)?(1[0-2]|0?[1-9])月\d{1,2}日起")
_IN_FORCE_SINCE = re.compile(r"(?:自|从)((?:19|20)\d{2})年(?:1[0-2]|0?[1-9])月(?:\d{1,2}日)?起[,,]?(?:执行|实施)")
_RATE_METRICS = ("standard", "avg_benefit")
# 为逐步缩小差距 / 为了进一步 opening a clause: a purpose (not 为全县老人发放: for whom)
_PURPOSE = re.compile(r"\s*(?:为了|为)(?:进一步|逐步|切实|全面|更好|有效|加快|确保|推动|缩小|实现|保障|提高|提升|减轻|解决)")


def from_marks(doc: Doc, s: int, e: int) -> list[int]:
    """Positions of 从/由 in the sentence text[s:e] (the old side of 从X提高到Y)."""
    return [m.start() for m in _FROM_MARK.finditer(doc.text, s, e)]


def future_cues(doc: Doc, s: int, e: int) -> list[tuple[int, str]]:
    """The future cues of the sentence text[s:e] with their scope (``future_cues.csv``).

    计划 is a plan only before what is planned (计划投入), not in names (明天计划) or 按计划."""
    out = []
    text = doc.text
    for fm in doc.pat.future.finditer(text, s, e):
        word = fm.group()
        if word == "计划" and (text[fm.start() - 1:fm.start()] == "按" or not _PLAN_WORD.match(text, fm.start())):
            continue
        scope = doc.v.future_cues[word]
        if scope == "all" and _in_purpose(text, s, fm.start()):
            scope = "clause"  # 为缩小差距,力争实现一体化,全市保持标准为490元: the aim, not the figure
        out.append((fm.start(), scope))
    return out


def _in_purpose(text: str, s: int, pos: int) -> bool:
    """Whether ``pos`` lies in a purpose clause (为/为了...) or the clause right after one, before
    the sentence's main clause: a future word there states an aim, not what the figures are."""
    cs = clause_start(text, s, pos)
    if _PURPOSE.match(text, cs):
        return True
    return cs > s and _PURPOSE.match(text, clause_start(text, s, cs - 1)) is not None


def change_role(mstart: int, to_verbs: list[int], froms: list[int]) -> tuple[str | None, int, int]:
    """Which side of 从X提高到Y the number at ``mstart`` is on: ``"to"``, ``"from"`` or None,
    with the last 提高到 and the last 从 before it (-1 when none): the nearest marker decides."""
    if not to_verbs and not froms:
        return None, -1, -1  # (most sentences change nothing)
    # both lists are sorted (found left to right)
    i = bisect_left(to_verbs, mstart)
    last_to = to_verbs[i - 1] if i else -1
    j = bisect_left(froms, mstart)
    last_from = froms[j - 1] if j else -1
    if last_to > last_from:
        return "to", last_to, last_from
    if last_from >= 0 and to_verbs and to_verbs[-1] > mstart:
        return "from", last_to, last_from
    return None, last_to, last_from


def period_status(doc: Doc, r: Classified, cues: list[PeriodCue], to_verbs: list[int], froms: list[int],
                  future: list[tuple[int, str]], cs: int) -> None:
    """Set ``r.period`` and ``r.status`` of the number (or ``r.reason = "no_period"``)."""
    m = r.mention
    rt = doc.ctx.time_at(m.start)
    if rt is None:
        r.reason = "no_period"
        return
    role, last_to, last_from = change_role(m.start, to_verbs, froms)
    old_sides = _old_sides(to_verbs, froms) if role == "to" else []
    period, next_year = period_of(doc, m, rt, cues, role, last_to, last_from, old_sides)
    cell = table_cell(doc, m.start) if doc.unit_lines else None
    if cell is not None and cell.year:
        period = year_span(cell.year)  # a yearbook column: the year it names
    if role == "from" and r.metric in _RATE_METRICS and _since_before(doc, m.start):
        eff = _EFFECTIVE.search(doc.text, doc.sentences.start(m.start), m.start)
        if eff:
            # 自2026年1月1日起...由760元提高到800元: the old value held until the change took effect
            y, mth = (int(eff.group(1)), int(eff.group(2))) if eff.group(1) else (rt.end.year, int(eff.group(3)))
            period = year_span(y - 1) if mth == 1 else (date(y, 1, 1), month_end(y, mth - 1))
    if role is None and r.metric in _RATE_METRICS and rt.start.year > period[1].year and _since_before(doc, m.start):
        since = _IN_FORCE_SINCE.search(doc.text, doc.sentences.start(m.start), m.start)
        if since and int(since.group(1)) == period[0].year:
            # 自2020年7月1日起,执行的标准为680元 in a 2022 report: the standard in force when the
            # report speaks, stated in its period (the day it took effect dates no change here)
            period = (rt.start, rt.end)
    if r.metric in _RATE_METRICS and period[0].year != period[1].year and role:
        # over several years: the new value holds at the end, the old one at the start
        if role == "to":
            period = (date(period[1].year, 1, 1), period[1])
        else:
            period = (period[0], date(period[0].year, 12, 31))
    r.period = period
    r.status = status_of(doc, m, future, role, next_year)
    if role == "from" and r.status == "target" and not next_year:
        # 从1200元提高到1800元 in a plan: the old value is the one in force, not the goal
        r.status = "actual"


def _since_before(doc: Doc, mstart: int) -> bool:
    """Whether 起 stands before ``mstart`` in its sentence: every date a change took effect on
    (:data:`_EFFECTIVE`, :data:`_IN_FORCE_SINCE`) ends in it, so their regexes need not run otherwise."""
    return doc.text.find("起", doc.sentences.start(mstart), mstart) >= 0


def _old_sides(to_verbs: list[int], froms: list[int]) -> list[tuple[int, int]]:
    """The old sides of the sentence's changes: from the last 从/由 before each 提高到 to it
    (not an earlier 从 of 记者从民政局了解到)."""
    sides = []
    prev = -1
    for t in to_verbs:
        j = bisect_left(froms, t)
        if j and froms[j - 1] > prev:
            sides.append((froms[j - 1], t))
        prev = t
    return sides


def period_of(doc: Doc, m: NumberMention, rt: ReportTime, cues: list[PeriodCue], role: str | None,
              last_to: int, last_from: int, old_sides: list[tuple[int, int]] | None = None) -> tuple[tuple[date, date], bool]:
    """The period of the nearest time expression before the number that resolves (else the
    report time's), and whether it was 明年 (what is yet to happen is a plan). A new value
    (``role`` "to") is not dated by a cue on the old side of its own change or of an
    earlier one in the sentence (``old_sides``: 城市由上年的697元提高到747元;农村由上年的685元提高到716元)."""
    for cue in reversed(cues):
        if cue.end <= m.start:
            if role == "to" and last_from >= 0 and last_from <= cue.start < last_to:
                continue  # 从去年的3200元提高到3600元: 去年 dates the old value
            if role == "to" and old_sides and any(f <= cue.start < t for f, t in old_sides):
                continue
            key = (id(cue), id(rt))  # both live as long as this document's classifier
            if key in doc.resolved:
                span = doc.resolved[key]
            else:
                span = doc.resolved[key] = doc.periods.resolve(cue, rt)
            if span:
                return span, cue.kind == "relative" and cue.groups[0] in _NEXT_YEAR
    return (rt.start, rt.end), False


def status_of(doc: Doc, m: NumberMention, future: list[tuple[int, str]], role: str | None, next_year: bool) -> str:
    """``target`` when dated 明年, inside a plan section, or after a future cue whose scope
    (the sentence, the clause, or the new side of a change) reaches the number; else ``actual``."""
    status = "target" if next_year else doc.ctx.status_at(m.start)
    for pos, scope in future:
        # (a cue of clause scope does not reach the new side of a change in a later clause: 为缩小
        # 差距,力争实现一体化,...,将农村低保标准由370元提高到390元 is what was done)
        if pos < m.start and (scope == "all" or (role == "to" and scope != "clause")
                              or (scope == "clause" and m.start < clause_end(doc.text, pos))):
            status = "target"
    return status
