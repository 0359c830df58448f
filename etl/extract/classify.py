"""Stage 5: classify each number -- program, metric, unit, place, period, status.

Works one sentence at a time (sentences end at 。!? or a line break) and
inside it one clause at a time (clauses end at , ; :). For every number with
a unit the classifier decides, in this order:

* the subject (program): a program named right after the number
  (16.69万名城乡低保对象), the target of 纳入, the object of a payment verb
  after it (为15名孤儿发放助学金), else the first program named in the clause
  before it, else the subject carried from the nearest earlier clause of the
  sentence (its 发放资金3808万元 belongs to the 农村低保 named before);
  城市/农村/集中供养 ... pick a variant (``program_variants.csv``);
  分别 distributes values over a list of programs or places in order;
* the metric and unit from the unit word and the cue words of the clause
  (标准, 月人均, 退出, 新增; a number right after 提高/增加 is a change, not a
  value);
* the place: places named in the clause (a list shares a standard), the place
  carried with the subject, else the report's own jurisdiction;
* the period: the nearest time expression before it in the sentence, else the
  report period; in 从X提高到Y over several years Y is at the end, X at the start;
* the status: target inside plan sections and for new values announced with a
  future cue (将把...提高到, 计划, 力争).

Everything that does not end as a fact is returned with the reason why.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from etl import catalogue as ref
from etl.extract.catalogue import Token, Vocabulary, scan
from etl.extract.document import DocContext
from etl.extract.numbers import NumberMention, TableCell, table_cells
from etl.extract.periods import PeriodCue, PeriodGrammar, month_end, year_span
from etl.extract.places import resolve

_BREAK_CHAR = re.compile(r"[。!?\n]")
# a full stop right after a budget item ((项)。年初预算为...,支出决算为...) does not end its sentence:
# the item names the program of the figures that follow (looked for only where the text has one:
# a look-behind in _BREAK_CHAR would cost every document a third of its sentence split)
_ITEM_STOP = "(项)。"
_CLAUSE_SEP = re.compile(r"[,;:]")
_LIST_GAP = re.compile(r"^(?:、|和|及|以及|与|或|或者|”、“|”“|\"、\"|、“|”、|“|”)?$")
# Between two programs of one list: 最低生活保障标准和农村特困人员, 低保对象、特困人员
_LIST_GAP_WIDE = re.compile(r"^(?:对象|人员|家庭|户|标准|基本生活标准|救助供养标准|金|资金|补贴)?(?:、|和|及|以及|与|或|或者)$")
_MOD_GAP = re.compile(r"^(?:居民|的|人员)?$")
# What may stand between a number and the program named after it: 16.69万名城乡低保对象
# (a count names its people right after the unit), 100元的副食品补贴 / 每年100-6000元不等的高龄津贴.
_FOLLOW_GAP_COUNT = re.compile(r"^(?:[^、,;:。和及与]{0,2}|[^、,;:。]{0,3}的)$")
_FOLLOW_GAP_MONEY = re.compile(r"^(?:[^、,;:。]{0,3}的)?$")
_FOLLOW_GAP = _FOLLOW_GAP_COUNT
_PAREN = re.compile(r"\([^()]*\)")
_PLAN_WORD = re.compile(r"计划(?=[投新建完实发安支筹用于到在为将\d])")
_PAY_VERB = re.compile(r"发放|给予|购买|提供|资助|补贴|减免|免除")
_NAIRU = "纳入"
_CLAUSE_END = re.compile(r"[,;。!?\n]")
_TO_VERB = re.compile(r"(?:提高|提升|调整|增加|上调|调增|提标|减少|下降|降低|下调|缩减)(?:到|至|为)|增至|提至|升至|减至|降至|调为|达到")
_FROM_MARK = re.compile(r"从|由")
_NEXT_YEAR = frozenset(("明年", "来年"))
_EFFECTIVE = re.compile(r"自((?:19|20)\d{2})年(1[0-2]|0?[1-9])月(?:\d{1,2}日)?起")
# A clause that starts with a town (其中保华镇2户10人): the figures are below the county.
# match() anchors at the clause start; 城乡/城镇 and 乡镇 are no town names, nor 返乡/回乡/下乡 (going home, to the countryside).
# A table row names its town before a colon (若水镇:低保资金986万元).
_SUB_COUNTY = re.compile(r"(?:其中)?[\u4e00-\u9fff]{1,6}?(?<![城各全本返回下])"
                         r"(?:镇|乡|街道|办事处)(?![镇村])(?=:?\d|:?[\u4e00-\u9fff]{0,8}\d)")
# A line that opens with a town and a colon (若水镇:低保资金986万元,特困供养资金352万元): every
# figure of the line is the town's. Before a colon a 城 inside the name is no 城镇/城乡 (林城镇:),
# unless it is the whole label (城镇:, 全县城乡:).
_TOWN_ROW = re.compile(r"\s*(?![全本各我]?[省市县区]?城[镇乡]:|[各全本]?乡镇:)[\u4e00-\u9fff]{1,6}?(?<![各全本返回下])"
                       r"(?:镇|乡|街道|办事处):")
_URBAN_RURAL = ("城市", "农村")
_PART_MARK = "其中"
_TOTAL_LABELS = frozenset(("合计", "小计", "总计", "全市", "全县", "全区"))
_PLACE_LEAD = re.compile(r"(?:比如|例如|譬如|如|像|拿)?")
_TOTAL_WORD = re.compile(r"共计|合计|总计|共")
# 全年实际支出8598.7万元 opening a sentence with no subject of its own: the spending of the
# program the sentence right before was about (its subject is left out)
_ELLIPTIC_SPENDING = re.compile(r"\s*(?:全年|当年|年度|年内)?(?:实际|累计|共)?(?:支出|使用|拨付)(?:资金)?")
_DIGITS = re.compile(r"[\d.,]+")
# What 全国 resolves to: a figure about the whole country is no fact of any jurisdiction.
_NATIONAL = "000000"
_GROUP_KINDS = frozenset(("modifier", "program", "topic", "generic"))
_PLACE_KINDS = frozenset(("place", "collective", "urban"))


def _any_between(starts: list[int], a: int, b: int) -> bool:
    """Whether a position of the sorted ``starts`` lies in [a, b)."""
    i = bisect_left(starts, a)
    return i < len(starts) and starts[i] < b


@dataclass(slots=True)
class Subject:
    """Who a figure is about: programs (or a topic) and where."""

    programs: list[str]
    kind: str  # program | topic | generic
    places: list[str] = field(default_factory=list)
    word: str = ""
    start: int = -1


@dataclass(slots=True)
class Classified:
    """The outcome for one number: facts' fields, or a reason."""

    mention: NumberMention
    quote_start: int
    reason: str | None = None
    items: list[tuple[str, str]] = field(default_factory=list)  # (program, jurisdiction code)
    metric: str | None = None
    unit: str | None = None
    period: tuple[date, date] | None = None
    status: str = "actual"


@dataclass(slots=True)
class _Group:
    start: int
    end: int
    programs: list[str]
    kind: str
    word: str


