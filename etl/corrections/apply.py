"""Apply corrections to a document's facts: after every (re-)extraction, in the load transaction.

A correction is matched by the document's sha256, its span and, for ``set``
and ``reject``, the identity of the fact as extracted (``original``). It is
applied only when the document's text at the span is still the text the
reviewer saw (``span_text``) and the extraction still yields the fact it was
made for; otherwise it is marked ``unmatched`` with the reason, and nothing
changes. The facts a correction sets or adds carry its id in
``fact.correction_id`` (``v_fact.corrected``); a rejected fact is deleted, so
no view sees it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, delete, insert, select, update

from etl.corrections.fields import IDENTITY_FIELDS, CorrectionError, loads, to_row
from etl.db.children import lock_document
from etl.db.models import Correction, DocumentText, Fact

# Typed as Table: SQLAlchemy types Model.__table__ as a FromClause.
CORRECTIONS = cast(Table, Correction.__table__)
FACTS = cast(Table, Fact.__table__)
TEXTS = cast(Table, DocumentText.__table__)


def now() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What re-applying one correction did."""

    correction_id: int
    document_name: str
    action: str
    status: str  # 'applied' | 'unmatched'
    detail: str | None
    fact_id: int | None = None

    def describe(self) -> str:
        """One line for the load summary and ``etl corrections list``."""
        head = f"correction {self.correction_id} ({self.action}) on {self.document_name}"
        return f"{head}: {self.detail}" if self.detail else f"{head}: {self.status}"


def carry_over(connection: Connection, old_sha256: str, new_sha256: str) -> None:
    """The file at a path changed: its corrections now belong to the new bytes (checked on apply)."""
    if old_sha256 != new_sha256:
        connection.execute(
            update(CORRECTIONS).where(CORRECTIONS.c.document_sha256 == old_sha256).values(document_sha256=new_sha256)
        )


def corrected_documents(connection: Connection, sha256s: Sequence[str]) -> set[str]:
    """Which of these documents have corrections (one query for a whole batch of documents)."""
    found: set[str] = set()
    unique = sorted(set(sha256s))
    for start in range(0, len(unique), 500):
        part = unique[start:start + 500]
        found.update(connection.execute(
            select(CORRECTIONS.c.document_sha256).where(CORRECTIONS.c.document_sha256.in_(part)).distinct()
        ).scalars())
    return found


def document_text(connection: Connection, document_id: int) -> str | None:
    """The stored text of a document, or None when it was loaded before texts were kept."""
    return connection.execute(select(TEXTS.c.text).where(TEXTS.c.document_id == document_id)).scalar_one_or_none()


def apply_to_document(
    connection: Connection,
    document_id: int,
    sha256: str,
    text: str | None,
    *,
    only: Sequence[int] | None = None,
) -> list[Outcome]:
    """Apply the corrections of the document with ``sha256`` (all, or the ids in ``only``) to its facts."""
    query = select(CORRECTIONS).where(CORRECTIONS.c.document_sha256 == sha256).order_by(CORRECTIONS.c.id)
    if only is not None:
        query = query.where(CORRECTIONS.c.id.in_(list(only)))
    outcomes = []
    checked = now()
    for correction in connection.execute(query).mappings().all():
        outcome = _apply_one(connection, document_id, text, correction)
        connection.execute(
            update(CORRECTIONS)
            .where(CORRECTIONS.c.id == correction["id"])
            .values(status=outcome.status, status_detail=outcome.detail, checked_at=checked)
        )
        outcomes.append(outcome)
    return outcomes


def _apply_one(connection: Connection, document_id: int, text: str | None, c: Mapping[Any, Any]) -> Outcome:
    def result(status: str, detail: str | None = None, fact_id: int | None = None) -> Outcome:
        return Outcome(c["id"], c["document_name"], c["action"], status, detail, fact_id)

    span = (c["span_start"], c["span_end"])
    if text is not None and text[span[0]:span[1]] != c["span_text"]:
        now_text = text[span[0]:span[1]]
        return result("unmatched", f"the text at {span[0]}-{span[1]} changed: now {now_text!r}, was {c['span_text']!r}")
    if c["action"] == "add":
        if text is None:
            return result("unmatched", "the document's text is not stored (load the file again)")
        fields = loads(c["fields"]) or {}
        fact_id = write_fact(connection, document_id, span, c["span_text"], fields, c["id"], None)
        return result("applied", None, fact_id)
    original = loads(c["original"]) or {}
    target = find_fact(connection, document_id, span, original)
    if target is None:
        wanted = " ".join(str(original.get(k)) for k in ("program_code", "metric_code", "value", "unit_code"))
        return result("unmatched", f"the extraction no longer yields the fact it corrects ({wanted} at {span[0]}-{span[1]})")
    fact_id, owner = target
    if owner is not None and owner != c["id"]:
        return result("unmatched", f"correction {owner} already changed fact {fact_id}")
    if c["action"] == "reject":
        connection.execute(delete(FACTS).where(FACTS.c.id == fact_id))
        return result("applied", None, None)
    merged = {**original, **(loads(c["fields"]) or {})}
    merged.pop("quote", None)
    return result("applied", None, write_fact(connection, document_id, span, original.get("quote"), merged, c["id"], fact_id))


def find_fact(
    connection: Connection, document_id: int, span: tuple[int, int], identity: Mapping[str, Any]
) -> tuple[int, int | None] | None:
    """(id, correction_id) of the document's fact at ``span`` with the identity fields of ``identity``."""
    values = to_row({name: identity.get(name) for name in IDENTITY_FIELDS})
    conditions = [FACTS.c.document_id == document_id, FACTS.c.span_start == span[0], FACTS.c.span_end == span[1]]
    conditions += [FACTS.c[name] == value for name, value in values.items()]
    row = connection.execute(select(FACTS.c.id, FACTS.c.correction_id).where(and_(*conditions)).limit(1)).first()
    return None if row is None else (int(row[0]), row[1])


def write_fact(
    connection: Connection,
    document_id: int,
    span: tuple[int, int],
    quote: str | None,
    fields: Mapping[str, Any],
    correction_id: int | None,
    fact_id: int | None,
) -> int:
    """Make the document hold the fact ``fields`` at ``span``, marked with ``correction_id``; return its id.

    ``fact_id`` is the fact to change (None: add one). When the extraction
    already has a fact identical under the identity fields (e.g. the corrected
    figure was also extracted), that one is marked instead, and the changed
    fact removed, so that the figure is never stored twice.
    """
    values = {**to_row(fields), "correction_id": correction_id}
    same = find_fact(connection, document_id, span, fields)
    if same is not None and same[0] != fact_id:
        if fact_id is not None:
            connection.execute(delete(FACTS).where(FACTS.c.id == fact_id))
        fact_id = same[0]
    if fact_id is not None:
        connection.execute(update(FACTS).where(FACTS.c.id == fact_id).values(**values))
        return fact_id
    # fact has no foreign key to document (etl.db.children): hold the document, as
    # the key's check did, so that a load replacing it meanwhile deletes this fact too.
    if not lock_document(connection, document_id):
        raise CorrectionError(f"document {document_id} is no longer stored (replaced or deleted meanwhile)")
    row = {
        "document_id": document_id, "span_start": span[0], "span_end": span[1], "quote": quote,
        "value_high": None, "qualifier": "exact", "status": "actual", **values,
    }
    return int(connection.execute(insert(FACTS).values(**row).returning(FACTS.c.id)).scalar_one())
