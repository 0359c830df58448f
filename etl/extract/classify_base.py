"""What the classifier's concerns share: result types, the document being read, cue patterns.

The concern modules (:mod:`groups`, :mod:`clause_places`, :mod:`table_subjects`,
:mod:`subject`, :mod:`drops`, :mod:`metric`, :mod:`distribute`,
:mod:`period_status`) and the orchestrating :mod:`classify` import from here;
this module imports none of them, so no import circle forms.

* :class:`Subject`, :class:`Classified`, :class:`Group` -- what the rules pass on;
* :class:`Doc` -- one document as the rules read it: its text, its one scan of
  catalogue words, its time expressions, the positions each rule looks for,
  and the caches that live as long as the document;
* :class:`CuePatterns` -- the cue words of the catalogue compiled once per
  vocabulary (``metric_cues.csv``, ``future_cues.csv``, ``irregular_cues.csv``,
  ``comparison_cues.csv``, ``prefix_rates.csv``, ``bare_subsidies.csv``), and
  :class:`ProgramSets`, the kinds of program the rules ask about;
* :class:`SentenceState`, :class:`ClauseState` -- what the rules know of the
  sentence and the clause being read.

The program-family questions every concern asks (``variant``, ``collapse``,
``narrows`` ...) are in :mod:`groups`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from etl import catalogue as ref
from etl.extract.catalogue import Token, Vocabulary, scan
from etl.extract.document import DocContext
from etl.extract.numbers import NumberMention, TableCell
from etl.extract.table_layouts import has_header_block
from etl.extract.table_wide import has_row_head
from etl.extract.periods import PeriodCue, PeriodGrammar
from etl.extract.references import hidden_tokens
from etl.extract.sentences import Sentences, clause_end

# Between two items of one list: 低保、特困, 城市和农村
LIST_GAP = re.compile(r"^(?:、|和|及|以及|与|或|或者|”、“|”“|\"、\"|、“|”、|“|”)?$")
# between two figures of one list (80元和120元, 150元,、250元): the second is read as the first is
FIGURE_LIST_SEP = re.compile(r",?(?:、|和|及|与)")
# 提高到/增至...: the value after it is the new one (从X提高到Y)
# (Each verb written with its 到/至/为, the same alternatives in the same order: a pattern whose
# alternatives all open with a literal lets the engine skip to their first characters in C,
# while one that opens with a group is tried at every character, ~5x slower.)
_TO_VERBS = ("提高", "提升", "调整", "增加", "上调", "调增", "提标", "减少", "下降", "降低", "下调", "缩减")
TO_VERB = re.compile("|".join(v + "(?:到|至|为)" for v in _TO_VERBS) + "|增至|提至|升至|减至|降至|调为|达到")
# What 全国 resolves to: a figure about the whole country is no fact of any jurisdiction.
NATIONAL = "000000"
GROUP_KINDS = frozenset(("modifier", "program", "topic", "generic"))
PLACE_KINDS = frozenset(("place", "collective", "urban"))


@dataclass(slots=True)
class Subject:
    """Who a figure is about: programs (or a topic) and where."""

    programs: list[str]
    kind: str  # program | topic | generic | sub_county
    places: list[str] = field(default_factory=list)
    word: str = ""
    start: int = -1
    base: list[str] | None = None  # the program a bare 城市/农村 narrowed to ``programs`` (see locality)


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
class Group:
    """A list of programs (or topics) named together, modifiers applied: 城市和农村低保."""

    start: int
    end: int
    programs: list[str]
    kind: str
    word: str


def alternation(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first (one that matches nothing when empty)."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True)) or "(?!)"


class CuePatterns:
    """The catalogue's cue words, compiled once per vocabulary (see :func:`cue_patterns`)."""

    __slots__ = ("delta", "delta_last", "exits", "new", "avg", "standard", "prefix_rate", "future", "irregular",
                 "comparison", "averages", "average_last", "levels", "level")

    def __init__(self, vocab: Vocabulary) -> None:
        cues = vocab.metric_cues
        by = {m: [c for c, mm in cues.items() if mm == m] for m in set(cues.values())}
        roles = vocab.comparison_cues
        # 提高/增加/减少 (and 了/分别/共 after them) right before a number: a change, not a level
        self.delta = re.compile("(?:" + alternation(by.get("delta", [])) + r")(?:了|分别|共|约|达)?$")
        # ... which ends on one of these characters (or before a line break, as $ allows): looked at first
        self.delta_last = frozenset([w[-1] for w in by.get("delta", [])] + list("了别共约达\n"))
        self.exits = re.compile(alternation(by.get("exits", [])))
        self.new = re.compile(alternation(by.get("new_recipients", [])))
        self.avg = re.compile(alternation(by.get("avg_benefit", [])))
        self.standard = re.compile(alternation(by.get("standard", [])))
        self.prefix_rate = re.compile(alternation(list(vocab.prefix_rates)))
        self.future = re.compile(alternation(list(vocab.future_cues)))
        self.irregular = re.compile(alternation(list(vocab.irregular_cues)))
        # 高于全省平均水平(262元), 略低于全省平均1520元: a bare figure right after an average it
        # is compared with (seeds/extract/comparison_cues.csv) ...
        self.comparison = re.compile("(?:" + alternation([w for w, r in roles.items() if r == "verb"]) + ")(?:"
                                     + alternation([w for w, r in roles.items() if r == "average"]) + r")[(:为是]*$")
        # ... whose regex runs only for numbers right after an average word (one C call each)
        # 集中和分散供养标准, 自理、半自理标准: a list of care levels (care_levels.csv)
        level = "(?:" + alternation(list(vocab.care_levels)) + ")"
        self.level = re.compile(level)
        self.levels = re.compile(level + r"(?:(?:供养|养育)?(?:、|和|及|与|以及)" + level + ")+")
        self.averages = tuple(w + tail for w, r in roles.items() if r == "average" for tail in ("", "(", ":", "为", "是"))
        self.average_last = frozenset(w[-1] for w in self.averages)  # (looked at before the words)


