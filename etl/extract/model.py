"""The data the extractor produces: facts, unclassified mentions, document info.

These are plain dataclasses; nothing here knows about the database. The field
names follow the fact model in ``../shared/spec/facts.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from json.encoder import encode_basestring
from math import isfinite
from typing import Any

QUALIFIERS = ("exact", "approx", "at_least", "at_most")
STATUSES = ("actual", "target")


# Fact and Mention are not frozen: a frozen dataclass's __init__ sets each field through
# object.__setattr__ (~3x slower), and a report makes a dozen of them. unsafe_hash keeps
# the hash the frozen classes had; nothing assigns to their fields (use dataclasses.replace).
@dataclass(slots=True, unsafe_hash=True)
class Fact:
    """One number a report states about one program in one place and period."""

    document: str
    jurisdiction_code: str
    jurisdiction_name: str
    program: str
    metric: str
    unit: str
    value: float
    value_high: float | None
    qualifier: str
    period_start: date
    period_end: date
    status: str
    span: tuple[int, int]
    quote: str

    def to_dict(self) -> dict[str, Any]:
        """Return the fact as a JSON-ready dict in the spec's field order."""
        return {
            "document": self.document,
            "jurisdiction_code": self.jurisdiction_code,
            "jurisdiction_name": self.jurisdiction_name,
            "program": self.program,
            "metric": self.metric,
            "unit": self.unit,
            "value": _plain_number(self.value),
            "value_high": _plain_number(self.value_high),
            "qualifier": self.qualifier,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "status": self.status,
            "span": [self.span[0], self.span[1]],
            "quote": self.quote,
        }

    def to_json_line(self) -> str:
        """``json.dumps(self.to_dict(), ensure_ascii=False) + "\\n"``, written directly
        (``etl extract --format jsonl`` writes one per fact: ~40% faster than the dict and
        the encoder)."""
        e = encode_basestring
        return "".join((
            '{"document": ', e(self.document), ', "jurisdiction_code": ', e(self.jurisdiction_code),
            ', "jurisdiction_name": ', e(self.jurisdiction_name), ', "program": ', e(self.program),
            ', "metric": ', e(self.metric), ', "unit": ', e(self.unit), ', "value": ', _json_number(self.value),
            ', "value_high": ', _json_number(self.value_high), ', "qualifier": ', e(self.qualifier),
            # (an ISO date is digits and dashes: quoted as it is, the encoder would change nothing)
            ', "period_start": "', self.period_start.isoformat(), '", "period_end": "', self.period_end.isoformat(), '"',
            ', "status": ', e(self.status), ', "span": [', str(self.span[0]), ", ", str(self.span[1]),
            '], "quote": ', e(self.quote), "}\n",
        ))


@dataclass(slots=True, unsafe_hash=True)
class Mention:
    """A number with a unit that was found but not classified into a fact."""

    document: str
    span: tuple[int, int]
    quote: str
    value: float | None
    unit: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return the mention as a JSON-ready dict."""
        return {
            "document": self.document,
            "span": [self.span[0], self.span[1]],
            "quote": self.quote,
            "value": _plain_number(self.value),
            "unit": self.unit,
            "reason": self.reason,
        }

    def to_json_line(self) -> str:
        """``json.dumps(self.to_dict(), ensure_ascii=False) + "\\n"``, written directly."""
        e = encode_basestring
        return "".join((
            '{"document": ', e(self.document), ', "span": [', str(self.span[0]), ", ", str(self.span[1]),
            '], "quote": ', e(self.quote), ', "value": ', _json_number(self.value),
            ', "unit": ', "null" if self.unit is None else e(self.unit), ', "reason": ', e(self.reason), "}\n",
        ))


@dataclass(slots=True)
class DocumentInfo:
    """What is known about a document: metadata given or inferred."""

    document: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: date | None = None
    jurisdiction_code: str | None = None
    jurisdiction_name: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    encoding: str | None = None


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document."""

    info: DocumentInfo
    text: str
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def _json_number(value: float | None) -> str:
    """``value`` as json.dumps writes :func:`_plain_number` of it (in one function: two run
    for every fact that ``etl extract`` writes)."""
    if value is None:
        return "null"
    number = float(value)
    if number.is_integer() and abs(value) < 2**53:
        return int.__repr__(int(value))
    if not isfinite(number):
        return "NaN" if number != number else ("Infinity" if number > 0 else "-Infinity")
    return int.__repr__(value) if isinstance(value, int) else float.__repr__(value)


def _plain_number(value: float | None) -> float | int | None:
    """Render 83000.0 as 83000 so JSON output stays readable."""
    if value is None:
        return None
    if float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return value
