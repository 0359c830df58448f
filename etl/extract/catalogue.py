"""Compile the reference data into the matchers the extractor uses.

Everything the extractor knows about words lives in CSV files: program
aliases (``seeds/program_aliases.csv``), jurisdictions and their aliases, and
the grammar vocabulary under ``seeds/extract/``. :func:`vocabulary` reads them
once per process (the loader runs the extractor in worker processes over
thousands of files) and builds:

* a token index keyed by the first two characters of every word, so that a
  sentence is tokenized in one pass of dictionary look-ups instead of a regex
  alternation over thousands of place names;
* small dictionaries for units, rates, qualifiers, periods and sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl import catalogue as ref
from etl.errors import CatalogueError

# Which reading of a word wins when a word is listed under several kinds.
# What a catalogue word stands for: a program/topic code, a level, a modifier word,
# or (for a place name several divisions share) a list of division codes.
TokenValue = str | list[str]

KIND_PRIORITY = ("program", "topic", "collective", "urban", "modifier", "generic", "activity", "place")


@dataclass(frozen=True, slots=True)
class RateCue:
    """A word that gives the unit of a standard (每人每月, 元/年 ...)."""

    position: str  # prefix | suffix
    basis: str  # person | household
    per: str  # month | year | other | inherit


@dataclass(frozen=True, slots=True)
class Place:
    """A jurisdiction as the extractor needs it."""

    code: str
    name: str
    level: str
    parent: str | None
    city: str | None
    province: str


@dataclass(slots=True)
class Vocabulary:
    """The compiled catalogue (see module docstring)."""

    programs: dict[str, ref.Program]
    parents: dict[str, str | None]
    variants: dict[tuple[str, str], str]
    unit_words: dict[str, tuple[str | None, str]]
    prefix_rates: dict[str, RateCue]
    suffix_rates: dict[str, RateCue]
    qualifiers: list[tuple[str, tuple[str, str]]]
    metric_cues: dict[str, str]
    plan_periods: dict[str, tuple[int, int]]
    sections: dict[str, str]
    future_cues: dict[str, str]
    media: dict[str, str]
    standard_limits: dict[str, float]
    irregular_cues: dict[str, str]  # word -> sentence | clause | negation
    count_labels: dict[str, str]  # 户数, 人数 ... -> unit of the bare number after it
    comparison_cues: dict[str, str]  # 高于 -> verb, 全省平均 -> average
    subset_words: tuple[str, ...]  # 失能, 高龄 ... before a program's name: a part of its recipients
    breakdown_cues: tuple[str, ...]  # 分市州看 ... opening a sentence: a by-place breakdown of the sentence before
    care_levels: tuple[str, ...]  # 集中供养, 分散, 半自理 ... : levels of care one program pays at different rates
    program_parts: dict[str, tuple[str, ...]]  # a combined program (两项补贴) -> the programs it combines
    places: dict[str, Place]
    urban_district: dict[str, str]  # city code -> its 市辖区 code
    token_index: dict[str, list[tuple[str, dict[str, TokenValue]]]] = field(default_factory=dict)
    # The scanner's view of token_index (see _scan_tables): for each first two
    # characters the lengths of the words that begin with them (longest first), each
    # word's winning kind, value and whether it is only a place name, and the pattern
    # of positions where a word may start.
    scan_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    scan_words: dict[str, tuple[str, str | None, TokenValue | None, bool]] = field(default_factory=dict)
    scan_starts: re.Pattern[str] | None = None

    def ancestors(self, program: str) -> list[str]:
        """The program's parents, nearest first."""
        out = []
        p = self.parents.get(program)
        while p:
            out.append(p)
            p = self.parents.get(p)
        return out

    def is_core(self, program: str) -> bool:
        """True for programs the fact model scores (``core`` in programs.csv)."""
        prog = self.programs.get(program)
        return bool(prog and prog.core)


def _rows(name: str) -> list[dict[str, str]]:
    return ref.read_csv(name)


def _add(index: dict[str, dict[str, TokenValue]], word: str, kind: str, payload: TokenValue) -> None:
    word = word.strip()
    if len(word) < 2:
        return
    entry = index.setdefault(word, {})
    if kind == "place":
        codes = entry.setdefault("place", [])
        assert isinstance(codes, list) and isinstance(payload, str)
        if payload not in codes:
            codes.append(payload)
    else:
        entry.setdefault(kind, payload)