class ProgramSets:
    """Programs the rules ask about: subsidies, ``assistance`` (core, no subsidy), ``yearly``
    (monthly limit 0 in standard_limits.csv), ``broad`` (with variants)."""

    __slots__ = ("subsidies", "assistance", "yearly", "broad")

    def __init__(self, vocab: Vocabulary) -> None:
        programs = vocab.programs
        self.subsidies = frozenset(c for c, p in programs.items() if p.is_subsidy)
        self.assistance = frozenset(c for c, p in programs.items() if p.core and not p.is_subsidy)
        self.yearly = frozenset(p for p, limit in vocab.standard_limits.items() if limit == 0)
        self.broad = frozenset(p for p in vocab.parents.values() if p)


_PATTERN_CACHE: dict[int, CuePatterns] = {}
_PROGRAM_SETS: dict[int, ProgramSets] = {}


def program_sets(vocab: Vocabulary) -> ProgramSets:
    """:class:`ProgramSets` made once per vocabulary."""
    key = id(vocab)
    if key not in _PROGRAM_SETS:
        _PROGRAM_SETS[key] = ProgramSets(vocab)
    return _PROGRAM_SETS[key]


def cue_patterns(vocab: Vocabulary) -> CuePatterns:
    """Cue patterns compiled once per vocabulary."""
    key = id(vocab)
    if key not in _PATTERN_CACHE:
        _PATTERN_CACHE[key] = CuePatterns(vocab)
    return _PATTERN_CACHE[key]


_BARE_CACHE: dict[int, tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]] = {}
# the verbs of a payment (发放补贴, 给予救助), shared by the rules that look for one
PAYING = r"(?:发放|发给|给予)"


def bare_subsidy_patterns(vocab: Vocabulary) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """A payment verb with a bare subsidy word as its whole object: after a count
    (109314人发放补贴...) and before a sum (发放补贴7519万元)."""
    key = id(vocab)
    if key not in _BARE_CACHE:
        words = {r["word"]: r["program"] for r in ref.read_csv("extract/bare_subsidies.csv")}
        alt = alternation(list(words))
        _BARE_CACHE[key] = (
            re.compile(r"(?:共|累计)?" + PAYING + r"(?P<w>" + alt + r")(?=[\d约近共计,;。]|$)"),
            re.compile(PAYING + r"(?P<w>" + alt + r")(?:共|计|合计|约|近)?$"),
            words,
        )
    return _BARE_CACHE[key]


