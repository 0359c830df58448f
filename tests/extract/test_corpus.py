"""The rule corpus: one example per line, by concern, in ``tests/extract/corpus/<concern>.jsonl``
(the concerns of :data:`CONCERNS`; ``corpus/numbers.jsonl`` is the number grammar's own
corpus, run by ``test_number_corpus.py``).

Each line is a snippet written for the rule it shows (never text copied from a
corpus document) with the metadata a collector would give, and what the
extractor must make of it. This one parametrized test runs them all, so adding
a rule means adding its examples to the file of its concern (see
``docs/extractor.md``). Keys of a row:

``name``          what the example shows (unique within the file; the test id)
``text``          the snippet
``jurisdiction``  the collector's jurisdiction (a code or a name; default none)
``published``     the publication date (default ``2024-06-30``; ``null`` for none)
``title``, ``url`` further metadata (default none)

and one or more checks. Facts are compared as tuples of ``fields`` (default
``jurisdiction, program, metric, unit, value``; also ``qualifier``, ``status``,
``period_start``, ``period_end``, ``start_year``, ``end_year``):

``facts``         the facts, exactly (``[]``: no fact at all)
``has``           facts that must be among them
``lacks``         facts that must not be
``only``          every fact must be one of these
``lacks_values``  no fact may have any of these values
``fact_count``    the number of facts
``where``         {field: [values]}: the checks above see only the facts whose field has one of the values

and for the numbers that did not become facts (their reason, see ``etl/extract/drops.py``):

``mentions``        [{"quote" or "value": ..., "reason" or "reason_prefix": ...}]: each such
                    number is kept as a mention, every one of them with that reason
``mention_reasons`` the set of the reasons of all mentions
``mention_count``   {reason: n}: how many mentions have that reason
``mention_values``  {reason: [values]}: the set of values of the mentions with that reason

``checks`` holds a list of further check objects (each with its own ``fields``
and ``where``) when one snippet needs its facts seen in several ways. Every
row also checks that each fact's quote is the text at its span.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from etl.extract import MetaRecord, extract_text
from etl.extract.model import Extraction, Fact

CORPUS = Path(__file__).resolve().parent / "corpus"
# the concerns of the classifier (docs/extractor.md), plus numbers as they reach the facts
CONCERNS = ("subject", "places", "metric", "distribution", "period_status", "drops", "tables", "number_facts")
DEFAULT_FIELDS = ("jurisdiction", "program", "metric", "unit", "value")
META_KEYS = {"name", "text", "jurisdiction", "published", "title", "url"}
FACT_CHECKS = {"facts", "has", "lacks", "only", "lacks_values", "fact_count"}
MENTION_CHECKS = {"mentions", "mention_reasons", "mention_count", "mention_values"}
CHECK_KEYS = FACT_CHECKS | MENTION_CHECKS | {"fields", "where"}


def _field(f: Fact, name: str) -> Any:
    if name == "jurisdiction":
        return f.jurisdiction_code
    if name == "start_year":
        return f.period_start.year
    if name == "end_year":
        return f.period_end.year
    if name in ("period_start", "period_end"):
        return getattr(f, name).isoformat()
    if name in ("program", "metric", "unit", "value", "qualifier", "status", "value_high"):
        return getattr(f, name)
    raise AssertionError(f"unknown fact field {name!r}")


def _rows() -> list[Any]:
    rows = []
    for path in (CORPUS / f"{concern}.jsonl" for concern in CONCERNS):
        names: set[str] = set()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            assert row["name"] not in names, f"{path.name}:{n}: duplicate name {row['name']!r}"
            names.add(row["name"])
            rows.append(pytest.param(row, id=f"{path.stem}:{row['name']}"))
    return rows


def _extract(row: dict[str, Any]) -> Extraction:
    published = row.get("published", "2024-06-30")
    meta = MetaRecord(document="t.txt", published=date.fromisoformat(published) if published else None,
                      jurisdiction=row.get("jurisdiction"), title=row.get("title"), url=row.get("url"))
    return extract_text(row["text"], "t.txt", meta)


def _check(check: dict[str, Any], ex: Extraction, where: str) -> int:
    """Run one check object against the extraction; return how many assertions it made."""
    unknown = set(check) - CHECK_KEYS - META_KEYS - {"checks"}
    assert not unknown, f"{where}: unknown keys {sorted(unknown)}"
    fields = tuple(check.get("fields", DEFAULT_FIELDS))
    facts = ex.facts
    for name, allowed in check.get("where", {}).items():
        facts = [f for f in facts if _field(f, name) in allowed]
    got = {tuple(_field(f, n) for n in fields) for f in facts}
    made = 0

    def rows(key: str) -> set[tuple[Any, ...]]:
        out = {tuple(r) for r in check[key]}
        assert all(len(r) == len(fields) for r in out), f"{where}: {key} rows must have the fields {fields}"
        return out

    if "facts" in check:
        assert got == rows("facts"), f"{where}: facts as {fields}"
        made += 1
    if "has" in check:
        missing = rows("has") - got
        assert not missing, f"{where}: missing facts {sorted(missing)} among {sorted(got)}"
        made += 1
    if "lacks" in check:
        extra = rows("lacks") & got
        assert not extra, f"{where}: facts that must not be there {sorted(extra)}"
        made += 1
    if "only" in check:
        extra = got - rows("only")
        assert not extra, f"{where}: facts outside the allowed {sorted(extra)}"
        made += 1
    if "lacks_values" in check:
        bad = [f for f in facts if f.value in check["lacks_values"]]
        assert not bad, f"{where}: facts with a value that must not be one {bad}"
        made += 1
    if "fact_count" in check:
        assert len(facts) == check["fact_count"], f"{where}: number of facts"
        made += 1
    for spec in check.get("mentions", []):
        key = "quote" if "quote" in spec else "value"
        kept = [m for m in ex.mentions if getattr(m, key) == spec[key]]
        assert kept, f"{where}: no mention with {key} {spec[key]!r}"
        for m in kept:
            if "reason" in spec:
                assert m.reason == spec["reason"], f"{where}: reason of {m.quote}"
            else:
                assert m.reason.startswith(spec["reason_prefix"]), f"{where}: reason of {m.quote}"
        made += 1
    if "mention_reasons" in check:
        assert {m.reason for m in ex.mentions} == set(check["mention_reasons"]), f"{where}: mention reasons"
        made += 1
    for reason, n in check.get("mention_count", {}).items():
        assert len([m for m in ex.mentions if m.reason == reason]) == n, f"{where}: mentions {reason}"
        made += 1
    for reason, values in check.get("mention_values", {}).items():
        assert {m.value for m in ex.mentions if m.reason == reason} == set(values), f"{where}: mentions {reason}"
        made += 1
    return made


@pytest.mark.parametrize("row", _rows())
def test_corpus_example(row: dict[str, Any]) -> None:
    ex = _extract(row)
    for f in ex.facts:
        assert ex.text[f.span[0]:f.span[1]] == f.quote
    made = _check(row, ex, row["name"])
    for i, check in enumerate(row.get("checks", [])):
        made += _check(check, ex, f"{row['name']} (check {i + 1})")
    assert made, f"{row['name']}: the example checks nothing"


def test_the_corpus_covers_every_concern() -> None:
    """One file per concern of the classifier (docs/extractor.md), none empty, and no other
    file of rows in this format that no test would run."""
    for concern in CONCERNS:
        assert (CORPUS / f"{concern}.jsonl").read_text(encoding="utf-8").strip(), concern
    for path in CORPUS.glob("*.jsonl"):
        first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        assert path.stem in CONCERNS or "name" not in first, f"{path.name} is not in CONCERNS"
