"""Drop reasons: the rules that decide a number is no fact, each a named function.

``etl extract --unclassified`` prints a reason with every number that did not
become a fact; each reason is decided in one place:

===========================  ==============================================
reason                       decided by
===========================  ==============================================
other_unit                   :func:`other_unit`
glued_amounts                :func:`glued_amounts`
restatement                  :func:`restatement`
irregularity                 :func:`irregularity`
worked_example               :func:`worked_example`
change_not_level             :func:`change_not_level`, :func:`etl.extract.drop_cues.change_size`
initial_value                :func:`etl.extract.drop_cues.initial_value`
keywords_line                :func:`etl.extract.drop_cues.keywords_line`
comparison_average           :func:`comparison_average`
sub_county_place             :func:`sub_county_place`, :func:`after_sub_county_place`
activity_count               :func:`activity_count`
no_program                   :func:`etl.extract.subject.subject` finds none
unnamed_part                 :func:`unnamed_part`, :func:`unnamed_parts_after_total`
subset_of_recipients         :mod:`etl.extract.subsets`, :func:`etl.extract.parts.parts_of_other_total`
other_topic:<topic>          :func:`other_topic`
combined_total               :func:`combined_total`
range_bound                  :func:`etl.extract.bounds.pair_bounds`: the other end of a
                             最高/最低 pair, kept as the range of the lowest
unknown_rate                 :mod:`etl.extract.metric`
implausible_rate             :mod:`etl.extract.metric`: a rate beyond any its program pays one
                             person or household (``standard_limits.csv``)
varying_amounts              :mod:`etl.extract.metric`: a range of amounts 不等 (by case)
bare_amount, received_amount :mod:`etl.extract.metric`: a plain 元 amount nothing says was
                             paid, or that one recipient receives
ambiguous_list, ...          :mod:`etl.extract.distribute` (also ambiguous_program_list,
                             national_figure, shared_count_over_places, no_jurisdiction)
no_period                    :mod:`etl.extract.period_status`
fractional_count             :func:`fractional_count`, asked last: a count that is no whole number
unreadable_number            the number grammar (:mod:`etl.extract.numbers`): numerals
                             before a unit that are no one number read with certainty
no_unit                      the number grammar: a figure written without a unit (人数从3万
                             下降到2.5万; 12/月 with no word for a standard before it)
unclassified                 :mod:`etl.extract.facts`: no rule gave a reason, yet a
                             field of the fact is missing
===========================  ==============================================

The rules before the subject (:func:`before_subject`) need only the number and
its clause; those after it (:func:`after_subject`) also the subject found. Each
returns its reason, or None to let the number go on; ``before_subject`` and
``after_subject`` ask them in a fixed order and the first reason wins; a rule
whose cue the sentence lacks (see :func:`sentence_cues`) is not asked, since it
would return None. :func:`combined_total` runs last: it may also replace the
subject.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from etl.extract.classify_base import FIGURE_LIST_SEP, ClauseState, Classified, Doc, SentenceState, Subject
from etl.extract.groups import collapse
from etl.extract.drop_cues import change_size, initial_value, keywords_line, text_cues
from etl.extract.locality import part_modifier
from etl.extract.numbers import NumberMention
from etl.extract.sentences import any_between
from etl.extract.subsets import subset_of_recipients

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
# 80岁以上老人最多的是青石镇,共260位: the clause before ends naming the town the figures are about
_TOWN_BEFORE = re.compile(r"(?:是|为|在|属)[\u4e00-\u9fff]{1,6}?(?<![城各全本])(?:镇|乡|街道)$")
_TOTAL_WORD = re.compile(r"共计|合计|总计|共")
_PART_MARK = "其中"
_DIGITS = re.compile(r"[\d.,]+")

# what a clause (or line) opened by a town must hold: 镇, 乡, 街道 or 办事处
_TOWN_CHAR = re.compile(r"[镇乡街办]")


def fractional_count(m: NumberMention) -> str | None:
    """12.5户, 1.5人: a count of people, households or person-times that is no whole number is no
    figure of recipients (its 万 lost, a digit glued on); it stays a mention, with its value.
    Asked last, so a ratio (每万名老年人拥有护理员24.56人) keeps the reason it is no fact for."""
    if m.kind == "count" and not (float(m.value).is_integer()
                                  and (m.value_high is None or float(m.value_high).is_integer())):
        return "fractional_count"
    return None


# ------------------------------------------------------------ before the subject
def other_unit(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """A number with no unit of ours (15个, 10家, 3座): a counter of things, not of people or money."""
    return "other_unit" if m.kind == "other" or m.unit is None else None


def glued_amounts(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """Two amounts of one unit back to back (501.49万元80.21万元): a garbled text, a separator or
    program name lost, so neither amount can be trusted (see :func:`find_glued`)."""
    return "glued_amounts" if id(m) in sent.glued else None


def restatement(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """2246万元(2246.4万元): the bracketed amount restates the one before it, the same quantity."""
    return "restatement" if id(m) in sent.restated else None


def irregularity(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """审计发现...多发低保金12.3万元, 追回资金16.9万元: the sentence (or the clause up to the number)
    reports an irregularity (``irregular_cues.csv``), not what the program paid."""
    irr_clause = doc.irr_clause
    if sent.irregular or (irr_clause and any_between(irr_clause, cl.cs, m.start)):
        return "irregularity"
    return None


def worked_example(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """举例说明:如一户三口之家月收入1200元...: a worked example of a rule, not a figure of the report."""
    return "worked_example" if sent.example else None


def change_not_level(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """A number right after 提高/增加/减少 (``metric_cues.csv`` delta), or listed right after one
    that is (提高了30元、40元): a change, not the level itself."""
    text = doc.text
    pat = doc.pat
    if (text[m.start - 1:m.start] in pat.delta_last and pat.delta.search(text, max(cl.cs, m.start - 8), m.start)) or (
        m.start - sent.prev_delta_end <= 1 and text[sent.prev_delta_end:m.start] in ("、", "和", "")
    ):
        sent.prev_delta_end = m.end
        return "change_not_level"
    return None


def comparison_average(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """高于全省平均水平(262元): a bare figure right after an average it is compared with
    (``comparison_cues.csv``) is the average of a wider area, not the report's; so are the
    bare figures listed right after it (高出全市平均水平80元和120元)."""
    text = doc.text
    if m.rate_per is not None:
        return None
    # (a separator of a list is one or two characters: no regex for a figure further from the last)
    pat = doc.pat
    if (text[m.start - 1:m.start] in pat.average_last and text.endswith(pat.averages, cl.cs, m.start)
            and pat.comparison.search(text, max(cl.cs, m.start - 12), m.start)) or (
            m.start - max(sent.prev_cmp_end, 0) <= 2 and FIGURE_LIST_SEP.fullmatch(text, sent.prev_cmp_end, m.start)):
        # (and the figures listed right after one: 高出全市平均水平80元和120元)
        sent.prev_cmp_end = m.end
        return "comparison_average"
    return None


def sub_county_place(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """其中保华镇2户10人, 若水镇:低保资金986万元: a clause (or a line) opened by a town, or right
    after a clause ending on one (最多的是青石镇,共260位), is about a place below the county,
    which the jurisdiction table does not hold -- unless a place of ours is named before the
    number. The next clauses carry the town on."""
    if cl.sub_county is None:
        cl.sub_county = sent.town_row or _SUB_COUNTY.match(doc.text, cl.cs) is not None or (
            cl.cs > sent.s and _TOWN_BEFORE.search(doc.text, max(sent.s, cl.cs - 12), cl.cs - 1) is not None)
    if cl.sub_county and not any(t.kind in ("place", "collective") for t in cl.ctoks if t.start < m.start):
        cl.last_subject = Subject([], "sub_county")
        return "sub_county_place"
    return None


def after_sub_county_place(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """保华镇2户10人,救助资金25380元: a clause after a town's, naming no place or program of its
    own before the number, is still about the town."""
    carried = sent.carried
    if carried is not None and carried.kind == "sub_county" and not any(
            t.kind in ("place", "collective", "program", "topic") for t in cl.ctoks if t.start < m.start):
        return "sub_county_place"
    return None


def activity_count(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """A count in a clause naming an activity (安置, 寻亲, 体检: ``activities.csv``): people
    the activity reached, not the recipients of a program."""
    if m.kind != "count":
        return None
    if cl.activity is None:
        cl.activity = any(t.kind == "activity" for t in cl.ctoks)
    return "activity_count" if cl.activity else None


def sentence_cues(doc: Doc, sent: SentenceState) -> None:
    """Find once per sentence whether it holds what some rules need to fire: an irregularity
    cue, a town (镇/乡/街道/办事处: the sub-county rules; a town row), an activity word, 幅度 (a change's
    size), an initial value's word, a keyword line."""
    s, e = sent.s, sent.e
    sent.irregular_cue = sent.irregular or (bool(doc.irr_clause) and any_between(doc.irr_clause, s, e))
    sent.town = _TOWN_CHAR.search(doc.text, s, e) is not None
    sent.town_row = sent.town and is_town_row(doc, s)  # (a town row holds a town character)
    sent.activity = any_between(doc.activity_starts, s, e)
    text_cues(doc, sent)


