"""The extractor: decoded report text -> facts (see ``../shared/spec/facts.md``).

Stages, one module each: :mod:`normalize` (full-width forms, spaces, wrapped
lines; offset map back to the original), :mod:`numbers` (the number grammar),
:mod:`document` (title, publisher, dates, report period, plan sections),
:mod:`classify` (program, metric, unit, place, period, status of each number,
using :mod:`periods` and :mod:`places`) and :mod:`facts` (spans, de-duplication).
:mod:`catalogue` compiles the reference data once per process.

Public API, used by the CLI and the loader::

    extract_text(text, document, meta=None, *, title=None) -> Extraction
    extract_file(path, meta=None, *, max_bytes=...) -> Extraction
    read_meta(path) -> dict[str, MetaRecord]
    prepare()  # compile the catalogue and grammars up front (a long-running process)
"""

from __future__ import annotations

import gc
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from etl.errors import MetadataError
from etl.extract.native import check_build

check_build()  # before the (possibly compiled) stages below are imported

from etl.extract import read as _read  # noqa: E402
from etl.extract.catalogue import Place, Vocabulary, scan, vocabulary
from etl.extract.classify import Classifier, Sentences
from etl.extract.document import Heads, analyze, read_heads, strong_spans
from etl.extract.places import district_count_tokens, strong_home
from etl.extract.facts import assemble
from etl.extract.hosts import text_url_place, url_place, weak_places
from etl.extract.model import DocumentInfo, Extraction, Fact, Mention
from etl.extract.normalize import normalize
from etl.extract.numbers import NumberGrammar
from etl.extract.periods import PeriodGrammar
from etl.extract.script import simplified_copy
from etl.extract.version import parser_version

__all__ = ["PARSER_VERSION", "MetaRecord", "extract_text", "extract_file", "prepare", "read_meta", "Extraction", "Fact", "Mention", "DocumentInfo"]


@dataclass(frozen=True)
class MetaRecord:
    """Metadata given with a document (one line of a ``--meta`` JSON-lines file)."""

    document: str
    url: str | None = None
    published: date | None = None
    published_precision: str | None = None  # 'day' | 'month'
    title: str | None = None
    jurisdiction: str | None = None  # a name or a 6-digit code


class _Compiled:
    """Grammars compiled once per process (with the vocabulary they depend on)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.numbers = NumberGrammar(vocab)
        self.periods = PeriodGrammar(vocab.plan_periods)


# Read by the loader and stored with every document (see etl.extract.version).
PARSER_VERSION = parser_version()

_compiled: dict[int, _Compiled] = {}


def _grammar() -> _Compiled:
    vocab = vocabulary()
    c = _compiled.get(id(vocab))
    if c is None:
        c = _compiled[id(vocab)] = _Compiled(vocab)
    return c


def prepare() -> None:
    """Compile the catalogue and grammars now (they are otherwise compiled by the first
    extraction), and take them out of the cyclic garbage collector's sight: they live as
    long as the process, and every full collection of a long run walked their objects
    again (``gc.freeze``; for a process that extracts many reports, such as ``etl extract``)."""
    _grammar()
    gc.freeze()


def _meta_place(vocab: Vocabulary, value: str | None) -> Place | None:
    if not value:
        return None
    value = value.strip()
    if value in vocab.places:
        return vocab.places[value]
    for p in vocab.places.values():
        if p.name == value:
            return p
    entry = dict(vocab.token_index.get(value[:2], [])).get(value)
    if entry and "place" in entry and len(entry["place"]) == 1:  # type: ignore[arg-type]
        return vocab.places[entry["place"][0]]  # type: ignore[index]
    return None


_HEAD_CHARS = 1000
_TAIL_CHARS = 300


def _regions(text: str, mentions: list[Any], sentences: Sentences) -> list[tuple[int, int]]:
    """The parts of the text worth tokenizing: the head and tail (title, publisher,
    signature) and the sentences holding the given numbers, merged."""
    regions: list[tuple[int, int]] = [(0, min(len(text), _HEAD_CHARS)), (max(0, len(text) - _TAIL_CHARS), len(text))]
    last_end = -1
    for m in mentions:
        if m.start < last_end:
            continue
        s = sentences.start(m.start)
        e = sentences.end(m.end)
        regions.append((s, e))
        last_end = e
    regions.sort()
    merged: list[tuple[int, int]] = []
    for s, e in regions:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _scan(vocab: Vocabulary, text: str, regions: list[tuple[int, int]]) -> list[Any]:
    tokens: list[Any] = []
    counts: list[Any] = []
    for s, e in regions:
        tokens.extend(scan(vocab, text, s, e))
        counts.extend(district_count_tokens(text, s, e))
    if counts:  # 9区 (no catalogue word: it holds a digit), unless a word covers it
        tokens.extend(c for c in counts if not any(t.start < c.end and c.start < t.end for t in tokens))
        tokens.sort(key=lambda t: t.start)
    return tokens


def _strong_home(g: _Compiled, text: str, tokens: list[Any], heads: Heads) -> Place | None:
    """The jurisdiction named by the title, publisher or signature, if any (no vote)."""
    strong, title_span = strong_spans(text, heads)
    return strong_home(g.vocab, text, strong, title_span, tokens)


def _address_place(vocab: Vocabulary, meta: MetaRecord | None, text: str) -> Place | None:
    """The place the report's web address names: the metadata URL, else .gov.cn addresses in its head or tail."""
    if meta is not None and meta.url:
        return url_place(vocab, meta.url)
    return text_url_place(vocab, text[:_HEAD_CHARS] + "\n" + text[-_TAIL_CHARS:])