# A table flattened one cell a line (保障人数\n人\n36420): the line breaks inside a cell do not
# end a sentence, so the label and the unit are read with the value.
_CELL_GAPS = re.compile(r"\n[^\n\d]{2,16}(\n)[^\n\d]{1,8}(\n)(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=\n|$)")
# Rows of a label and a bare number under a heading line ending with its unit in brackets
# (部分市县城市低保平均标准(元/人·月)\n海口市760\n三亚市780): one sentence, the heading's
_UNIT_HEAD_ROWS = re.compile(r"\n[^\n。]{2,40}?\((?:万|亿|千)?(?:元|人次|人|户)[^\n()]{0,6}\)(?:\n[^\n\d()]{1,12}?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=\n|$))+")
# A numbered heading line (一、城市最低生活保障, (三)特困人员救助供养): names the program of the
# table cells under it
_SECTION_HEAD = re.compile(r"\n(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))[^\n。\d]{2,30}(?=\n)")


class Sentences:
    """Where the sentences of one text start and end (they end at 。!? or a line break).

    The breaks are found once, in C; each question is then one bisect instead of
    a search of the text around the position."""

    __slots__ = ("breaks", "length")

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in _BREAK_CHAR.finditer(text)]
        self.length = len(text)
        if _ITEM_STOP in text:
            self.breaks = [b for b in self.breaks if not (b >= 3 and text.startswith(_ITEM_STOP, b - 3))]
        if "\n" in text:
            inside = {g for m in _CELL_GAPS.finditer(text) for g in (m.start(1), m.start(2))}
            if ")\n" in text:
                for m in _UNIT_HEAD_ROWS.finditer(text):
                    inside.update(i for i in range(m.start() + 1, m.end()) if text[i] == "\n")
            if inside:
                self.breaks = [b for b in self.breaks if b not in inside]

    def start(self, pos: int) -> int:
        """Start of the sentence holding ``pos`` (after the last break before it)."""
        i = bisect_left(self.breaks, pos)
        return self.breaks[i - 1] + 1 if i else 0

    def end(self, pos: int) -> int:
        """The first break at or after ``pos`` (the text's end if none)."""
        i = bisect_left(self.breaks, pos)
        return self.breaks[i] if i < len(self.breaks) else self.length