# The rules that need no subject, in the order they are asked, each with the sentence
# cue it needs (:func:`sentence_cues`, :func:`find_glued`; None: asked of every number).
# The order matters where two could fire (a change listed in a town's clause is a change).
_BEFORE_SUBJECT: tuple[tuple[str | None, Callable[[Doc, SentenceState, ClauseState, NumberMention], str | None]], ...] = (
    (None, other_unit),
    ("glued", glued_amounts),
    ("restated", restatement),
    ("irregular_cue", irregularity),
    ("example", worked_example),
    (None, change_not_level),
    ("change_size", change_size),
    ("initial", initial_value),
    ("keywords", keywords_line),
    (None, comparison_average),
    ("town", sub_county_place),
    ("town", after_sub_county_place),
    ("activity", activity_count),
)


def before_subject(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """The reason of the first rule of :data:`_BEFORE_SUBJECT` that says the number is no
    fact; a rule whose cue the sentence lacks is not asked."""
    for cue, rule in _BEFORE_SUBJECT:
        if cue is None or getattr(sent, cue):
            reason = rule(doc, sent, cl, m)
            if reason is not None:
                return reason
    return None


# ------------------------------------------------------------- after the subject
def unnamed_part(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention, subj: Subject) -> str | None:
    """特困人员2264人,其中集中供养386人: a bare modifier before a count that picks no variant of
    the subject's program counts a part the catalogue has no program for."""
    if m.kind == "count" and part_modifier(doc, subj, cl.ctoks, cl.cs, m.start):
        return "unnamed_part"
    return None


def other_topic(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention, subj: Subject) -> str | None:
    """The subject is a topic of the catalogue (``topics.csv``: 养老机构, ...), not one of the
    programs the facts are about: ``other_topic:<topic>``."""
    return "other_topic:" + subj.programs[0] if subj.kind == "topic" else None


def after_subject(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention, subj: Subject) -> str | None:
    """The reason of the first rule that needs the subject and says the number is no fact
    (the first two ask for a count)."""
    reason = None
    if m.kind == "count":
        reason = unnamed_part(doc, sent, cl, m, subj)
        if reason is None:
            reason = subset_of_recipients(doc, sent, cl, m, subj)
    if reason is None:
        reason = other_topic(doc, sent, cl, m, subj)
    return reason


def combined_total(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention,
                   subj: Subject) -> tuple[str | None, Subject]:
    """为214名困难残疾人发放生活补贴,为176名重度残疾人发放护理补贴,共计发放补贴资金27.1万元:
    a total (共计/合计) for all the groups counted before in the sentence is their common
    program's; when they have none it is the ``combined_total`` reason.

    Returns (reason, subject): the subject replaced by the common program when there is one."""
    cs = cl.cs
    counted = sent.counted
    if (m.kind == "money" and len(counted) > 1 and subj.kind == "program"
            and subj.start < cs and set(subj.programs) <= set(counted)
            and _TOTAL_WORD.search(doc.text, cs, m.start)):
        common = collapse(doc.v, counted)
        if len(common) != 1:
            return "combined_total", subj
        return None, Subject(common, "program", list(subj.places), subj.word, subj.start)
    return None, subj


# --------------------------------------------------------------- whole sentences
def is_town_row(doc: Doc, s: int) -> bool:
    """A line that opens with a town and a colon: every figure of it is the town's (see :func:`sub_county_place`)."""
    return _TOWN_ROW.match(doc.text, s) is not None


def find_glued(text: str, mentions: list[NumberMention]) -> tuple[set[int], set[int]]:
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


def unnamed_parts_after_total(doc: Doc, results: list[Classified]) -> None:
    """其中 after a total, then parts worded alike that resolve to the very program, place,
    metric and unit of that total (纳入城乡低保8957户。其中:12月份纳入低保3167户...;12月份纳入低保
    5790户...): the word that told the parts apart (城市, 农村 ...) is lost, so they are not the
    program's figures and become mentions (``unnamed_part``). Parts told apart by other words
    (死亡退出266户, 不符退出278户; 住院救助, 门诊救助) stay facts."""
    text = doc.text
    if _PART_MARK not in text:
        return  # (most reports break nothing down)
    starts = [r.mention.start for r in results]
    parts: dict[tuple[object, ...], list[Classified]] = {}
    for r in results:
        if not r.items or r.reason:
            continue
        m = r.mention
        s = doc.sentences.start(m.start)
        qi = text.rfind(_PART_MARK, s, m.start)
        if qi < 0:
            continue
        # the total is before 其中: in its sentence, or in the sentence before when 其中 opens one
        w0 = s if text[s:qi].strip(" \t:") else doc.sentences.start(max(s - 1, 0))
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