def _build() -> Vocabulary:
    programs = {p.code: p for p in ref.programs()}
    parents = {p.code: p.parent for p in ref.programs()}
    words: dict[str, dict[str, TokenValue]] = {}
    for code, alias in ref.program_aliases():
        if code not in programs:
            raise CatalogueError(f"program_aliases.csv: unknown program {code!r} for alias {alias!r}")
        _add(words, alias, "program", code)
    for p in programs.values():
        if p.core:
            _add(words, p.name_zh, "program", p.code)
    for row in _rows("extract/generic_subjects.csv"):
        _add(words, row["alias"], "generic", row["program"])
    for row in _rows("extract/topics.csv"):
        _add(words, row["alias"], "topic", row["topic"])
    variants: dict[tuple[str, str], str] = {}
    for row in _rows("extract/program_variants.csv"):
        variants[(row["program"], row["modifier"])] = row["variant"]
        _add(words, row["modifier"], "modifier", row["modifier"])
    for row in _rows("extract/non_words.csv"):
        # 最低保障 holds 低保, 水平城市 holds 平城: read as one word that names nothing
        _add(words, row["word"], "non_word", row["word"])
    for row in _rows("extract/activities.csv"):
        _add(words, row["word"], "activity", row["word"])
    for row in _rows("extract/collective_places.csv"):
        _add(words, row["word"], "collective", row["level"])
    for row in _rows("extract/urban_district_words.csv"):
        _add(words, row["word"], "urban", row["word"])

    places: dict[str, Place] = {}
    urban_district: dict[str, str] = {}
    for j in ref.jurisdictions():
        places[j.code] = Place(j.code, j.name, j.level, j.parent_code, j.city_code, j.province_code)
        if j.name == "市辖区" and j.parent_code:
            urban_district[j.parent_code] = j.code
    stop = {row["word"] for row in _rows("extract/place_stopwords.csv")}
    for place in places.values():
        if place.name not in stop and place.name != "市辖区":
            _add(words, place.name, "place", place.code)
    for a in ref.jurisdiction_aliases():
        if a.code in places and a.alias not in stop:
            _add(words, a.alias, "place", a.code)

    index: dict[str, list[tuple[str, dict[str, TokenValue]]]] = {}
    for word, entry in words.items():
        index.setdefault(word[:2], []).append((word, entry))
    for lst in index.values():
        lst.sort(key=lambda we: len(we[0]), reverse=True)

    unit_words = {r["word"]: (r["unit"] or None, r["kind"]) for r in _rows("extract/unit_words.csv")}
    rates = _rows("extract/rate_cues.csv")
    prefix_rates = {r["cue"]: RateCue(r["position"], r["basis"], r["per"]) for r in rates if r["position"] == "prefix"}
    suffix_rates = {r["cue"]: RateCue(r["position"], r["basis"], r["per"]) for r in rates if r["position"] == "suffix"}
    qualifiers = [(r["word"], (r["position"], r["qualifier"])) for r in _rows("extract/qualifiers.csv")]
    metric_cues = {r["cue"]: r["metric"] for r in _rows("extract/metric_cues.csv")}
    plan_periods = {r["name"]: (int(r["start_year"]), int(r["end_year"])) for r in _rows("extract/plan_periods.csv")}
    sections = {r["word"]: r["status"] for r in _rows("extract/sections.csv")}
    future = {r["cue"]: r["scope"] for r in _rows("extract/future_cues.csv")}
    media = {r["name"]: r["code"] for r in _rows("extract/media.csv") if r["code"]}
    limits = {r["program"]: float(r["max_monthly"]) for r in _rows("extract/standard_limits.csv")}
    irregular = {r["word"]: r["scope"] for r in _rows("extract/irregular_cues.csv")}
    labels = {r["label"]: r["unit"] for r in _rows("extract/count_labels.csv")}
    comparison = {r["word"]: r["role"] for r in _rows("extract/comparison_cues.csv")}
    subset = tuple(sorted((r["word"] for r in _rows("extract/subset_qualifiers.csv")), key=len, reverse=True))
    breakdown = tuple(sorted((r["word"] for r in _rows("extract/breakdown_cues.csv")), key=len, reverse=True))
    levels = tuple(r["word"] for r in _rows("extract/care_levels.csv"))
    parts: dict[str, tuple[str, ...]] = {}
    for row in _rows("extract/program_parts.csv"):
        for code in (row["program"], row["part"]):
            if code not in programs:
                raise CatalogueError(f"program_parts.csv: unknown program {code!r}")
        parts[row["program"]] = (*parts.get(row["program"], ()), row["part"])
    vocab = Vocabulary(
        programs=programs, parents=parents, variants=variants, unit_words=unit_words,
        prefix_rates=prefix_rates, suffix_rates=suffix_rates, qualifiers=qualifiers, metric_cues=metric_cues, plan_periods=plan_periods,
        sections=sections, future_cues=future, media=media, standard_limits=limits, irregular_cues=irregular, count_labels=labels, subset_words=subset, breakdown_cues=breakdown, care_levels=levels, program_parts=parts, comparison_cues=comparison, places=places,
        urban_district=urban_district, token_index=index,
    )
    vocab.scan_lengths, vocab.scan_words, vocab.scan_starts = _scan_tables(index)
    return vocab