class Classifier:
    """Classifies the numbers of one document."""

    def __init__(self, vocab: Vocabulary, periods: PeriodGrammar, text: str, ctx: DocContext,
                 tokens: list[Token] | None = None, cues: list[PeriodCue] | None = None,
                 sentences: Sentences | None = None) -> None:
        self.v = vocab
        self.periods = periods
        self.text = text
        self.ctx = ctx
        self.sentences = sentences if sentences is not None else Sentences(text)
        # One scan of the whole text; sentences take their slice by position.
        self.tokens = tokens if tokens is not None else scan(vocab, text, 0, len(text))
        self._starts = [t.start for t in self.tokens]
        # Starts of the tokens each rule looks for. The token lists the rules are given
        # are parts of self.tokens, so a rule whose kind of token starts nowhere in its
        # window has nothing to do (most windows have no place and no modifier).
        self._group_starts = [t.start for t in self.tokens if t.kind in _GROUP_KINDS]
        self._place_starts = [t.start for t in self.tokens if t.kind in _PLACE_KINDS]
        self._mod_starts = [t.start for t in self.tokens if t.kind == "modifier"]
        # the period each time expression names, per report time (several numbers of a
        # sentence are dated by the same expression)
        self._resolved: dict[tuple[int, int], tuple[date, date] | None] = {}
        self.cues = cues if cues is not None else periods.find(text, 0, len(text))
        self._cue_starts = [c.start for c in self.cues]
        p = _patterns(vocab)
        (self._delta, self._exits, self._new, self._avg, self._standard, self._prefix_rate, self._future, irregular,
         self._comparison, self._averages) = p
        # where the report speaks of irregular payments (审计发现, 多发, 追回): positions by scope
        self._irr_sentence: list[int] = []
        self._irr_clause: list[int] = []
        # 举例/假设...: a worked example (月收入1200元...可领取1080元), not a figure of the report
        self._example_sentence: list[int] = []
        by_scope = {"sentence": self._irr_sentence, "clause": self._irr_clause, "example": self._example_sentence}
        negated_until = -1
        for im in irregular.finditer(text):
            scope = self.v.irregular_cues[im.group()]
            if scope == "negation":  # 未发现/严防...违规享受: no irregularity reported in this clause
                negated_until = _clause_end(text, im.end())
            elif im.start() >= negated_until:
                by_scope[scope].append(im.start())
        self.title_program = self._title_program()
        self._unit_lines = "单位:" in text  # a table under a unit line may have cells (see _table_cell)
        self._cells: dict[int, TableCell] | None = None  # table cells by number start, found when first asked
        self._headings: list[tuple[int, int]] | None = None  # numbered heading lines, found when first asked
        self._heading_programs: dict[int, list[str] | None] = {}
        self._counted_before: list[str] = []  # the current sentence's sentence_counted (see _sentence)
        self._prev_head: tuple[int, Subject | None] = (-1, None)  # (end, first program subject) of the last sentence read
        self._broad = {p for p in vocab.parents.values() if p}  # programs that have variants

    # ------------------------------------------------------------------ public
    def classify(self, mentions: list[NumberMention]) -> list[Classified]:
        """Classify all mentions (sorted by position)."""
        out: list[Classified] = []
        sentences = self.sentences
        i = 0
        n = len(mentions)
        while i < n:
            m = mentions[i]
            s_start = sentences.start(m.start)
            s_end = sentences.end(m.end)
            j = i
            while j < n and mentions[j].start < s_end:
                j += 1
            out.extend(self._sentence(s_start, s_end, mentions[i:j]))
            i = j
        self._unnamed_parts(out)
        return out

    def _unnamed_parts(self, results: list[Classified]) -> None:
        """其中 after a total, then parts worded alike that resolve to the very program, place,
        metric and unit of that total (纳入城乡低保8957户。其中:12月份纳入低保3167户...;12月份纳入低保
        5790户...): the word that told the parts apart (城市, 农村 ...) is lost, so they are not the
        program's figures and become mentions. Parts told apart by other words (死亡退出266户,
        不符退出278户; 住院救助, 门诊救助) stay facts."""
        text = self.text
        starts = [r.mention.start for r in results]
        parts: dict[tuple[object, ...], list[Classified]] = {}
        for r in results:
            if not r.items or r.reason:
                continue
            m = r.mention
            s = self.sentences.start(m.start)
            qi = text.rfind(_PART_MARK, s, m.start)
            if qi < 0:
                continue
            # the total is before 其中: in its sentence, or in the sentence before when 其中 opens one
            w0 = s if text[s:qi].strip(" \t:") else self.sentences.start(max(s - 1, 0))
            totals = results[bisect_left(starts, w0):bisect_left(starts, qi)]
            if not any(t.items and not t.reason and t.metric == r.metric and t.unit == r.unit
                       and (t.mention.value or 0) > (m.value or 0) and set(t.items) & set(r.items) for t in totals):
                continue
            wording = _DIGITS.sub("", text[max(r.quote_start, qi + len(_PART_MARK)):m.start]).strip(" \t:")
            parts.setdefault((qi, r.metric, r.unit, tuple(r.items), wording), []).append(r)
        for same in parts.values():
            if len(same) > 1:
                for r in same:
                    r.reason = "unnamed_part"
                    r.items = []

    # --------------------------------------------------------------- sentence
    def _sentence(self, s: int, e: int, mentions: list[NumberMention]) -> list[Classified]:
        text = self.text
        if all(m.kind == "other" or m.unit is None for m in mentions):
            # Only other counters (座, 个): each is an other_unit mention, and nothing
            # is carried out of a sentence, so the clause analysis can be skipped.
            return [Classified(m, _quote_start(text, _clause_start(text, s, m.start), m.start), "other_unit")
                    for m in mentions]
        lo, hi = bisect_left(self._starts, s), bisect_left(self._starts, e)
        tokens = self.tokens[lo:hi]
        tok_starts = self._starts[lo:hi]
        m_starts = [m.start for m in mentions]
        last_number = m_starts[-1] if m_starts else -1
        cues = self.cues[bisect_left(self._cue_starts, s):bisect_left(self._cue_starts, e)]
        clauses = _clauses(text, s, e)
        town_row = _TOWN_ROW.match(text, s) is not None
        to_verbs = [m.start() for m in _TO_VERB.finditer(text, s, e)]
        from_marks = [m.start() for m in _FROM_MARK.finditer(text, s, e)]
        future = self._future_cues(s, e)
        results: list[Classified] = []
        glued, restated = _glued(text, mentions)
        carried: Subject | None = None
        head = self._breakdown_head(s)
        if head is not None:
            # 分市州看,衡阳市19.6万人,...: the places' shares of the sentence before's first figure
            # (only figures after a place: 其中,因病致贫1200人 is no place's share)
            carried = head = Subject(list(head.programs), head.kind, [], head.word, -1)
        first_subject: Subject | None = None
        lent_places: list[str] = []
        lent_alone = False
        prev_delta_end = -10
        # 审计发现...多发低保金12.3万元: the sentence counts an irregularity, not the program
        irregular_sentence = bool(self._irr_sentence) and _any_between(self._irr_sentence, s, e)
        irr_clause = self._irr_clause
        example_sentence = bool(self._example_sentence) and _any_between(self._example_sentence, s, e)
        sentence_counted: list[str] = []  # programs of the head-counts of the sentence's clauses so far
        self._counted_before = sentence_counted
        for cs, ce in clauses:
            if cs > last_number:
                break  # no number left: what the remaining clauses would carry is never used
            # tokens and numbers are in text order: a clause's share is a slice
            ctoks = tokens[bisect_left(tok_starts, cs):bisect_left(tok_starts, ce)]
            cms = mentions[bisect_left(m_starts, cs):bisect_left(m_starts, ce)]
            last_subject: Subject | None = None
            # 宾川县最多,为1.6万人: the place of a clause with no figure is the next 为-clause's
            # ...or the next clause's when the clause names only the place (比如龙江县,去年为...)
            lent = lent_places if (lent_alone or text.startswith("为", cs)) else []
            lent_places = [] if cms or not _any_between(self._place_starts, cs, ce) else self._places(ctoks, cs, ce)
            lent_alone = bool(lent_places) and self._place_alone(ctoks, cs, ce)
            counted: list[str] = []  # programs of the clause's head-counts
            # what the rules below ask of the whole clause, the same for each of its numbers
            sub_county: bool | None = None
            activity: bool | None = None
            for k, m in enumerate(cms):
                r = Classified(m, _quote_start(text, cs, m.start))
                results.append(r)
                if m.kind == "other" or m.unit is None:
                    r.reason = "other_unit"
                    continue
                if id(m) in glued:
                    r.reason = "glued_amounts"
                    continue
                if id(m) in restated:
                    r.reason = "restatement"  # 2246万元(2246.4万元): the same quantity again
                    continue
                if irregular_sentence or (irr_clause and _any_between(irr_clause, cs, m.start)):
                    r.reason = "irregularity"  # 追回资金16.9万元
                    continue
                if example_sentence:
                    r.reason = "worked_example"  # 举例说明:如一户三口之家月收入1200元
                    continue
                # A number right after 提高/增加/减少 (or listed after one) is a change.
                if self._delta.search(text, max(cs, m.start - 8), m.start) or (
                    m.start - prev_delta_end <= 1 and text[prev_delta_end:m.start] in ("、", "和", "")
                ):
                    r.reason = "change_not_level"
                    prev_delta_end = m.end
                    continue
                if m.rate_per is None and text.endswith(self._averages, cs, m.start) and self._comparison.search(text, max(cs, m.start - 12), m.start):
                    r.reason = "comparison_average"  # the average of a wider area, compared with
                    continue
                if sub_county is None:
                    sub_county = town_row or _SUB_COUNTY.match(text, cs) is not None
                if sub_county and not any(t.kind in ("place", "collective") for t in ctoks if t.start < m.start):
                    r.reason = "sub_county_place"
                    last_subject = Subject([], "sub_county")
                    continue
                if carried is not None and carried.kind == "sub_county" and not any(
                        t.kind in ("place", "collective", "program", "topic") for t in ctoks if t.start < m.start):
                    r.reason = "sub_county_place"  # 保华镇2户10人,救助资金25380元
                    continue
                if m.kind == "count" and activity is None:
                    activity = any(t.kind == "activity" for t in ctoks)
                if m.kind == "count" and activity:
                    r.reason = "activity_count"
                    continue
                subject = self._paid_subsidy(m, self._subject(m, cms, k, ctoks, cs, ce, carried), cs, ce)
                if lent and subject is not None and not _any_between(self._place_starts, cs, m.start):
                    subject.places = list(lent)
                if head is not None and not lent and subject is not None and subject.word == head.word and subject.start < 0 and not any(
                        t.kind == "place" for t in ctoks if t.start < m.start):
                    subject = None
                if subject is None and m.kind == "money" and k == 0 and cs == s:
                    subject = self._elliptic_subject(s, m.start)
                if subject is None:
                    r.reason = "no_program"
                    continue
                last_subject = subject
                if first_subject is None and subject.kind == "program":
                    first_subject = subject
                if m.kind == "count" and self._part_modifier(subject, ctoks, cs, m.start):
                    r.reason = "unnamed_part"  # 特困人员2264人,其中集中供养386人
                    continue
                if m.kind == "count" and subject.start > cs and subject.kind == "program" and text.endswith(
                        self.v.subset_words, max(cs, subject.start - 6), subject.start):
                    # a qualifier right before the program's name (失能、半失能特困人员5360人, words in
                    # seeds/extract/subset_qualifiers.csv) counts a part of its recipients
                    r.reason = "subset_of_recipients"
                    continue
                if subject.kind == "topic":
                    r.reason = "other_topic:" + subject.programs[0]
                    continue
                if (m.kind == "money" and len(sentence_counted) > 1 and subject.kind == "program"
                        and subject.start < cs and set(subject.programs) <= set(sentence_counted)
                        and _TOTAL_WORD.search(text, cs, m.start)):
                    # 为214名困难残疾人发放生活补贴,为176名重度残疾人发放护理补贴,共计发放补贴资金27.1万元:
                    # a total for all the groups counted before, their common program if they have one
                    common = self._collapse(sentence_counted)
                    if len(common) != 1:
                        r.reason = "combined_total"
                        continue
                    subject = Subject(common, "program", list(subject.places), subject.word, subject.start)
                self._metric_unit(r, subject, cs)
                if r.reason:
                    continue
                self._distribute(r, subject, cms, k, ctoks, cs, clauses, tokens)
                if r.reason:
                    continue
                self._period_status(r, cues, to_verbs, from_marks, future, cs)
                if m.kind == "count" and subject.kind == "program":
                    counted.extend(p for p in subject.programs if p not in counted)
            sentence_counted.extend(p for p in counted if p not in sentence_counted)
            if last_subject is not None:
                carried = last_subject
                # 为286名孤儿和412名事实无人抚养儿童发放...,全年发放1027万元: what follows is
                # about all the groups counted, i.e. their common program
                common = self._collapse(counted) if len(counted) > 1 else []
                if len(common) == 1 and last_subject.kind == "program":
                    carried = Subject(common, "program", list(last_subject.places), last_subject.word, last_subject.start)
            else:
                own = [g for g in self._groups(ctoks, cs, ce) if g.kind != "generic"]
                if own:
                    carried = self._subject_from(own[0], ctoks, cs, ce)
        self._prev_head = (e, first_subject)
        return results

    def _elliptic_subject(self, s: int, mstart: int) -> Subject | None:
        """The first program subject of the sentence right before ``s`` (same paragraph) when this
        one opens with a bare spending verb right before its first figure (全年实际支出8598.7万元)."""
        prev_end, head = self._prev_head
        if head is None or self.text[prev_end:s].strip("。!? \t") or not _ELLIPTIC_SPENDING.fullmatch(self.text, s, mstart):
            return None
        return Subject(list(head.programs), head.kind, [], head.word, -1)

    def _breakdown_head(self, s: int) -> Subject | None:
        """The first program subject of the sentence right before ``s`` when this one opens with
        a by-place breakdown cue (分市州看, 分地区看: ``breakdown_cues.csv``), else None."""
        prev_end, head = self._prev_head
        if head is None or not self.text.startswith(self.v.breakdown_cues, s):
            return None
        return head if not self.text[prev_end:s].strip("。!? \t\n") else None

    # ---------------------------------------------------------------- subject
    def _groups(self, toks: list[Token], a: int, b: int) -> list[_Group]:
        """Subject groups (lists of programs/topics, with modifiers applied) in text[a:b]."""
        if not _any_between(self._group_starts, a, b):
            return []
        return self._groups_in(toks, a, b)

    def _groups_in(self, toks: list[Token], a: int, b: int) -> list[_Group]:
        """:meth:`_groups` for any tokens (not only those of the document's scan)."""
        text = self.text
        groups: list[_Group] = []
        slots: list[list[Token]] = []  # pending modifiers: 、 separates slots, adjacency stacks
        cur: _Group | None = None
        for t in toks:
            if not (a <= t.start and t.end <= b):
                continue
            if t.kind == "modifier":
                if slots and text[slots[-1][-1].end:t.start] in ("", "的"):
                    slots[-1].append(t)
                elif slots and _LIST_GAP.match(text[slots[-1][-1].end:t.start]):
                    slots.append([t])
                else:
                    slots = [[t]]
                continue
            if t.kind not in ("program", "topic", "generic"):
                if t.kind in ("place", "collective", "urban"):
                    continue
                continue
            progs = [str(t.value)]
            start = t.start
            base = str(t.value)
            if t.kind == "program" and slots and _LIST_GAP.match(text[slots[-1][-1].end:t.start]):
                # 城镇、农村低保: the last item carries its own modifier (农村低保 = 农村 + 低保)
                parent = self.v.parents.get(base)
                for (prog, mod), var in self.v.variants.items():
                    if prog == parent and var == base and t.word.startswith(mod):
                        slots.append([Token(t.start, t.start + len(mod), mod, "modifier", mod)])
                        t = Token(t.start + len(mod), t.end, t.word[len(mod):], "program", parent)
                        break
            if t.kind == "program" and slots and _MOD_GAP.match(text[slots[-1][-1].end:t.start]):
                progs = []
                for slot in slots:
                    chosen = str(t.value)
                    for mod_token in slot:
                        variant = self._variant(str(t.value), mod_token.word)
                        if variant:
                            chosen = variant
                            break
                    if chosen not in progs:
                        progs.append(chosen)
                start = slots[0][0].start
            slots = []
            gap = text[cur.end:start] if cur is not None else ""
            if cur is not None and cur.kind == t.kind and (_LIST_GAP.match(gap) or _LIST_GAP_WIDE.match(gap)):
                for p in progs:
                    if p not in cur.programs:
                        cur.programs.append(p)
                cur.end = t.end
                cur.word += text[start:t.end]
            else:
                cur = _Group(start, t.end, progs, t.kind, text[start:t.end])
                groups.append(cur)
        return groups

    def _cue_between(self, a: int, b: int) -> bool:
        """Whether a time expression starts in text[a:b]."""
        i = bisect_left(self._cue_starts, a)
        return i < len(self._cue_starts) and self._cue_starts[i] < b

    def _same_family(self, a: list[str], b: list[str]) -> bool:
        """Programs of one family: equal, one the other's ancestor, or siblings (城市/农村低保)."""
        def root(p: str) -> str:  # the top ancestor below the social_assistance umbrella
            chain = [c for c in (p, *self.v.ancestors(p)) if c != "social_assistance"]
            return chain[-1] if chain else p
        return {root(p) for p in a} == {root(p) for p in b}

    def _narrows(self, narrow: _Group, broad: _Group) -> bool:
        """Every program of ``narrow`` is a descendant of one of ``broad``'s (机构养育孤儿 of 孤儿)."""
        return narrow.kind == broad.kind == "program" and all(
            any(b in self.v.ancestors(p) for b in broad.programs) for p in narrow.programs)

    def _variant(self, program: str, modifier: str) -> str | None:
        var = self.v.variants.get((program, modifier))
        if var is None:
            parent = self.v.parents.get(program)
            if parent:
                var = self.v.variants.get((parent, modifier))
        return var

    def _subject(self, m: NumberMention, cms: list[NumberMention], k: int, ctoks: list[Token],
                 cs: int, ce: int, carried: Subject | None) -> Subject | None:
        text = self.text
        nxt = cms[k + 1].start if k + 1 < len(cms) else ce
        after = self._groups(ctoks, m.end, nxt)
        # 1. a topic or program named right after the number: 16.69万名城乡低保对象, 100元的副食品补贴
        gap_re = _FOLLOW_GAP_COUNT if m.kind == "count" else _FOLLOW_GAP_MONEY
        follow = after[0] if after and gap_re.match(text[m.end:after[0].start]) else None
        if follow is not None and follow.kind == "topic":
            return self._subject_from(follow, ctoks, cs, m.start)
        # 2. the target of 纳入 after the number -- unless the number already follows a target of
        # its own (纳入低保812人、纳入特困供养63人: the next 纳入 names the next figure's program;
        # who was taken in, 监测对象纳入低保, is not what the figure counts)
        na = text.find(_NAIRU, m.end, ce)
        if na >= 0 and (pa := text.rfind(_NAIRU, cs, m.start)) >= 0:
            own = self._groups(ctoks, pa, m.start)
            if own and follow is None:
                return self._subject_from(own[0], ctoks, cs, m.start)
        if na >= 0:
            between = [g for g in self._groups(ctoks, m.end, na) if g.kind == "topic"]
            if between:  # 2.01万名...建档立卡贫困人口纳入低保: the people are the topic's
                return self._subject_from(between[0], ctoks, cs, m.start)
            target = self._groups(ctoks, na, ce)
            if target and target[0].kind != "generic":
                return self._subject_from(target[0], ctoks, cs, m.start)
            if follow is None:
                return None
        # 3. the object of a payment verb after the number (为15名孤儿发放助学金)
        pv = _PAY_VERB.search(text, m.end, ce)
        if pv:
            obj = [g for g in self._groups(ctoks, pv.start(), ce) if g.kind != "generic"]
            if obj and _FOLLOW_GAP.match(text[pv.end():obj[0].start]) is not None:
                # 为300户城镇低保家庭发放低保金: the paid benefit names the broad program the
                # recipients' narrower one belongs to; the narrower is meant
                if obj[0].kind == "program" and not self._broad.isdisjoint(obj[0].programs):
                    for named in (follow, self._last_before(ctoks, cs, m.start)):
                        if named is not None and named.start < obj[0].start and self._narrows(named, obj[0]):
                            return self._subject_from(named, ctoks, cs, m.start)
                return self._subject_from(obj[0], ctoks, cs, m.start)
        if follow is not None and follow.kind != "generic":
            return self._subject_from(follow, ctoks, cs, m.start)
        # 4. the first subject named before it in the clause
        if text.find("(", cs, m.start) < 0:
            visible = ctoks  # no bracketed aside to hide
        else:
            parens = [(p.start(), p.end()) for p in _PAREN.finditer(text, cs, m.start)]
            visible = [t for t in ctoks if not any(a <= t.start and t.end <= b for a, b in parens)]
        before = [g for g in self._groups(visible, cs, m.start) if g.kind != "generic"]
        if before:
            # A sum of money is about what is paid right before it (发放助学金23万元); a count
            # or a standard is about the clause's topic, named first.
            spending = m.kind == "money" and m.scaled
            # ... unless the nearest is a topic: 农村低保季节性缺粮食救助对象3338户
            chosen = before[-1] if spending or before[-1].kind == "topic" else before[0]
            if spending and len(before) > 1 and self._narrows(before[-2], chosen):
                # 为农村低保对象2847人发放低保金462万元: the benefit's broad name refers back
                chosen = before[-2]
            # ... or a list of figures each after its own subject (孤儿658人、事实无人抚养儿童1530人):
            # the first subject named since the previous figure of the clause
            since = [g for g in before if k > 0 and g.start >= cms[k - 1].end]
            if not spending and since:
                chosen = since[0]
            elif m.kind == "count" and k > 0 and len(before) > 1:
                # 城市低保1203户2315人、农村低保8673户16117人: the second figure of a pair goes
                # with the subject of the first, named since the figure before that
                lo = cms[k - 2].end if k > 1 else cs
                pair = [g for g in before if lo <= g.start < cms[k - 1].start]
                if pair:
                    chosen = pair[-1] if pair[-1].kind == "topic" else pair[0]
            # ... or a narrower program named later (孤儿标准提高到机构养育孤儿每人每月1700元)
            elif chosen is before[0] and len(before) > 1 and self._narrows(before[-1], before[0]):
                chosen = before[-1]
            subj = self._subject_from(chosen, ctoks, cs, m.start)
            if (not subj.places and carried is not None and carried.places and subj.kind == "program"
                    and carried.start >= 0 and text[cs - 1:cs] == "," and carried.start >= _clause_start(text, 0, cs - 1)
                    and not any(t.kind in ("place", "collective", "urban") for t in ctoks)
                    and not self._cue_between(cs, m.start)
                    and self._same_family(subj.programs, carried.programs)):
                # X市、Y市城市低保标准为960元,农村低保标准为880元: the places go on
                subj.places = list(carried.places)
            return self._bare_modifier(subj, ctoks, cs, m.start)
        # 5. carried from the nearest earlier clause of the sentence
        if carried is not None:
            own_places = self._places(ctoks, cs, m.start)
            subj = Subject(list(carried.programs), carried.kind, own_places or list(carried.places), carried.word, carried.start)
            return self._bare_modifier(subj, ctoks, cs, m.start)
        generic = [g for g in self._groups(ctoks, cs, ce) if g.kind == "generic"]
        if generic:
            return Subject(generic[0].programs, "program", self._places(ctoks, cs, m.start), generic[0].word, generic[0].start)
        if not ctoks and self._unit_lines:
            cell = self._table_cell(m.start)
            if cell is not None:
                return self._cell_subject(cell)
        if "\n" in self.text[cs:m.start] and not any(t.kind in ("program", "topic") for t in ctoks):
            # a cell of a table flattened one cell a line: the program of the heading above it
            heading = self._heading_program(cs)
            if heading is not None:
                return Subject(heading, "program", self._places(ctoks, cs, m.start), "", -1)
        if self.title_program and not any(t.kind in ("program", "topic") for t in ctoks):
            return Subject([self.title_program], "program", self._places(ctoks, cs, m.start), "", -1)
        return None

    def _table_cell(self, pos: int) -> TableCell | None:
        if self._cells is None:
            self._cells = {c.start: c for c in table_cells(self.text)}
        return self._cells.get(pos)

    def _cell_subject(self, cell: TableCell) -> Subject | None:
        """A cell of a table flattened one cell a line: the program of its column (a 合计 column:
        the one of the table's title), the place of its row (a 合计 row: the report's own)."""
        text = self.text
        span = cell.column
        if text[span[0]:span[1]] in _TOTAL_LABELS:
            if cell.title is None:
                return None
            span = cell.title
        toks = scan(self.v, text, span[0], span[1])
        groups = [g for g in self._groups_in(toks, span[0], span[1]) if g.kind == "program"]
        if len(groups) != 1:
            return None
        home = self.ctx.home
        places: list[str] = []
        for t in scan(self.v, text, cell.row[0], cell.row[1]):
            if t.kind == "place":
                code = resolve(self.v, t.value, home)  # type: ignore[arg-type]
                if code is not None and code not in places:
                    places.append(code)
        if not places and text[cell.row[0]:cell.row[1]] not in _TOTAL_LABELS:
            return None  # a row of a town, a department...: not a place we know
        return Subject(list(groups[0].programs), "program", places, groups[0].word, -1)

    def _heading_program(self, pos: int) -> list[str] | None:
        """The programs of the nearest numbered heading line before ``pos`` when it names one group."""
        if self._headings is None:
            self._headings = [(m.start() + 1, m.end()) for m in _SECTION_HEAD.finditer(self.text)]
        i = bisect_left(self._headings, (pos, pos))
        if not i:
            return None
        hs, he = self._headings[i - 1]
        if hs not in self._heading_programs:
            toks = scan(self.v, self.text, hs, he)
            groups = [g for g in self._groups_in(toks, hs, he) if g.kind != "generic"]
            self._heading_programs[hs] = list(groups[0].programs) if len(groups) == 1 and groups[0].kind == "program" else None
        return self._heading_programs[hs]

    def _last_before(self, ctoks: list[Token], cs: int, mstart: int) -> _Group | None:
        """The last program group named in the clause before the number, if any."""
        before = [g for g in self._groups(ctoks, cs, mstart) if g.kind == "program"]
        return before[-1] if before else None

    def _paid_subsidy(self, m: NumberMention, subject: Subject | None, cs: int, ce: int) -> Subject | None:
        """为城市低保对象109314人发放补贴7519万元: a bare 补贴 paid to the recipients of an assistance
        program is a subsidy of its own (``bare_subsidies.csv``), not the program's benefit
        (低保金, 救助金); the count of people it reached and the sum are that subsidy's."""
        if subject is None or subject.kind != "program" or not subject.programs or subject.start < cs:
            return subject  # the recipients must be named in the clause itself
        if not all(self.v.is_core(p) and not self.v.programs[p].is_subsidy for p in subject.programs):
            return subject
        after, before, words = _bare_subsidy_patterns(self.v)
        if m.kind == "count":
            hit = after.match(self.text, m.end, ce)
        elif m.kind == "money" and m.rate_per is None:
            hit = before.search(self.text, max(cs, m.start - 12), m.start)
        else:
            hit = None
        if hit is None:
            return subject
        return Subject([words[hit.group("w")]], "program", subject.places, hit.group("w"), hit.start("w"))

    def _subject_from(self, g: _Group, ctoks: list[Token], cs: int, mstart: int) -> Subject:
        kind = "program" if g.kind in ("program", "generic") else "topic"
        programs = list(g.programs)
        if kind == "program" and self.text.startswith("等", g.end):
            # 低保等救助资金: "X and others" is the family X belongs to
            programs = self._collapse(programs)
            parent = self.v.parents.get(programs[0]) if len(programs) == 1 else None
            programs = [parent] if parent else programs
        return Subject(programs, kind, self._places(ctoks, cs, mstart), g.word, g.start)

    def _bare_modifier(self, subj: Subject, ctoks: list[Token], cs: int, mstart: int) -> Subject:
        """城市570元 / 其中城市保障对象9726人: a modifier with no program applies to the subject."""
        if len(subj.programs) != 1 or subj.kind != "program" or not _any_between(self._mod_starts, cs, mstart):
            return subj
        last_prog = max((t.end for t in ctoks if t.kind in ("program", "topic") and t.end <= mstart), default=cs)
        mods = [t for t in ctoks if t.kind == "modifier" and last_prog <= t.start and t.end <= mstart]
        if mods:
            var = self._variant(subj.programs[0], mods[-1].word)
            if var:
                subj.programs = [var]
        return subj

    def _part_modifier(self, subj: Subject, ctoks: list[Token], cs: int, mstart: int) -> bool:
        """A bare modifier before a count that picks no variant of the subject's program
        (集中供养386人 after 特困人员): the count is a part the catalogue has no program for."""
        if len(subj.programs) != 1 or subj.kind != "program" or not _any_between(self._mod_starts, cs, mstart):
            return False
        last_prog = max((t.end for t in ctoks if t.kind in ("program", "topic") and t.end <= mstart), default=cs)
        mods = [t for t in ctoks if t.kind == "modifier" and last_prog <= t.start and t.end <= mstart]
        return bool(mods) and all(self._variant(subj.programs[0], t.word) is None for t in mods)

    def _title_program(self) -> str | None:
        ctx = self.ctx
        if not ctx.title_span:
            return None
        s, e = ctx.title_span
        toks = self.tokens[bisect_left(self._starts, s):bisect_left(self._starts, e)]
        progs = {str(t.value) for t in toks if t.kind == "program"}
        if len(progs) == 1 and not any(t.kind == "topic" for t in toks):
            return progs.pop()
        return None

    # ----------------------------------------------------------------- places
    def _place_groups(self, toks: list[Token], a: int, b: int) -> list[list[str]]:
        if not _any_between(self._place_starts, a, b):
            return []
        text = self.text
        home = self.ctx.home
        groups: list[list[str]] = []
        last_end = -10
        for t in toks:
            if not (a <= t.start and t.end <= b):
                continue
            code: str | None = None
            if t.kind == "place":
                code = resolve(self.v, t.value, home)  # type: ignore[arg-type]
            elif t.kind == "collective":
                code = self._anaphor(t.start) if t.value == "anaphor" else self._collective(str(t.value))
            elif t.kind == "urban":
                code = self.v.urban_district.get(home.city or home.code) if home else None
            else:
                continue
            if code is None:
                continue
            if groups and _LIST_GAP.match(text[last_end:t.start]):
                if code not in groups[-1]:
                    groups[-1].append(code)
            else:
                groups.append([code])
            last_end = t.end
        return groups

    def _anaphor(self, pos: int) -> str | None:
        """该市/该县: the place last named before ``pos`` in its sentence or the one before;
        with none, the report's own jurisdiction."""
        floor = self.sentences.start(max(self.sentences.start(pos) - 1, 0))
        i = bisect_left(self._starts, pos) - 1
        while i >= 0 and self.tokens[i].start >= floor:
            t = self.tokens[i]
            if t.kind == "place":
                code = resolve(self.v, t.value, self.ctx.home)  # type: ignore[arg-type]
                if code is not None:
                    return code
            i -= 1
        return self.ctx.home.code if self.ctx.home else None

    def _collective(self, level: str) -> str | None:
        """What 全市/我县/全省/全国 stand for: the report's jurisdiction, except 全省 in a city or
        county report (its province: 高于全省平均水平) and 全国 (no jurisdiction of ours)."""
        home = self.ctx.home
        if level == "country":
            return _NATIONAL
        if home is None:
            return None
        if level == "province" and home.level != "province" and home.province:
            return home.province
        return home.code

    def _place_alone(self, toks: list[Token], a: int, b: int) -> bool:
        """Whether text[a:b] is nothing but place names, after an optional 比如/例如."""
        text = self.text
        rest: list[str] = []
        pos = a
        for t in toks:
            if t.kind == "place" and a <= t.start and t.end <= b:
                rest.append(text[pos:t.start])
                pos = t.end
        rest.append(text[pos:b])
        return _PLACE_LEAD.fullmatch("".join(rest).strip(" \t、和")) is not None

    def _places(self, toks: list[Token], a: int, b: int) -> list[str]:
        out: list[str] = []
        for g in self._place_groups(toks, a, b):
            for c in g:
                if c not in out:
                    out.append(c)
        return out

    # ---------------------------------------------------------- metric / unit
    def _metric_unit(self, r: Classified, subject: Subject, cs: int) -> None:
        m = r.mention
        text = self.text
        before = text[cs:m.start]
        if m.kind == "count":
            r.unit = m.unit
            if self._exits.search(before):
                r.metric = "exits"
            elif self._new.search(before):
                r.metric = "new_recipients"
            else:
                r.metric = "recipients"
            return
        # money
        avg = self._avg.search(before)
        is_standard = bool(self._standard.search(before)) or text.startswith("标准", m.end)
        prefix = None
        for pm in self._prefix_rate.finditer(before):
            prefix = self.v.prefix_rates[pm.group()]
        per = m.rate_per
        basis = m.rate_basis
        if per in (None, "inherit") and prefix is not None:
            per, basis = prefix.per, prefix.basis
        if per == "inherit":
            per = None
        # 万元 is a total unless a rate or an average word sits right before it (人均年补助1.2万元)
        rate_next_to_it = (prefix and _adjacent_prefix(text, cs, m.start, self._prefix_rate)) or (
            avg and _ends_with_cue(text[max(cs, m.start - 8):m.start], self._avg))
        if m.scaled and m.rate_per is None and not rate_next_to_it:
            r.metric, r.unit = "spending", "cny"
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
                limit = self.v.standard_limits.get(subject.programs[0], self.v.standard_limits.get("*", 3000.0))
                per = "year" if (m.value or 0) > limit else "month"
        else:
            r.metric, r.unit = "spending", "cny"
            return
        if per not in ("month", "year"):
            r.reason = "unknown_rate"
            return
        r.unit = f"cny_per_{basis or 'person'}_{per}"

    # -------------------------------------------------------- lists / places
    def _distribute(self, r: Classified, subject: Subject, cms: list[NumberMention], k: int,
                    ctoks: list[Token], cs: int, clauses: list[tuple[int, int]], tokens: list[Token]) -> None:
        m = r.mention
        text = self.text
        home = self.ctx.home
        fb = text.rfind("分别", cs, m.start)
        programs = list(subject.programs)
        places = list(subject.places)
        if fb >= 0:
            values = [x for x in cms if x.start > fb and x.kind == m.kind]
            idx = values.index(m) if m in values else 0
            half = len(values) // 2
            if len(values) % 2 == 0 and half > 1 and _TO_VERB.search(text, values[half - 1].end, values[half].start):
                # 分别由A、B提高到C、D: the old values, then the new ones, each in list order
                values, idx = (values[:half], idx) if idx < half else (values[half:], idx - half)
            listed: list[str] = []
            for g in self._groups(ctoks, cs, fb):
                if g.kind == "topic":
                    continue
                for p in g.programs:
                    if p not in listed:
                        listed.append(p)
            if len(values) > 1 and not listed:
                # 生活补贴发放对象2.8万人,护理补贴3.9万人,标准分别为80元和90元: the programs counted
                # in the sentence's earlier clauses, in order
                if len(self._counted_before) == len(values):
                    listed = list(self._counted_before)
            if len(values) > 1:
                if len(listed) == len(values):
                    programs = [listed[idx]]
                elif len(listed) == 1 and len(values) == 2 and self._variant(listed[0], "城市") and "城乡" in text[cs:fb]:
                    programs = [self._variant(listed[0], _URBAN_RURAL[idx]) or listed[0]]
                else:
                    plist = self._place_list_for(len(values), ctoks, cs, fb, clauses, tokens)
                    if plist is None:
                        r.reason = "ambiguous_list"
                        return
                    places = [plist[idx]]
        # a value shared by a list: one fact per program / place for rates; sums go to the common parent
        if len(programs) > 1:
            programs = self._collapse(programs) if r.metric in ("recipients", "spending", "exits", "new_recipients") else self._drop_children(programs)
            if not programs:
                r.reason = "ambiguous_program_list"
                return
        if _NATIONAL in places:
            r.reason = "national_figure"  # 全国城市低保平均标准(每人每月330元)
            return
        if len(places) > 1 and k > 0:
            # 宾川县1620人、祥云县1480人: a place named since the clause's previous figure is this one's
            since = self._places(ctoks, cms[k - 1].end, m.start)
            if since:
                places = since
        if len(places) > 1 and r.metric not in ("standard", "avg_benefit"):
            r.reason = "shared_count_over_places"
            return
        if not places:
            places = self._line_label(m.start)
        if not places:
            if home is None:
                r.reason = "no_jurisdiction"
                return
            places = [home.code]
        r.items = [(p, c) for c in places for p in programs]

    def _line_label(self, pos: int) -> list[str]:
        """安定区:城市低保标准每人每月620元,...: a line opened by a place and a colon is about that
        place (a list of counties, one line each), unless the clause names its own."""
        text = self.text
        ls = text.rfind("\n", 0, pos) + 1
        colon = text.find(":", ls, pos)
        if colon < 0 or colon - ls > 16:
            return []
        i = bisect_left(self._starts, ls)
        label = [t for t in self.tokens[i:i + 4] if t.end <= colon]
        if not label or any(t.kind != "place" for t in label):
            return []
        if text[ls:colon].strip(" \t") != text[label[0].start:label[-1].end]:
            return []  # the label must be the place name alone
        return self._places(label, ls, colon)

    def _place_list_for(self, n: int, ctoks: list[Token], cs: int, fb: int,
                        clauses: list[tuple[int, int]], tokens: list[Token]) -> list[str] | None:
        for g in self._place_groups(ctoks, cs, fb):
            if len(g) == n:
                return g
        prev = [c for c in clauses if c[1] <= cs]
        for ps, pe in reversed(prev[-2:]):
            ptoks = [t for t in tokens if ps <= t.start < pe]
            for g in self._place_groups(ptoks, ps, pe):
                if len(g) == n:
                    return g
        return None

    def _drop_children(self, programs: list[str]) -> list[str]:
        """孤儿和事实无人抚养儿童 -> 孤儿: drop a member whose ancestor is listed too."""
        return [p for p in programs if not any(a in programs for a in self.v.ancestors(p))]

    def _collapse(self, programs: list[str]) -> list[str]:
        """A count or sum over several programs belongs to their nearest common parent."""
        programs = self._drop_children(programs)
        if len(programs) == 1:
            return programs
        common: list[str] | None = None
        for p in programs:
            chain = [p, *self.v.ancestors(p)]
            common = chain if common is None else [c for c in common if c in chain]
        return common[:1] if common else []

    # -------------------------------------------------------- period / status
    def _future_cues(self, s: int, e: int) -> list[tuple[int, str]]:
        out = []
        text = self.text
        for fm in self._future.finditer(text, s, e):
            word = fm.group()
            # 计划 is a plan only before what is planned (计划投入), not in names (明天计划) or 按计划
            if word == "计划" and (text[fm.start() - 1:fm.start()] == "按" or not _PLAN_WORD.match(text, fm.start())):
                continue
            out.append((fm.start(), self.v.future_cues[word]))
        return out

    def _period_status(self, r: Classified, cues: list[PeriodCue], to_verbs: list[int], from_marks: list[int],
                       future: list[tuple[int, str]], cs: int) -> None:
        m = r.mention
        rt = self.ctx.time_at(m.start)
        if rt is None:
            r.reason = "no_period"
            return
        # 从X提高到Y: the nearest marker before the number says which side it is on
        role = None
        # both lists are sorted (found left to right)
        i = bisect_left(to_verbs, m.start)
        last_to = to_verbs[i - 1] if i else -1
        j = bisect_left(from_marks, m.start)
        last_from = from_marks[j - 1] if j else -1
        if last_to > last_from:
            role = "to"
        elif last_from >= 0 and to_verbs and to_verbs[-1] > m.start:
            role = "from"
        period = (rt.start, rt.end)
        next_year = False  # dated 明年: what is yet to happen is a plan
        for cue in reversed(cues):
            if cue.end <= m.start:
                if role == "to" and last_from >= 0 and last_from <= cue.start < last_to:
                    continue  # 从去年的3200元提高到3600元: 去年 dates the old value
                key = (id(cue), id(rt))  # both live as long as this classifier
                if key in self._resolved:
                    span = self._resolved[key]
                else:
                    span = self._resolved[key] = self.periods.resolve(cue, rt)
                if span:
                    period = span
                    next_year = cue.kind == "relative" and cue.groups[0] in _NEXT_YEAR
                    break
        if role == "from" and r.metric in ("standard", "avg_benefit"):
            eff = _EFFECTIVE.search(self.text, self.sentences.start(m.start), m.start)
            if eff:
                # 自2026年1月1日起...由760元提高到800元: the old value held until the change took effect
                y, mth = int(eff.group(1)), int(eff.group(2))
                period = year_span(y - 1) if mth == 1 else (date(y, 1, 1), month_end(y, mth - 1))
        if r.metric in ("standard", "avg_benefit") and period[0].year != period[1].year and role:
            if role == "to":
                period = (date(period[1].year, 1, 1), period[1])
            else:
                period = (period[0], date(period[0].year, 12, 31))
        r.period = period
        status = "target" if next_year else self.ctx.status_at(m.start)
        for pos, scope in future:
            if pos < m.start and (scope == "all" or role == "to"
                                  or (scope == "clause" and m.start < _clause_end(self.text, pos))):
                status = "target"
        r.status = status


