"""Insert small constructed fact sets directly (SQLAlchemy Core) for view and data-check tests.

``add_document`` inserts a document row; ``add_facts`` inserts facts given as
:class:`F` tuples and, like the loader, refreshes the roll-up tables they touch. Quotes and spans are made up so that every fact is
traceable in shape (quote length == span length) and unique in its document.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import count

from sqlalchemy import Connection, insert, inspect

from etl.db.marts import refresh_stale
from etl.db.models import Document, Fact

_loaded = count()


@dataclass(frozen=True)
class F:
    """One fact to insert: place, program, metric, unit, value and period (ISO dates)."""

    jurisdiction: str
    program: str
    metric: str
    unit: str
    value: float
    start: str
    end: str
    status: str = "actual"
    qualifier: str = "exact"
    value_high: float | None = None


def add_document(
    connection: Connection,
    name: str,
    *,
    published: str | None = None,
    jurisdiction: str | None = None,
    loaded_at: datetime | None = None,
) -> int:
    """Insert a document row and return its id.

    Without ``loaded_at`` documents get increasing load times in insertion order.
    """
    if loaded_at is None:
        loaded_at = datetime(2025, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=next(_loaded))
    values = {
        "sha256": hashlib.sha256(name.encode()).hexdigest(),
        "path": f"/reports/{name}",
        "name": name,
        "title": f"title of {name}",
        "published": date.fromisoformat(published) if published else None,
        "jurisdiction_code": jurisdiction,
        "size_bytes": 1000,
        "parser_version": "test",
        "loaded_at": loaded_at,
    }
    return int(connection.execute(insert(Document.__table__).values(**values)).inserted_primary_key[0])


def add_facts(connection: Connection, document_id: int, facts: list[F]) -> list[int]:
    """Insert ``facts`` into document ``document_id``; return their ids in order."""
    ids = []
    offset = 0
    for fact in facts:
        quote = f"{fact.program}:{fact.metric}:{fact.value:g}"
        values = {
            "document_id": document_id,
            "jurisdiction_code": fact.jurisdiction,
            "program_code": fact.program,
            "metric_code": fact.metric,
            "unit_code": fact.unit,
            "value": fact.value,
            "value_high": fact.value_high,
            "qualifier": fact.qualifier,
            "period_start": date.fromisoformat(fact.start),
            "period_end": date.fromisoformat(fact.end),
            "status": fact.status,
            "span_start": offset,
            "span_end": offset + len(quote),
            "quote": quote,
        }
        offset += len(quote) + 1
        ids.append(int(connection.execute(insert(Fact.__table__).values(**values)).inserted_primary_key[0]))
    # As the loader does in its write transaction: the roll-up tables of the
    # city-years these facts touch (triggers listed them in rollup_stale). A test
    # that builds facts at an older revision has no roll-up tables to refresh.
    if inspect(connection).has_table("rollup_stale"):
        refresh_stale(connection)
    return ids


def year(y: int) -> tuple[str, str]:
    """The period of a whole year."""
    return f"{y}-01-01", f"{y}-12-31"


def persons(jurisdiction: str, program: str, value: float, start: str, end: str, **kw: object) -> F:
    """A recipients-in-persons fact."""
    return F(jurisdiction, program, "recipients", "person", value, start, end, **kw)  # type: ignore[arg-type]


def spending(jurisdiction: str, program: str, value: float, start: str, end: str, **kw: object) -> F:
    """A spending-in-元 fact."""
    return F(jurisdiction, program, "spending", "cny", value, start, end, **kw)  # type: ignore[arg-type]


def standard(jurisdiction: str, program: str, value: float, start: str, end: str, **kw: object) -> F:
    """A monthly standard fact."""
    return F(jurisdiction, program, "standard", "cny_per_person_month", value, start, end, **kw)  # type: ignore[arg-type]
