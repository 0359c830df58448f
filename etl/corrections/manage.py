"""Make corrections: change or reject an extracted fact, add a missed one, list them.

Each command writes the correction and applies it to the loaded facts in one
transaction; the loader re-applies it after every re-extraction of the
document (:mod:`etl.corrections.apply`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, delete, func, insert, or_, select, update

from etl.corrections.apply import CORRECTIONS, FACTS, Outcome, apply_to_document, document_text, now, write_fact
from etl.corrections.fields import CorrectionError, check_fields, check_period, dumps, from_row, loads
from etl.db.marts import refresh_stale
from etl.db.models import Document

DOCUMENTS = cast(Table, Document.__table__)
# Fields an added fact must have (the rest default from the document: place, period).
REQUIRED_FOR_ADD = ("program_code", "metric_code", "value")


@contextmanager
def writing_facts(engine: Engine) -> Iterator[Connection]:
    """A transaction that changes facts: the roll-ups they touch are refreshed before it commits."""
    with engine.begin() as connection:
        yield connection
        refresh_stale(connection)


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    """A stored correction, for listing and export."""

    id: int
    document_sha256: str
    document_name: str
    action: str
    span_start: int
    span_end: int
    span_text: str
    original: dict[str, Any] | None
    fields: dict[str, Any]
    note: str | None
    created_at: Any
    status: str
    status_detail: str | None


def correct_fact(engine: Engine, fact_id: int, changes: Mapping[Any, Any], *, note: str | None = None) -> Outcome:
    """Set fields of fact ``fact_id`` (``{"value": "83000", "program_code": "dibao_urban"}``)."""
    if not changes:
        raise CorrectionError("nothing to change: give --set FIELD=VALUE (or --reject)")
    with writing_facts(engine) as connection:
        fact, document = _fact_and_document(connection, fact_id)
        checked = check_fields(connection, changes)
        existing = _owning_correction(connection, fact)
        if existing is not None:
            merged = {**(loads(existing["fields"]) or {}), **checked}
            check_period({**from_row(fact), **merged})
            connection.execute(
                update(CORRECTIONS).where(CORRECTIONS.c.id == existing["id"])
                .values(fields=dumps(merged), note=_join_notes(existing["note"], note), checked_at=now())
            )
            full = {**from_row(fact), **checked}
            full.pop("quote")
            new_id = write_fact(connection, fact["document_id"], (fact["span_start"], fact["span_end"]), None, full,
                                existing["id"], fact_id)
            return Outcome(existing["id"], document["name"], existing["action"], "applied", None, new_id)
        check_period({**from_row(fact), **checked})
        correction_id = _insert(connection, document, "set", fact, checked, note)
        return _apply_new(connection, document, correction_id)


def reject_fact(engine: Engine, fact_id: int, *, note: str | None = None) -> Outcome:
    """Reject fact ``fact_id``: it is deleted now and after every re-extraction."""
    with writing_facts(engine) as connection:
        fact, document = _fact_and_document(connection, fact_id)
        existing = _owning_correction(connection, fact)
        if existing is not None and existing["action"] == "add":
            # Rejecting a figure a reviewer added undoes the addition.
            connection.execute(delete(FACTS).where(FACTS.c.id == fact_id))
            connection.execute(delete(CORRECTIONS).where(CORRECTIONS.c.id == existing["id"]))
            return Outcome(existing["id"], document["name"], "add", "applied", "the added fact was removed")
        if existing is not None:
            connection.execute(
                update(CORRECTIONS).where(CORRECTIONS.c.id == existing["id"])
                .values(action="reject", fields="{}", note=_join_notes(existing["note"], note), checked_at=now())
            )
            connection.execute(delete(FACTS).where(FACTS.c.id == fact_id))
            return Outcome(existing["id"], document["name"], "reject", "applied", None)
        correction_id = _insert(connection, document, "reject", fact, {}, note)
        return _apply_new(connection, document, correction_id)


def add_fact(
    engine: Engine, document: str, span: tuple[int, int], fields: Mapping[Any, Any], *, note: str | None = None
) -> Outcome:
    """Add a fact the extractor missed at ``span`` of ``document`` (name, sha256 or id).

    The place and period default to the document's; the status to actual,
    the qualifier to exact; the unit to the one most facts of the metric use.
    """
    with writing_facts(engine) as connection:
        doc = resolve_document(connection, document)
        text = document_text(connection, doc["id"])
        if text is None:
            raise CorrectionError(f"{doc['name']}: its text is not stored (loaded by an older version); load it again")
        start, end = span
        if not 0 <= start < end <= len(text):
            raise CorrectionError(f"{doc['name']}: span {start}-{end} is not within the text (0-{len(text)})")
        checked = check_fields(connection, fields)
        complete = _defaults(connection, doc, checked)
        check_period(complete)
        correction_id = _insert(connection, doc, "add", None, complete, note, span=(start, end, text[start:end]))
        return _apply_new(connection, doc, correction_id)


def delete_correction(engine: Engine, correction_id: int) -> str:
    """Delete a correction and undo it on the loaded document; return what was undone.

    A changed fact gets its extracted values back, a rejected one is restored,
    an added one is removed; an unmatched correction had changed nothing.
    """
    with writing_facts(engine) as connection:
        c = connection.execute(select(CORRECTIONS).where(CORRECTIONS.c.id == correction_id)).mappings().first()
        if c is None:
            raise CorrectionError(f"no correction {correction_id} (see etl corrections list)")
        doc = connection.execute(select(DOCUMENTS).where(DOCUMENTS.c.sha256 == c["document_sha256"])).mappings().first()
        undone = "nothing to undo (the document is not loaded)" if doc is None else "nothing to undo (it was not applied)"
        if doc is not None and c["status"] == "applied":
            undone = _undo(connection, doc["id"], c)
        connection.execute(delete(CORRECTIONS).where(CORRECTIONS.c.id == correction_id))
        return undone


def _undo(connection: Connection, document_id: int, c: Mapping[Any, Any]) -> str:
    span = (c["span_start"], c["span_end"])
    marked = [row[0] for row in connection.execute(
        select(FACTS.c.id).where(FACTS.c.document_id == document_id, FACTS.c.correction_id == c["id"]))]
    if c["action"] == "add":
        connection.execute(delete(FACTS).where(FACTS.c.id.in_(marked)))
        return f"removed the added fact{'s' if len(marked) != 1 else ''} {', '.join(map(str, marked))}"
    original = dict(loads(c["original"]) or {})
    quote = original.pop("quote", c["span_text"])
    fact_id = write_fact(connection, document_id, span, quote, original, None, marked[0] if marked else None)
    return f"fact {fact_id} has its extracted values again" if c["action"] == "set" else f"restored fact {fact_id}"


def list_corrections(engine: Engine, *, status: str | None = None) -> list[CorrectionRow]:
    """Every stored correction (optionally only those with ``status``), oldest first."""
    query = select(CORRECTIONS).order_by(CORRECTIONS.c.id)
    if status:
        query = query.where(CORRECTIONS.c.status == status)
    with engine.connect() as connection:
        return [row_of(r) for r in connection.execute(query).mappings()]


def row_of(r: Mapping[Any, Any]) -> CorrectionRow:
    """A correction table row -> :class:`CorrectionRow`."""
    return CorrectionRow(
        r["id"], r["document_sha256"], r["document_name"], r["action"], r["span_start"], r["span_end"],
        r["span_text"], loads(r["original"]), loads(r["fields"]) or {}, r["note"], r["created_at"], r["status"],
        r["status_detail"],
    )


def resolve_document(connection: Connection, document: str) -> Mapping[Any, Any]:
    """The document row named by ``document``: a file name, a sha256 (or a prefix of 8+), or an id."""
    key = document.strip()
    condition = or_(DOCUMENTS.c.name == key, DOCUMENTS.c.sha256 == key, DOCUMENTS.c.path == key)
    if len(key) >= 8 and all(ch in "0123456789abcdef" for ch in key):
        condition = or_(condition, DOCUMENTS.c.sha256.startswith(key))
    if key.isdigit():
        condition = or_(condition, DOCUMENTS.c.id == int(key))
    rows = connection.execute(select(DOCUMENTS).where(condition)).mappings().all()
    if not rows:
        raise CorrectionError(f"no loaded document {key!r} (give its file name, sha256 or id)")
    if len(rows) > 1:
        paths = ", ".join(sorted(str(r["path"]) for r in rows)[:5])
        raise CorrectionError(f"{key!r} names {len(rows)} documents ({paths}); give its sha256")
    return rows[0]


def _fact_and_document(connection: Connection, fact_id: int) -> tuple[Mapping[Any, Any], Mapping[Any, Any]]:
    fact = connection.execute(select(FACTS).where(FACTS.c.id == fact_id)).mappings().first()
    if fact is None:
        raise CorrectionError(f"no fact {fact_id} (fact ids are in v_fact.fact_id and on the review pages)")
    document = connection.execute(select(DOCUMENTS).where(DOCUMENTS.c.id == fact["document_id"])).mappings().one()
    return fact, document


def _owning_correction(connection: Connection, fact: Mapping[Any, Any]) -> Mapping[Any, Any] | None:
    if fact["correction_id"] is None:
        return None
    return connection.execute(select(CORRECTIONS).where(CORRECTIONS.c.id == fact["correction_id"])).mappings().first()


def _insert(
    connection: Connection,
    document: Mapping[Any, Any],
    action: str,
    fact: Mapping[Any, Any] | None,
    fields: Mapping[Any, Any],
    note: str | None,
    *,
    span: tuple[int, int, str] | None = None,
) -> int:
    if fact is not None:
        span = (fact["span_start"], fact["span_end"], fact["quote"])
    assert span is not None
    values = {
        "document_sha256": document["sha256"], "document_name": document["name"], "action": action,
        "span_start": span[0], "span_end": span[1], "span_text": span[2],
        "original": dumps(from_row(fact)) if fact is not None else None, "fields": dumps(fields),
        "note": note or None, "created_at": now(), "status": "pending",
    }
    return int(connection.execute(insert(CORRECTIONS).values(**values).returning(CORRECTIONS.c.id)).scalar_one())


def _apply_new(connection: Connection, document: Mapping[Any, Any], correction_id: int) -> Outcome:
    text = document_text(connection, document["id"])
    [outcome] = apply_to_document(connection, document["id"], document["sha256"], text, only=[correction_id])
    if outcome.status != "applied":
        raise CorrectionError(f"{outcome.describe()}; nothing was changed")
    return outcome


def _defaults(connection: Connection, doc: Mapping[Any, Any], fields: dict[str, Any]) -> dict[str, Any]:
    missing = [name.removesuffix("_code") for name in REQUIRED_FOR_ADD if name not in fields]
    if missing:
        raise CorrectionError(f"an added fact needs --{' --'.join(missing)}")
    complete = dict(fields)
    if "jurisdiction_code" not in complete:
        if doc["jurisdiction_code"] is None:
            raise CorrectionError(f"{doc['name']}: the document's place is unknown; give --jurisdiction")
        complete["jurisdiction_code"] = doc["jurisdiction_code"]
    for name in ("period_start", "period_end"):
        if name not in complete:
            if doc[name] is None:
                raise CorrectionError(f"{doc['name']}: the document's period is unknown; give --year or --period")
            complete[name] = doc[name].isoformat() if hasattr(doc[name], "isoformat") else str(doc[name])
    complete.setdefault("status", "actual")
    complete.setdefault("qualifier", "exact")
    complete.setdefault("value_high", None)
    if "unit_code" not in complete:
        complete["unit_code"] = _usual_unit(connection, complete["metric_code"])
    return complete


def _usual_unit(connection: Connection, metric: str) -> str:
    """The unit most stored facts of ``metric`` use (the data says what is usual)."""
    row = connection.execute(
        select(FACTS.c.unit_code).where(FACTS.c.metric_code == metric)
        .group_by(FACTS.c.unit_code).order_by(func.count().desc(), FACTS.c.unit_code).limit(1)
    ).first()
    if row is None:
        raise CorrectionError(f"no stored fact of metric {metric!r} to take a unit from; give --unit")
    return str(row[0])


def _join_notes(old: str | None, new: str | None) -> str | None:
    if old and new and new not in old:
        return f"{old}; {new}"
    return new or old