_PATTERN_CACHE: dict[int, tuple[Any, ...]] = {}


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True)) or "(?!)"


def _patterns(vocab: Vocabulary) -> tuple[Any, ...]:
    """Cue patterns compiled once per vocabulary."""
    key = id(vocab)
    if key not in _PATTERN_CACHE:
        cues = vocab.metric_cues
        by = {m: [c for c, mm in cues.items() if mm == m] for m in set(cues.values())}
        roles = vocab.comparison_cues
        _PATTERN_CACHE[key] = (
            re.compile("(?:" + _alternation(by.get("delta", [])) + r")(?:了|分别|共|约|达)?$"),
            re.compile(_alternation(by.get("exits", []))),
            re.compile(_alternation(by.get("new_recipients", []))),
            re.compile(_alternation(by.get("avg_benefit", []))),
            re.compile(_alternation(by.get("standard", []))),
            re.compile(_alternation(list(vocab.prefix_rates))),
            re.compile(_alternation(list(vocab.future_cues))),
            re.compile(_alternation(list(vocab.irregular_cues))),
            # 高于全省平均水平(262元), 略低于全省平均1520元: a bare figure right after an average it
            # is compared with (seeds/extract/comparison_cues.csv) ...
            re.compile("(?:" + _alternation([w for w, r in roles.items() if r == "verb"]) + ")(?:"
                       + _alternation([w for w, r in roles.items() if r == "average"]) + r")[(:为是]*$"),
            # ... whose regex runs only for numbers right after an average word (one C call each)
            tuple(w + tail for w, r in roles.items() if r == "average" for tail in ("", "(", ":", "为", "是")),
        )
    return _PATTERN_CACHE[key]