def _scan_tables(index: dict[str, list[tuple[str, dict[str, TokenValue]]]]
                 ) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[str, str | None, TokenValue | None, bool]], re.Pattern[str]]:
    """Precompute what :func:`scan` needs.

    Only words made entirely of run characters can be found (a token never
    leaves its run), so the others are dropped here instead of being tried at
    every position. Words of one length that begin with the same two
    characters are told apart by one dictionary look-up of the text's slice of
    that length, so the scanner tries each length, not each word. The pattern
    matches, one character at a time, the positions whose first two characters
    could begin a word; the scanner visits only those.
    """
    lengths: dict[str, tuple[int, ...]] = {}
    words: dict[str, tuple[str, str | None, TokenValue | None, bool]] = {}
    for key, entries in index.items():
        seen: list[int] = []
        for word, entry in entries:  # longest first
            if not _CJK_WORD.fullmatch(word):
                continue
            kind = next((k for k in KIND_PRIORITY if k in entry), None)
            words[word] = (word, kind, entry[kind] if kind else None, len(entry) == 1 and "place" in entry)
            if len(word) not in seen:
                seen.append(len(word))
        if seen:
            lengths[key] = tuple(seen)
    if not lengths:
        return lengths, words, re.compile(r"(?!)")
    firsts = "".join(sorted({k[0] for k in lengths}))
    seconds = "".join(sorted({k[1] for k in lengths}))
    return lengths, words, re.compile("[" + re.escape(firsts) + "](?=[" + re.escape(seconds) + "])")


@ref.cached_per_seeds_dir
def vocabulary() -> Vocabulary:
    """The compiled catalogue, built on first use and cached for the process."""
    return _build()


# What a run of Chinese characters is made of; a catalogue word must be one.
_CJK_WORD = re.compile(r"[\u3400-\u9fff“”]{2,}")
_TOWN_AFTER = re.compile(r"镇|乡|街道|村|社区|路|街|大道|大街|小区|公园")


# Not frozen: a frozen dataclass's __init__ costs ~4x more and one is made per
# word found. unsafe_hash keeps the hash a frozen one had; nothing assigns to it.
@dataclass(slots=True, unsafe_hash=True)
class Token:
    """A catalogue word found in the text."""

    start: int
    end: int
    word: str
    kind: str
    value: TokenValue  # program/topic code, level, modifier word, or a list of place codes


def scan(vocab: Vocabulary, text: str, start: int, end: int) -> list[Token]:
    """Tokenize ``text[start:end]``: leftmost-longest catalogue words.

    Every catalogue word is Chinese, so a word is found only inside a run of
    Chinese characters, scanned from the run's start. The scan visits only the
    positions whose two first characters could begin a word (a regex finds
    them in C) and there costs one dictionary look-up; after a word it goes on
    at the word's end.
    """
    out: list[Token] = []
    lengths_of = vocab.scan_lengths.get
    word_info = vocab.scan_words.get
    starts = vocab.scan_starts
    if starts is None:
        return out
    town_after = _TOWN_AFTER.match
    i = start
    for cand in starts.finditer(text, start, end):
        p = cand.start()
        if p < i:
            continue  # inside the word just found
        lengths = lengths_of(text[p:p + 2])
        if lengths is None:
            continue
        for length in lengths:
            j = p + length
            if j > end:
                continue
            info = word_info(text[p:j])
            if info is None:
                continue
            word, kind, value, place_only = info
            if place_only and town_after(text, j):
                continue  # 凤凰街道, 南开乡: part of a town's name, not the county
            if kind is not None and value is not None:
                out.append(Token(p, j, word, kind, value))
            i = j
            break
    return out
