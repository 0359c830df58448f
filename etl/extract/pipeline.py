"""The stages of one extraction, in order: the body of :func:`etl.extract.extract_text`.

Kept apart from the package ``__init__`` (which stays interpreted: it checks a compiled
build before importing the stages) so that this glue, which runs per report and per
number, is compiled with the stages it calls (see ``setup.py``).
"""

from __future__ import annotations

from datetime import date

from etl.extract.catalogue import Place, Token, Vocabulary, scan, vocabulary
from etl.extract.chrome import joined_breaks
from etl.extract.classify import Classifier, Sentences
from etl.extract.document import Heads, analyze, read_heads, strong_spans
from etl.extract.facts import assemble
from etl.extract.hosts import text_url_place, url_place, weak_places
from etl.extract.model import DocumentInfo, Extraction, Mention
from etl.extract.normalize import normalize
from etl.extract.numbers import NumberGrammar
from etl.extract.numerals import NumberMention
from etl.extract.periods import PeriodGrammar
from etl.extract.places import district_count_tokens, strong_home
from etl.extract.script import simplified_copy


class Compiled:
    """Grammars compiled once per process (with the vocabulary they depend on)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.numbers = NumberGrammar(vocab)
        self.periods = PeriodGrammar(vocab.plan_periods)


_compiled: dict[int, Compiled] = {}


def grammar() -> Compiled:
    """The grammars of the current vocabulary, compiled on first use."""
    vocab = vocabulary()
    c = _compiled.get(id(vocab))
    if c is None:
        c = _compiled[id(vocab)] = Compiled(vocab)
    return c


def meta_place(vocab: Vocabulary, value: str | None) -> Place | None:
    """The place a metadata ``jurisdiction`` names: a code, a full name, or a catalogue word for one place."""
    if not value:
        return None
    value = value.strip()
    if value in vocab.places:
        return vocab.places[value]
    for p in vocab.places.values():
        if p.name == value:
            return p
    entry = dict(vocab.token_index.get(value[:2], [])).get(value)
    if entry and "place" in entry:
        codes = entry["place"]
        if isinstance(codes, list) and len(codes) == 1:
            return vocab.places[codes[0]]
    return None


_HEAD_CHARS = 1000
_TAIL_CHARS = 300


def _regions(text: str, mentions: list[NumberMention], sentences: Sentences, body_end: int) -> list[tuple[int, int]]:
    """The parts of the text worth tokenizing: the head and tail (title, publisher,
    signature above the site's footer at ``body_end``, the footer) and the sentences
    holding the given numbers, merged."""
    regions: list[tuple[int, int]] = [(0, min(len(text), _HEAD_CHARS)), (max(0, body_end - _TAIL_CHARS), len(text))]
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


def _scan(vocab: Vocabulary, text: str, regions: list[tuple[int, int]]) -> list[Token]:
    tokens: list[Token] = []
    counts: list[Token] = []
    for s, e in regions:
        tokens.extend(scan(vocab, text, s, e))
        counts.extend(district_count_tokens(text, s, e))
    if counts:  # 9区 (no catalogue word: it holds a digit), unless a word covers it
        tokens.extend(c for c in counts if not any(t.start < c.end and c.start < t.end for t in tokens))
        tokens.sort(key=lambda t: t.start)
    return tokens


def _strong_home(g: Compiled, text: str, tokens: list[Token], heads: Heads) -> Place | None:
    """The jurisdiction named by the title, publisher or signature, if any (no vote)."""
    strong, title_span = strong_spans(text, heads)
    return strong_home(g.vocab, text, strong, title_span, tokens)


def _address_place(vocab: Vocabulary, url: str | None, text: str) -> Place | None:
    """The place the report's web address names: the metadata URL, else .gov.cn addresses in its head or tail."""
    if url:
        return url_place(vocab, url)
    return text_url_place(vocab, text[:_HEAD_CHARS] + "\n" + text[-_TAIL_CHARS:])


def extract(text: str, document: str, *, url: str | None, published: date | None, meta_title: str | None,
            jurisdiction: str | None, title: str | None) -> Extraction:
    """Extract the facts of one decoded document (see :func:`etl.extract.extract_text`);
    the metadata comes field by field (None: not given)."""
    g = grammar()
    norm = normalize(text)
    ntext = norm.text
    # titles given apart from the text are read like the text (simplified, no glosses)
    meta_title = simplified_copy(meta_title) if meta_title else None
    title = simplified_copy(title) if title else None
    home = meta_place(g.vocab, jurisdiction)
    # what the original has at a dash of the normalized text (a minus, or an em dash and spaces)
    mentions, unreadable = g.numbers.scan(ntext, lambda p: text[norm.to_original(p):norm.to_original(p + 1)])
    # Tokenize only the sentences with figures (plus head and tail). Prose and
    # sentences with other counters (座, 个) are read only when the report's own
    # jurisdiction has to be voted from the whole text.
    sentences = Sentences(ntext)
    # title, publisher, signature, chrome (on the original's lines): read once for the vote and the context
    heads = read_heads(ntext, joined_breaks(text, norm))
    regions = _regions(ntext, [m for m in mentions if m.kind != "other"], sentences, heads.chrome.body_end)
    tokens = _scan(g.vocab, ntext, regions)
    hint: Place | None = None
    weak: list[list[Place]] = []
    if home is None:
        home = _strong_home(g, ntext, tokens, heads)
        if home is None:
            if regions != [(0, len(ntext))]:  # (a short report's head and tail are all of it)
                tokens = _scan(g.vocab, ntext, [(0, len(ntext))])
            hint = _address_place(g.vocab, url, ntext)
            weak = weak_places(g.vocab, url) if url else []
    ctx = analyze(g.vocab, g.periods, ntext, title=meta_title or title, published=published, home=home,
                  tokens=tokens, home_hint=hint, url=url, weak_hints=weak, heads=heads)
    cues = [c for s, e in regions for c in g.periods.find(ntext, s, e)]
    classified = Classifier(g.vocab, g.periods, ntext, ctx, tokens, cues, sentences).classify(mentions)
    facts, others = assemble(g.vocab, document, text, norm, classified)
    if unreadable:  # numerals before a unit that are not one number read with certainty: kept, never guessed
        for u in unreadable:
            span = norm.span_to_original(u.start, u.end)
            reason = "unreadable_number" if u.unit_word else "no_unit"  # (3万, 12/月: a figure without a unit)
            others.append(Mention(document, span, text[span[0]:span[1]], None, u.unit, reason))
        others.sort(key=lambda mention: mention.span[0])
    info = DocumentInfo(
        document=document,
        title=ctx.title,
        publisher=ctx.publisher,
        url=url,
        published=ctx.published,
        jurisdiction_code=ctx.home.code if ctx.home else None,
        jurisdiction_name=ctx.home.name if ctx.home else None,
        period_start=ctx.time.start if ctx.time else None,
        period_end=ctx.time.end if ctx.time else None,
    )
    return Extraction(info=info, text=text, facts=facts, mentions=others)