_BARE_CACHE: dict[int, tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]] = {}
_PAYING = r"(?:发放|发给|给予)"


def _bare_subsidy_patterns(vocab: Vocabulary) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """A payment verb with a bare subsidy word as its whole object: after a count
    (109314人发放补贴...) and before a sum (发放补贴7519万元)."""
    key = id(vocab)
    if key not in _BARE_CACHE:
        words = {r["word"]: r["program"] for r in ref.read_csv("extract/bare_subsidies.csv")}
        alt = _alternation(list(words))
        _BARE_CACHE[key] = (
            re.compile(r"(?:共|累计)?" + _PAYING + r"(?P<w>" + alt + r")(?=[\d约近共计,;。]|$)"),
            re.compile(_PAYING + r"(?P<w>" + alt + r")(?:共|计|合计|约|近)?$"),
            words,
        )
    return _BARE_CACHE[key]


def _glued(text: str, mentions: list[NumberMention]) -> tuple[set[int], set[int]]:
    """Ids of amounts written back to back in the same unit (501.49万元80.21万元): a garbled
    text (a lost separator or program name) where neither amount can be trusted. Different
    units glued together are normal (4720户8582人). Second, ids of amounts that restate, in
    brackets right after it, the amount before them (2246万元(2246.4万元), a more exact
    figure): the same quantity, stated once."""
    glued: set[int] = set()
    restated: set[int] = set()
    for a, b in zip(mentions, mentions[1:]):
        if a.unit is None or a.unit != b.unit:
            continue
        if a.end == b.start:
            glued.update((id(a), id(b)))
        elif (b.start == a.end + 1 and text[a.end] == "("
              and abs(a.value - b.value) <= 0.01 * max(abs(a.value), abs(b.value))):
            restated.add(id(b))
    return glued, restated