def extract_text(text: str, document: str, meta: MetaRecord | None = None, *, title: str | None = None) -> Extraction:
    """Extract the facts of one decoded document.

    ``document`` is the file name recorded in every fact; ``meta`` (title,
    publication date, jurisdiction) wins over what is inferred from the text;
    ``title`` is a title known from the file format (an HTML <title>).
    Deterministic, and independent of the database.
    """
    g = _grammar()
    norm = normalize(text)
    ntext = norm.text
    meta_title = (meta.title if meta else None) or None
    # titles given apart from the text are read like the text (simplified, no glosses)
    meta_title = simplified_copy(meta_title) if meta_title else None
    title = simplified_copy(title) if title else None
    home = _meta_place(g.vocab, meta.jurisdiction) if meta else None
    mentions, unreadable = g.numbers.scan(ntext)
    # Tokenize only the sentences with figures (plus head and tail). Prose and
    # sentences with other counters (座, 个) are read only when the report's own
    # jurisdiction has to be voted from the whole text.
    sentences = Sentences(ntext)
    regions = _regions(ntext, [m for m in mentions if m.kind != "other"], sentences)
    tokens = _scan(g.vocab, ntext, regions)
    hint: Place | None = None
    weak: list[list[Place]] = []
    heads = read_heads(ntext)  # title, publisher, signature: read once for the vote and the context
    if home is None:
        home = _strong_home(g, ntext, tokens, heads)
        if home is None:
            if regions != [(0, len(ntext))]:  # (a short report's head and tail are all of it)
                tokens = _scan(g.vocab, ntext, [(0, len(ntext))])
            hint = _address_place(g.vocab, meta, ntext)
            weak = weak_places(g.vocab, meta.url) if meta is not None and meta.url else []
    ctx = analyze(g.vocab, g.periods, ntext, title=meta_title or title,
                  published=meta.published if meta else None, home=home, tokens=tokens, home_hint=hint,
                  url=meta.url if meta else None, weak_hints=weak, heads=heads)
    cues = [c for s, e in regions for c in g.periods.find(ntext, s, e)]
    classified = Classifier(g.vocab, g.periods, ntext, ctx, tokens, cues, sentences).classify(mentions)
    facts, others = assemble(g.vocab, document, text, norm, classified)
    if unreadable:  # numerals before a unit that are not one number read with certainty: kept, never guessed
        others.extend(Mention(document, span, text[span[0]:span[1]], None, u.unit, "unreadable_number")
                      for u in unreadable for span in [norm.span_to_original(u.start, u.end)])
        others.sort(key=lambda mention: mention.span[0])
    info = DocumentInfo(
        document=document,
        title=ctx.title,
        publisher=ctx.publisher,
        url=meta.url if meta else None,
        published=ctx.published,
        jurisdiction_code=ctx.home.code if ctx.home else None,
        jurisdiction_name=ctx.home.name if ctx.home else None,
        period_start=ctx.time.start if ctx.time else None,
        period_end=ctx.time.end if ctx.time else None,
    )
    return Extraction(info=info, text=text, facts=facts, mentions=others)


def extract_file(path: str | os.PathLike[str], meta: MetaRecord | None = None, *,
                 max_bytes: int | None = _read.DEFAULT_MAX_BYTES) -> Extraction:
    """Read and decode a file (see :mod:`etl.extract.read`) and extract its facts.

    Raises an :class:`~etl.errors.InputError` subclass when the file cannot be read.
    """
    doc = _read.read_document(path, max_bytes=max_bytes)
    ex = extract_text(doc.text, doc.name, meta, title=doc.title)
    ex.info.encoding = doc.encoding
    return ex


_DATE_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _parse_published(value: Any, where: str) -> tuple[date | None, str | None]:
    if value in (None, ""):
        return None, None
    if not isinstance(value, str):
        raise MetadataError(f"{where}: 'published' must be a string YYYY-MM-DD or YYYY-MM")
    v = value.strip()
    try:
        if m := _DATE_DAY.match(v):
            return date(int(m[1]), int(m[2]), int(m[3])), "day"
        if m := _DATE_MONTH.match(v):
            return date(int(m[1]), int(m[2]), 1), "month"
    except ValueError as exc:
        raise MetadataError(f"{where}: bad 'published' date {v!r}: {exc}") from exc
    raise MetadataError(f"{where}: bad 'published' date {v!r} (expected YYYY-MM-DD or YYYY-MM)")


def read_meta(path: str | os.PathLike[str]) -> dict[str, MetaRecord]:
    """Read a ``--meta`` JSON-lines file into records keyed by document basename.

    Raises :class:`~etl.errors.MetadataError` naming the file and line of any bad line.
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataError(f"{p}: cannot read metadata file: {exc}") from exc
    out: dict[str, MetaRecord] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{p}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MetadataError(f"{where}: not valid JSON: {exc.msg}") from exc
        if not isinstance(obj, dict):
            raise MetadataError(f"{where}: expected a JSON object")
        doc = obj.get("document")
        if not isinstance(doc, str) or not doc.strip():
            raise MetadataError(f"{where}: missing 'document'")
        for key in ("url", "title", "jurisdiction"):
            if obj.get(key) is not None and not isinstance(obj.get(key), str):
                raise MetadataError(f"{where}: {key!r} must be a string")
        published, precision = _parse_published(obj.get("published"), where)
        name = os.path.basename(doc.strip())
        out[name] = MetaRecord(
            document=name,
            url=obj.get("url") or None,
            published=published,
            published_precision=precision,
            title=obj.get("title") or None,
            jurisdiction=str(obj["jurisdiction"]) if obj.get("jurisdiction") else None,
        )
    return out
