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
import threading
from dataclasses import dataclass, field

from etl import catalogue as ref
from etl.errors import CatalogueError

# Which reading of a word wins when a word is listed under several kinds.
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
    places: dict[str, Place]
    urban_district: dict[str, str]  # city code -> its 市辖区 code
    token_index: dict[str, list[tuple[str, dict[str, object]]]] = field(default_factory=dict)

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


def _add(index: dict[str, dict[str, dict[str, object]]], word: str, kind: str, payload: object) -> None:
    word = word.strip()
    if len(word) < 2:
        return
    entry = index.setdefault(word, {})
    if kind == "place":
        codes = entry.setdefault("place", [])
        assert isinstance(codes, list)
        if payload not in codes:
            codes.append(payload)
    else:
        entry.setdefault(kind, payload)


def _build() -> Vocabulary:
    programs = {p.code: p for p in ref.programs()}
    parents = {p.code: p.parent for p in ref.programs()}
    words: dict[str, dict[str, object]] = {}
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
    for j in places.values():
        if j.name not in stop and j.name != "市辖区":
            _add(words, j.name, "place", j.code)
    for a in ref.jurisdiction_aliases():
        if a.code in places and a.alias not in stop:
            _add(words, a.alias, "place", a.code)

    index: dict[str, list[tuple[str, dict[str, object]]]] = {}
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
    vocab = Vocabulary(
        programs=programs, parents=parents, variants=variants, unit_words=unit_words,
        prefix_rates=prefix_rates, suffix_rates=suffix_rates, qualifiers=qualifiers, metric_cues=metric_cues, plan_periods=plan_periods,
        sections=sections, future_cues=future, media=media, standard_limits=limits, places=places,
        urban_district=urban_district, token_index=index,
    )
    return vocab


_lock = threading.Lock()
_cache: dict[str, Vocabulary] = {}


def vocabulary() -> Vocabulary:
    """The compiled catalogue, built on first use and cached for the process."""
    key = str(ref.seeds_dir())
    vocab = _cache.get(key)
    if vocab is None:
        with _lock:
            vocab = _cache.get(key)
            if vocab is None:
                vocab = _build()
                _cache[key] = vocab
    return vocab


_TOWN_AFTER = re.compile(r"镇|乡|街道|村|社区|路|街|大道|大街|小区|公园")


@dataclass(frozen=True, slots=True)
class Token:
    """A catalogue word found in the text."""

    start: int
    end: int
    word: str
    kind: str
    value: object  # program/topic code, level, modifier word, or a list of place codes


_CJK_RUN = re.compile(r"[\u3400-\u9fff“”]{2,}")


def scan(vocab: Vocabulary, text: str, start: int, end: int) -> list[Token]:
    """Tokenize ``text[start:end]``: leftmost-longest catalogue words.

    Every catalogue word is Chinese, so only runs of Chinese characters are
    visited, and inside a run each position costs one dictionary look-up of
    its first two characters.
    """
    out: list[Token] = []
    for run in _CJK_RUN.finditer(text, start, end):
        _scan_run(vocab, text, run.start(), run.end(), out)
    return out


def _scan_run(vocab: Vocabulary, text: str, start: int, end: int, out: list[Token]) -> None:
    index = vocab.token_index
    i = start
    stop = end - 1
    get = index.get
    while i < stop:
        cands = get(text[i:i + 2])
        if cands is None:
            i += 1
            continue
        for word, entry in cands:
            j = i + len(word)
            if j <= end and text.startswith(word, i):
                if len(entry) == 1 and "place" in entry and _TOWN_AFTER.match(text, j):
                    continue  # 凤凰街道, 南开乡: part of a town's name, not the county
                for kind in KIND_PRIORITY:
                    if kind in entry:
                        out.append(Token(i, j, word, kind, entry[kind]))
                        break
                i = j
                break
        else:
            i += 1