def _clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    start = s
    for m in _CLAUSE_SEP.finditer(text, s, e):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, e))
    return out


def _clause_end(text: str, pos: int) -> int:
    """Where the clause running at ``pos`` ends (its comma, semicolon or full stop)."""
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def _clause_start(text: str, s: int, pos: int) -> int:
    """Start of the clause (see :func:`_clauses`) of the sentence starting at ``s`` that holds ``pos``."""
    return max(s, text.rfind(",", s, pos) + 1, text.rfind(";", s, pos) + 1, text.rfind(":", s, pos) + 1)


def _quote_start(text: str, cs: int, mstart: int) -> int:
    i = cs
    while i < mstart and text[i] in " \t\n、“”\"'(()":
        i += 1
    return i


def _adjacent_prefix(text: str, cs: int, pos: int, prefix_re: re.Pattern[str]) -> bool:
    window = text[max(cs, pos - 6):pos]
    return any(window.endswith(m.group()) for m in prefix_re.finditer(window))


def _ends_with_cue(window: str, cue_re: re.Pattern[str]) -> bool:
    """Whether some cue of ``cue_re`` ends the window (overlapping cues such as 年人均 / 人均补助 included)."""
    window = re.sub(r"(?:为|达到|达|约)$", "", window)
    return any(cue_re.fullmatch(window[i:]) for i in range(len(window)))


def _per_from_context(before: str) -> str | None:
    tail = before[-4:]
    if "月" in tail:
        return "month"
    if "年" in tail:
        return "year"
    return None
