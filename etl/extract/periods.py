"""Stage 4a: time expressions -> the period a figure covers.

The grammar recognises the ways 民政 reports date a figure: 截至6月底, 上半年,
一季度 / 2016年3季度, 五年来 / 近三年来 (the report's last N years),
1-12月 / 1~11月份 / 前6月, 2020年11月 (and the garbled 202011月), 2020年,
2017年以来 / 自2018年...以来, 十三五 (from ``seeds/extract/plan_periods.csv``),
and words relative to the report (今年, 去年, 明年, 全年, 目前, 当月, 12月份). A cue
preceded by a comparison word (比, 较, 相较 ...) dates the comparison, not the
figure, and is ignored.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_COMPARE = re.compile(r"(?:比|较|相较|相比|同比|与|对比)(?:于)?$")


@dataclass(frozen=True, slots=True)
class ReportTime:
    """What the relative words of a document refer to."""

    start: date
    end: date
    published: date | None

    @property
    def year(self) -> int:
        """The report's reference year (the year its period ends in)."""
        return self.end.year

    @property
    def now_year(self) -> int:
        """The year 今年 refers to: the publication year, else the report year."""
        return self.published.year if self.published else self.end.year


# Not frozen: a frozen dataclass's __init__ costs ~4x more and one is made per
# time expression. unsafe_hash keeps the hash a frozen one had; nothing assigns to it.
@dataclass(slots=True, unsafe_hash=True)
class PeriodCue:
    """A time expression found in a sentence (normalized-text positions)."""

    start: int
    end: int
    kind: str
    groups: tuple[str, ...]  # an alternative's inner groups; "" where a group did not take part


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def year_span(year: int) -> tuple[date, date]:
    """1 January .. 31 December of ``year``."""
    return date(year, 1, 1), date(year, 12, 31)


_LONGEST_RANGE = 20  # years a range of years may span (2021-2023年); beyond, no period (a code, 1998-2098)