class Doc:
    """One document as the classifier's rules read it (built once per document).

    ``tokens`` is one scan of the catalogue's words over the whole text; the
    rules are given slices of it, and ``*_starts`` say where each kind of token
    starts, so a rule whose kind of token starts nowhere in its window has
    nothing to do (most windows have no place and no modifier)."""

    __slots__ = ("v", "periods", "text", "ctx", "sentences", "tokens", "starts", "group_starts", "place_starts",
                 "mod_starts", "activity_starts", "resolved", "cues", "cue_starts", "pat", "irr_sentence", "irr_clause",
                 "example_sentence", "title_program", "unit_lines", "cells", "headings", "heading_programs",
                 "counted_before", "prev_head", "hidden_starts", "place_codes", "kinds")

    def __init__(self, vocab: Vocabulary, periods: PeriodGrammar, text: str, ctx: DocContext,
                 tokens: list[Token] | None = None, cues: list[PeriodCue] | None = None,
                 sentences: Sentences | None = None) -> None:
        self.v = vocab
        self.periods = periods
        self.text = text
        self.ctx = ctx
        self.sentences = sentences if sentences is not None else Sentences(text)
        # One scan of the whole text; sentences take their slice by position. The words
        # inside references (低保标准的1.3倍, 享受低保的残疾人, 《...》) are left out.
        tokens = tokens if tokens is not None else scan(vocab, text, 0, len(text))
        self.kinds = program_sets(vocab)
        hidden = hidden_tokens(text, tokens, self.kinds.subsidies)
        self.tokens = [t for t in tokens if t.start not in hidden] if hidden else tokens
        self.hidden_starts = sorted(hidden)
        self.starts = [t.start for t in self.tokens]
        self.group_starts = [t.start for t in self.tokens if t.kind in GROUP_KINDS]
        self.place_starts = [t.start for t in self.tokens if t.kind in PLACE_KINDS]
        self.mod_starts = [t.start for t in self.tokens if t.kind == "modifier"]
        self.activity_starts = [t.start for t in self.tokens if t.kind == "activity"]
        # the period each time expression names, per report time (several numbers of a
        # sentence are dated by the same expression)
        self.resolved: dict[tuple[int, int], tuple[date, date] | None] = {}
        self.cues = cues if cues is not None else periods.find(text, 0, len(text))
        self.cue_starts = [c.start for c in self.cues]
        self.pat = cue_patterns(vocab)
        # where the report speaks of irregular payments (审计发现, 多发, 追回): positions by scope
        self.irr_sentence: list[int] = []
        self.irr_clause: list[int] = []
        # 举例/假设...: a worked example (月收入1200元...可领取1080元), not a figure of the report
        self.example_sentence: list[int] = []
        self._find_irregular()
        self.title_program = self._title_program()
        # a table under a unit line or a header block may have cells (see table_subjects.table_cell)
        self.unit_lines = ("单位:" in text or "|\n" in text or (")\n" in text and has_header_block(text))
                           or has_row_head(text))
        self.cells: dict[int, TableCell] | None = None  # table cells by number start, found when first asked
        self.headings: list[tuple[int, int]] | None = None  # numbered heading lines, found when first asked
        self.heading_programs: dict[int, list[str] | None] = {}
        self.counted_before: list[str] = []  # the current sentence's programs counted so far (see classify)
        self.prev_head: tuple[int, Subject | None] = (-1, None)  # (end, first program subject) of the last sentence read
        self.place_codes: dict[tuple[int, int], str | None] = {}  # (clause_places)

    def _find_irregular(self) -> None:
        """Fill the positions of irregularity and worked-example cues (``irregular_cues.csv``) by scope."""
        text = self.text
        by_scope = {"sentence": self.irr_sentence, "clause": self.irr_clause, "example": self.example_sentence}
        negated_until = -1
        for im in self.pat.irregular.finditer(text):
            scope = self.v.irregular_cues[im.group()]
            if scope == "negation":  # 未发现/严防...违规享受: no irregularity reported in this clause
                negated_until = clause_end(text, im.end())
            elif im.start() >= negated_until:
                by_scope[scope].append(im.start())

    def _title_program(self) -> str | None:
        """The one program the title names (and no topic), else None: the program of figures with no other."""
        ctx = self.ctx
        if not ctx.title_span:
            return None
        s, e = ctx.title_span
        toks = self.tokens_in(s, e)
        progs = {str(t.value) for t in toks if t.kind == "program"}
        if len(progs) == 1 and not any(t.kind == "topic" for t in toks):
            return progs.pop()
        return None

    def tokens_in(self, a: int, b: int) -> list[Token]:
        """The document's tokens that start in text[a:b]."""
        return self.tokens[bisect_left(self.starts, a):bisect_left(self.starts, b)]

    def cue_between(self, a: int, b: int) -> bool:
        """Whether a time expression starts in text[a:b]."""
        i = bisect_left(self.cue_starts, a)
        return i < len(self.cue_starts) and self.cue_starts[i] < b