class PeriodGrammar:
    """Compiled period patterns (plan periods come from the catalogue)."""

    def __init__(self, plan_periods: dict[str, tuple[int, int]]) -> None:
        self.plan_periods = plan_periods
        plans = "|".join(map(re.escape, sorted(plan_periods, key=len, reverse=True))) or "(?!)"
        y = r"((?:19|20)\d{2})"
        mo = r"(1[0-2]|0?[1-9])"
        alternatives = [
            ("plan", r"[“\"‘']?(" + plans + r")[”\"’']?(期间|时期|以来|末|时)?"),
            # 2021年至2023年, 2021-2023年, 2021年至2023年6月: from the first year to the last, or to
            # its month (before "year": the first year alone would date a sum over three years)
            ("year_range", y + r"年?(?:度)?[-~至到—]" + y + r"年(?:度)?(?:" + mo + r"月(?:底|末|份)?)?"),
            ("since", r"(?:自|从)?" + y + r"年(?:" + mo + r"月份?(?:\d{1,2}日)?(?=以来|开始|起))?(?:[^,。;!?\d]{0,16}?)(以来|起|开始至今|开始到现在|至今)"),
            ("since_month", r"(去年|今年)" + mo + r"月份?以来"),
            ("upto_year_end", r"(?:截至|截止到?|到)" + y + r"年(?:底|末)"),
            ("upto_month", r"(?:截至|截止到?|到)(?:" + y + r"年)?" + mo + r"月(?:底|末|份)?(?!\d{0,2}日)"),
            ("upto_now", r"(?:截至|截止)(?:目前|现在|当前)"),
            ("month_range", r"(?:" + y + r"年)?(?:今年)?1(?:月份?)?[-~至到]" + mo + r"月份?"),
            ("month_span", r"(?:" + y + r"年)?(?:今年)?([2-9]|1[01])月份?[-~至到]" + mo + r"月份?"),
            ("first_months", r"(?:今年)?前" + mo + r"(?:个)?月"),
            ("half", r"(?:" + y + r"年(?:度)?)?(上|下)半年"),
            ("quarter", r"(?:" + y + r"年(?:度)?)?第?([一二三四1-4])季度"),
            ("years_back", r"(?:近|这|过去)?([两二三四五六七八九十])年(?:来|以来)"),
            ("year_month", y + r"年" + mo + r"月(?:份)?"),
            ("year_month_garbled", y + r"(1[0-2]|0[1-9])月"),
            # (2020年4827元: a year before an amount; not 2020年1-6月 or a month the grammar missed)
            ("year", y + r"年(?:度)?(?:底|末)?(?![月以起]|\d{1,2}(?:月|日|[-~至到.]|季|$)|\d{1,2}[^\d元万亿千百])"),
            # not 当月发放到户 (paid within the month: how, not when), nor 上年度农村居民人均纯收入
            # (the income a standard is measured against, not the figure's year)
            ("relative", r"(今年|去年|上年|上一年|前年|明年|全年|一年来|当月|本月|目前|现在|现有|当前|年内|今年内)"
                         r"(?<!当月(?=发放到|兑现到|拨付到|足额|及时|到账|到户))"
                         r"(?!度?(?:当地|全省|全市|全县|全区)?(?:城镇|农村|城乡)?(?:常住)?居民)"),
            ("month", mo + r"月份"),
        ]
        self._kinds = [k for k, _ in alternatives]
        # A cheap necessary condition for a match at a position: how each alternative
        # can begin (its first literal characters). Searching for it is ~3x faster than
        # trying all alternatives at every digit and at every common character (一, 上,
        # 年 ...); the full pattern then runs only where it holds. Zero-width, so no
        # candidate position is consumed by the one before it.
        # Every head opens with a literal or a class (19|20 and the optional 近/这/过去 or quote
        # written out as alternatives of their own): the engine rejects such an alternative
        # in one step where it cannot begin, while one that opens with a group is entered
        # first -- and the heads are tried at a fifth of the characters of a report.
        years = r"\d\d(?:年|(?:1[0-2]|0[1-9])月)"
        quarter = r"\d\d年(?:度)?第?[1-4]季度"
        since_month = r"(?:1[0-2]|0?[1-9])月份?以来"
        back = r"[两二三四五六七八九十]年(?:来|以来)"
        heads = [
            "19" + years, "20" + years,  # year_range, since, month_range, half, year_month(_garbled), year
            r"(?:19|20)\d\d[-~至到—](?:19|20)",  # year_range without 年 after the first year
            r"自(?:19|20)", r"截[至止]", r"到",  # since, upto_*
            "去年" + since_month, "今年" + since_month,  # since_month
            r"今年", r"前(?:\d|年)", r"[上下]半年", r"1(?:月份?)?[-~至到]",  # month_range, first_months, half
            r"[2-9]月份?[-~至到]", r"1[01]月份?[-~至到]",  # month_span
            "19" + quarter, "20" + quarter, r"第[一二三四1-4]季度", r"[一二三四1-4]季度",  # quarter
            "近" + back, "这" + back, "过去" + back, back,  # years_back
            r"上一?年|去年|明年|全年|一年来|当[月前]|本月|目前|现[在有]|年内",  # relative (今年, 前年 above)
            r"1[0-2]月份", r"0[1-9]月份", r"[1-9]月份",  # month
            r"[“\"‘'](?:" + plans + r")", plans,  # plan
        ]
        firsts = "".join(sorted({p[0] for p in plan_periods}))
        # (the first character is consumed, as a class, and the heads are looked for from it
        # inside a look-behind: a pattern that opens with a class lets the engine skip the
        # other characters in C; a leading look-ahead would be tried at every character)
        starts = r"[\d“\"‘'自截到今前上下去全一二三四五六七八九十两第近这过当本目现年明" + re.escape(firsts) + r"]"
        self._candidate = re.compile(starts + r"(?<=(?=" + "|".join(heads) + ")" + starts + ")")
        # The leading look-ahead lets the engine skip, in C, every position that cannot
        # start a time expression, instead of trying each alternative there.
        self.pattern = re.compile(r"(?=[\d“\"‘'自截到今前上下十全去一二三四五六七八九两第近这过当本目现年明])(?:"
                                  + "|".join(f"(?P<{k}>{p})" for k, p in alternatives) + ")")
        # group numbers of each alternative's inner groups
        self._inner: dict[str, tuple[int, int]] = {}
        idx = {name: num for name, num in self.pattern.groupindex.items()}
        ordered = sorted(idx.items(), key=lambda kv: kv[1])
        for n, (name, num) in enumerate(ordered):
            nxt = ordered[n + 1][1] if n + 1 < len(ordered) else self.pattern.groups + 1
            self._inner[name] = (num + 1, nxt)

    def find(self, text: str, start: int, end: int) -> list[PeriodCue]:
        """Period cues in ``text[start:end]``, comparisons removed."""
        out = []
        candidate = self._candidate.search
        match = self.pattern.match
        pos = start
        while (c := candidate(text, pos, end)) is not None:
            m = match(text, c.start(), end)
            if m is None:
                pos = c.start() + 1
                continue
            pos = m.end()
            kind = m.lastgroup
            assert kind is not None
            if _COMPARE.search(text, max(0, m.start() - 3), m.start()):
                continue
            a, b = self._inner[kind]
            out.append(PeriodCue(m.start(), m.end(), kind, tuple(m.group(i) or "" for i in range(a, b))))
        return out

    def resolve(self, cue: PeriodCue, rt: ReportTime) -> tuple[date, date] | None:
        """The period a cue names, relative to the report's time."""
        g = cue.groups
        k = cue.kind
        ry = rt.year
        if k == "plan":
            a, b = self.plan_periods[g[0]]
            if g[1] == "以来" and a <= rt.end.year <= b:
                # 十四五以来 in a report written during the plan: its start to the report's end
                return date(a, 1, 1), rt.end
            if g[1] == "末":
                return year_span(b)  # 十三五末: the plan's last year
            return date(a, 1, 1), date(b, 12, 31)
        if k == "year_range":
            first, last = int(g[0]), int(g[1])
            if not first < last <= first + _LONGEST_RANGE:
                return None
            return date(first, 1, 1), month_end(last, int(g[2])) if g[2] else date(last, 12, 31)
        if k == "since":
            y = int(g[0])
            mth = int(g[1]) if g[1] else 1
            if g[1] and g[2] == "起" and y < rt.start.year:
                # 自2022年11月起执行 in a 2024 report: the month a standard still in force took
                # effect, read as that month (period_status weighs it against the report's time)
                return date(y, mth, 1), month_end(y, mth)
            # (自2025年1月1日起 in a 2024 report: from that date to the end of its year)
            return (date(y, mth, 1), rt.end) if y <= rt.end.year else (date(y, mth, 1), date(y, 12, 31))
        if k == "since_month":
            y = rt.now_year - 1 if g[0] == "去年" else rt.now_year
            start = date(y, int(g[1]), 1)
            return (start, rt.end) if start <= rt.end else (start, month_end(y, int(g[1])))
        if k == "upto_year_end":
            return year_span(int(g[0]))
        if k == "upto_month":
            y = int(g[0]) if g[0] else ry
            return date(y, 1, 1), month_end(y, int(g[1]))
        if k == "upto_now":
            return date(rt.end.year, 1, 1), rt.end
        if k == "month_range":
            y = int(g[0]) if g[0] else ry
            return date(y, 1, 1), month_end(y, int(g[1]))
        if k == "month_span":
            y = int(g[0]) if g[0] else ry
            a, b = int(g[1]), int(g[2])
            return (date(y, a, 1), month_end(y, b)) if a <= b else None
        if k == "first_months":
            return date(ry, 1, 1), month_end(ry, int(g[0]))
        if k == "half":
            y = int(g[0]) if g[0] else ry
            return (date(y, 1, 1), date(y, 6, 30)) if g[1] == "上" else (date(y, 7, 1), date(y, 12, 31))
        if k == "years_back":
            n = "两二三四五六七八九十".find(g[0])
            n = 2 if n <= 1 else n + 1  # 两/二 -> 2, 三 -> 3 ... 十 -> 10
            return date(rt.end.year - n + 1, 1, 1), rt.end
        if k == "quarter":
            y = int(g[0]) if g[0] else ry
            q = "一二三四".find(g[1]) + 1 if g[1] in "一二三四" else int(g[1])
            return date(y, 3 * q - 2, 1), month_end(y, 3 * q)
        if k in ("year_month", "year_month_garbled"):
            y, mth = int(g[0]), int(g[1])
            return date(y, mth, 1), month_end(y, mth)
        if k == "year":
            return year_span(int(g[0]))
        if k == "month":
            mth = int(g[0])
            if rt.start.year == rt.end.year and rt.start.month == rt.end.month:
                y = rt.end.year
            else:
                y = ry
            return date(y, mth, 1), month_end(y, mth)
        if k == "relative":
            word = g[0]
            if word in ("今年", "年内", "今年内"):
                return year_span(rt.now_year)
            if word in ("去年", "上年", "上一年"):
                return year_span(rt.now_year - 1)
            if word == "前年":
                return year_span(rt.now_year - 2)
            if word == "明年":
                return year_span(rt.now_year + 1)
            if word in ("全年", "一年来"):
                return year_span(ry)
            if word in ("当月", "本月"):
                return date(rt.end.year, rt.end.month, 1), month_end(rt.end.year, rt.end.month)
            # 目前, 现在, 现有: the state at the end of the report period
            return date(rt.end.year, 1, 1), rt.end
        return None