class SentenceState:
    """What the rules know of the sentence text[s:e] being classified, and carry between its clauses."""

    __slots__ = ("s", "e", "tokens", "tok_starts", "m_starts", "cues", "clauses", "town_row", "to_verbs",
                 "from_marks", "future", "glued", "restated", "carried", "head", "first_subject",
                 "lent_places", "lent_alone", "prev_delta_end", "irregular", "example", "counted", "irregular_cue",
                 "town", "activity", "run", "run_kind", "run_common", "change_size", "initial", "keywords",
                 "prev_cmp_end", "last_rate")

    def __init__(self, s: int, e: int) -> None:
        self.s = s
        self.e = e
        self.tokens: list[Token] = []
        self.tok_starts: list[int] = []
        self.m_starts: list[int] = []
        self.cues: list[PeriodCue] = []
        self.clauses: list[tuple[int, int]] = []
        self.town_row = False  # the sentence is a line opened by a town and a colon
        self.to_verbs: list[int] = []  # positions of 提高到/增至... (see period_status)
        self.from_marks: list[int] = []  # positions of 从/由
        self.future: list[tuple[int, str]] = []  # (position, scope) of future cues
        self.glued: set[int] = set()  # ids of amounts glued to another (see drops.glued_amounts)
        self.restated: set[int] = set()  # ids of amounts restating the one before
        self.carried: Subject | None = None  # the subject carried into the next clause
        self.head: Subject | None = None  # the sentence before's first subject, for a by-place breakdown
        self.first_subject: Subject | None = None  # the sentence's first program subject
        self.lent_places: list[str] = []  # places of a clause with no figure, lent to the next
        self.lent_alone = False  # ... when that clause names only places
        self.prev_delta_end = -10  # end of the last number that was a change (提高了30元、和40元)
        self.prev_cmp_end = -10  # end of the last number compared with an average (高出平均水平80元和120元)
        self.last_rate: Classified | None = None  # the last standard or average of the sentence
        self.irregular = False  # the sentence reports an irregularity (审计发现...)
        self.example = False  # the sentence is a worked example (举例说明...)
        self.counted: list[str] = []  # programs of the head-counts of the sentence's clauses so far
        self.run: list[str] = []  # ... of the consecutive clauses just before that count what they name
        self.run_kind = ""  # the kind of their figures (count, money)
        self.run_common: list[str] | None = None  # their common program when they are its variants
        # whether it holds what some drop rules need (see drops.sentence_cues)
        self.irregular_cue = False  # an irregularity cue of the sentence or of one of its clauses
        self.town = False  # 镇/乡/街道/办事处
        self.activity = False  # an activity word
        self.change_size = False  # 幅度 (提高幅度每月在60元至90元)
        self.initial = False  # a change whose old side may be an initial value (从最初的120元)
        self.keywords = False  # the sentence lies on a keyword line (关键词:...)


class ClauseState:
    """What the rules know of the clause text[cs:ce] being classified."""

    __slots__ = ("cs", "ce", "ctoks", "cms", "last_subject", "lent", "counted", "paid", "sub_county", "activity")

    def __init__(self, cs: int, ce: int, ctoks: list[Token], cms: list[NumberMention], lent: list[str]) -> None:
        self.cs = cs
        self.ce = ce
        self.ctoks = ctoks  # the catalogue words of the clause
        self.cms = cms  # its numbers
        self.last_subject: Subject | None = None  # the subject of its last number, carried on
        self.lent = lent  # places lent by the clause before
        self.counted: list[str] = []  # programs of the clause's head-counts
        self.paid: list[str] = []  # programs of the clause's sums paid
        # what the rules ask of the whole clause, the same for each of its numbers (None: not asked yet)
        self.sub_county: bool | None = None
        self.activity: bool | None = None
