"""Write extracted documents to the database, a batch per transaction, each document atomic.

A batch of documents is written in one transaction: replaced documents are
deleted, the new document rows inserted (``ON CONFLICT (sha256) DO NOTHING
RETURNING id``), then their facts and mentions are bulk-written (``COPY`` on
PostgreSQL, ``executemany`` on SQLite), their texts stored (``document_text``)
and reviewers' corrections re-applied to them (:mod:`etl.corrections`; the
ones that no longer match are counted in the summary), the batch's load
errors recorded and the run's counts updated. A crash at any moment therefore leaves either the
whole batch or nothing.

The reference codes of every fact (jurisdiction, program, metric, unit) are
checked before a document is queued (:mod:`etl.load.codes`; ``fact`` has no
foreign keys to those tables): a document with an unknown code is reported
failed and nothing of it is written. Nor have facts and mentions a foreign key
to ``document`` (:mod:`etl.db.children`): they are written with the id their
document's insert returned, in its transaction, and deleted with it.

If the batch transaction fails (a document the database refuses: a check
constraint, a document row naming an unknown jurisdiction...), it is rolled back and every
document of the batch is retried in a transaction of its own, so that only
the offending document is reported failed and the others still load.

Concurrency: ``document.sha256`` is unique. Two loaders that insert the same
bytes serialise on that index: PostgreSQL makes the second ``INSERT ... ON
CONFLICT DO NOTHING`` wait for the first transaction and then skip the row,
so the second loader sees "already loaded" and writes none of the facts.
Rows are inserted in sha256 order so that two loaders always take those
index locks in the same order and cannot deadlock on them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from etl.corrections import Outcome as CorrectionOutcome
from etl.corrections import apply_to_document, carry_over, corrected_documents
from etl.db.children import delete_documents
from etl.db.marts import refresh_stale
from etl.db.engine import describe_db_error, is_sqlite
from etl.db.models import Document, DocumentText, LoadError
from etl.errors import DatabaseError, InputError
from etl.load.bulk import copy_children, copy_texts, executemany_children, insert_unnest_returning, sqlite_value, wrapped
from etl.load.codes import ReferenceCodes, UnknownCodeError
from etl.load.runs import RunRecorder, now
from etl.load.summary import FileFailure, LoadSummary, Outcome
from etl.load.worker import DOCUMENT_FIELDS, hash_file

DOCUMENTS = Document.__table__
LOAD_ERRORS = LoadError.__table__
TEXTS = DocumentText.__table__

# How often a single document is retried after a transient conflict
# (deadlock, serialization failure) before it is reported as failed.
TRANSIENT_RETRIES = 3
TRANSIENT_SQLSTATES = {"40001", "40P01"}


@dataclass(slots=True)
class PreparedDocument:
    """A document ready to be written (built from a worker's result tuple)."""

    path: str
    shown: str
    row: dict[str, Any]
    facts: list[tuple[Any, ...]]
    mentions: list[tuple[Any, ...]]
    # The decoded text the spans index into (stored in document_text). None:
    # the writer takes row["text"] if the worker sent it, else reads the file.
    text: str | None = None

    @property
    def sha256(self) -> str:
        """The sha256 of the document's bytes."""
        return str(self.row["sha256"])


@dataclass(slots=True)
class _BatchResult:
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # sha256 -> outcome
    corrections: list[CorrectionOutcome] = field(default_factory=list)


class DocumentWriter:
    """Buffers documents and failures and writes them in batches."""

    def __init__(
        self,
        engine: Engine,
        recorder: RunRecorder,
        summary: LoadSummary,
        on_done: Callable[[str, Outcome], None],
        on_failed: Callable[[FileFailure], None],
        *,
        batch_documents: int = 200,
        batch_facts: int = 20_000,
        max_delay: float = 1.0,
        holder_of: Callable[[str, str], str | None] | None = None,
    ) -> None:
        self.engine = engine
        self.sqlite = is_sqlite(engine)
        self.recorder = recorder
        self.summary = summary
        self.on_done = on_done
        self.on_failed = on_failed
        self.batch_documents = batch_documents
        self.batch_facts = batch_facts
        self.max_delay = max_delay
        # (sha256, path) -> another path known to hold those bytes now, or None.
        self.holder_of = holder_of or (lambda sha256, path: None)
        self._documents: list[PreparedDocument] = []
        self._failures: list[FileFailure] = []
        self._facts = 0
        self._oldest: float | None = None
        self._codes: ReferenceCodes | None = None
        # The roll-up tables are refreshed in the transaction of the run's last batch
        # (finish), not in every batch: a refresh recomputes whole city-years, and
        # doing it per batch made a 10,000-document load 4-9x slower. Until then the
        # database lists the touched city-years in rollup_stale.
        self._final = False

    # -- buffering -------------------------------------------------------

    def add(self, document: PreparedDocument) -> None:
        """Queue a document; writes the batch when it is full."""
        if not self._codes_known(document):
            return
        if document.text is None:
            document.text = document.row.pop("text", None) or _read_text(document)
        self._documents.append(document)
        self._facts += len(document.facts) + len(document.mentions)
        self._touch()
        if len(self._documents) >= self.batch_documents or self._facts >= self.batch_facts:
            self.flush()

    def add_failure(self, failure: FileFailure) -> None:
        """Record a failed file (reported now, stored with the next batch)."""
        self.summary.failures.append(failure)
        self.on_done(failure.path, "failed")
        self.on_failed(failure)
        self._failures.append(failure)
        self._touch()

    def _codes_known(self, document: PreparedDocument) -> bool:
        """Check the reference codes of the document's facts (``fact`` has no foreign keys to them).

        A document with an unknown code is reported failed and not queued, so
        nothing of it is written; the codes are read once per writer.
        """
        if not document.facts:
            return True
        if self._codes is None:
            with self.engine.connect() as connection:
                self._codes = ReferenceCodes.read(connection)
        try:
            self._codes.check(document.shown, document.facts)
        except UnknownCodeError as exc:
            self.add_failure(FileFailure(document.shown, type(exc).__name__, str(exc)))
            return False
        return True

    def tick(self) -> None:
        """Write the pending batch if it has waited longer than ``max_delay``."""
        if self._oldest is not None and time.monotonic() - self._oldest >= self.max_delay:
            self.flush()

    def _touch(self) -> None:
        if self._oldest is None:
            self._oldest = time.monotonic()

    # -- writing ---------------------------------------------------------

    def flush(self) -> None:
        """Write everything pending: one transaction, or one per document if the database refuses one."""
        documents, failures = self._documents, self._failures
        self._documents, self._failures, self._facts, self._oldest = [], [], 0, None
        if not documents and not failures and not self._final:
            return
        started = time.perf_counter()
        try:
            try:
                self._write(documents, failures)
            except SQLAlchemyError as exc:
                if not (_is_refusal(exc) or _is_transient(exc)):
                    raise
                # Find the document the database refuses; keep the others.
                for document in documents:
                    self._write_alone(document)
                if failures:
                    self._write([], failures)
        except SQLAlchemyError as exc:
            # Not about one document (connection lost, disk full...): stop the run.
            raise DatabaseError(f"writing to the database failed: {describe_db_error(exc)}") from exc
        finally:
            self.summary.write_seconds += time.perf_counter() - started

    def finish(self) -> None:
        """Write what is pending and refresh the roll-up tables in that last transaction
        (a transaction of its own when nothing is pending)."""
        self._final = True
        self.flush()

    def _write_alone(self, document: PreparedDocument) -> None:
        for attempt in range(TRANSIENT_RETRIES):
            try:
                self._write([document], [])
                return
            except SQLAlchemyError as exc:
                if _is_transient(exc) and attempt + 1 < TRANSIENT_RETRIES:
                    continue
                if not (_is_refusal(exc) or _is_transient(exc)):
                    raise
                self._refused(document, exc)
                return

    def _refused(self, document: PreparedDocument, exc: SQLAlchemyError) -> None:
        failure = FileFailure(
            document.shown, "DatabaseError",
            f"{document.shown}: the database refused the document ({describe_db_error(exc)})",
        )
        self.summary.failures.append(failure)
        self.on_done(failure.path, "failed")
        self.on_failed(failure)
        self._write([], [failure])

    def _write(self, documents: list[PreparedDocument], failures: list[FileFailure]) -> None:
        """One transaction: documents, failures and run counts; summary updated after commit."""
        documents = sorted(documents, key=lambda d: d.sha256)
        with self.engine.begin() as connection:
            if self.sqlite:
                # Take SQLite's write lock first (waiting up to busy_timeout). A
                # transaction that reads first and writes later fails at once,
                # without waiting, if another process committed in between.
                self.recorder.touch(connection)
            result = self._write_documents(connection, documents) if documents else _BatchResult()
            if self._final:
                refresh_stale(connection)  # the roll-up tables of the city-years the run touched (etl.db.marts)
            if failures:
                connection.execute(
                    insert(LOAD_ERRORS),
                    [
                        {"load_run_id": self.recorder.run_id, "path": f.path, "error": f.error[:64], "message": f.message}
                        for f in failures
                    ],
                )
            pending = self._counts_after(documents, result)
            self.recorder.update(connection, pending)
        # Committed: now the summary and the reporter may know.
        for document in documents:
            outcome = result.outcomes[document.sha256]
            if outcome == "unchanged":
                self.summary.unchanged += 1
            else:
                self.summary.loaded += 1
                self.summary.facts += len(document.facts)
                self.summary.mentions += len(document.mentions)
                self.summary.no_facts += not document.facts
                if outcome == "replaced":
                    self.summary.replaced += 1
            self.on_done(document.shown, outcome)
        for correction in result.corrections:
            if correction.status == "applied":
                self.summary.corrections_applied += 1
            else:
                self.summary.corrections_unmatched.append(correction.describe())

    def _counts_after(self, documents: list[PreparedDocument], result: _BatchResult) -> dict[str, int]:
        counts = self.recorder.counts(self.summary)
        for document in documents:
            if result.outcomes[document.sha256] == "unchanged":
                counts["files_unchanged"] += 1
            else:
                counts["files_loaded"] += 1
                counts["facts_loaded"] += len(document.facts)
                counts["mentions_loaded"] += len(document.mentions)
        return counts

    def _write_documents(self, connection: Connection, documents: list[PreparedDocument]) -> _BatchResult:
        result = _BatchResult()
        replaced = self._delete_replaced(connection, documents)
        ids = self._insert_documents(connection, documents)
        inserted = [(ids[d.sha256], d) for d in documents if d.sha256 in ids]
        for document in documents:
            if document.sha256 not in ids:
                result.outcomes[document.sha256] = "unchanged"
            elif document.path in replaced:
                result.outcomes[document.sha256] = "replaced"
            else:
                result.outcomes[document.sha256] = "loaded"
        children = executemany_children if self.sqlite else copy_children
        wrapped(connection, "bulk write of facts and mentions", lambda: children(connection, inserted))
        self._write_texts_and_corrections(connection, inserted, replaced, result)
        return result

    def _write_texts_and_corrections(
        self,
        connection: Connection,
        inserted: list[tuple[int, PreparedDocument]],
        replaced: dict[str, str],
        result: _BatchResult,
    ) -> None:
        """Store the texts of the new documents and re-apply their corrections (same transaction)."""
        self._insert_texts(connection, [(doc_id, d.text) for doc_id, d in inserted if d.text is not None])
        for doc_id, document in inserted:
            if document.path in replaced:
                carry_over(connection, replaced[document.path], document.sha256)
        # One query for the batch; most documents have no corrections.
        corrected = corrected_documents(connection, [d.sha256 for _, d in inserted]) if inserted else set()
        for doc_id, document in inserted:
            if document.sha256 in corrected:
                result.corrections += apply_to_document(connection, doc_id, document.sha256, document.text)

    def _insert_texts(self, connection: Connection, texts: list[tuple[int, str]]) -> None:
        if not texts:
            return
        if self.sqlite:
            connection.execute(insert(TEXTS), [{"document_id": doc_id, "text": text} for doc_id, text in texts])
        else:
            wrapped(connection, "bulk write of document texts", lambda: copy_texts(connection, texts))

    def _delete_replaced(self, connection: Connection, documents: list[PreparedDocument]) -> dict[str, str]:
        """Remove older versions of these paths (other bytes, or another parser version); return path -> old sha256.

        The same bytes may sit at two paths (a copy): the document is stored
        once, under the first path. When that path now holds other bytes but
        the copy, found in this run, still holds the old ones, the document
        moves to the copy's path instead of being deleted.
        """
        paths = [d.path for d in documents]
        stale = connection.execute(
            select(DOCUMENTS.c.id, DOCUMENTS.c.path, DOCUMENTS.c.sha256, DOCUMENTS.c.parser_version)
            .where(DOCUMENTS.c.path.in_(paths))
        ).all()
        new_version = {d.path: (d.sha256, d.row["parser_version"]) for d in documents}
        # Other bytes at the path, or the same bytes extracted by another parser version.
        victims = [(doc_id, path, sha) for doc_id, path, sha, version in stale if (sha, version) != new_version[path]]
        if not victims:
            return {}
        ids = []
        for doc_id, path, sha in victims:
            holder = self.holder_of(sha, path) if sha != new_version[path][0] else None
            if holder is not None and holder not in new_version:
                connection.execute(
                    update(DOCUMENTS).where(DOCUMENTS.c.id == doc_id)
                    .values(path=holder, name=os.path.basename(holder)[:255])
                )
            else:
                ids.append(doc_id)
        if ids:
            delete_documents(connection, ids)  # with their facts, mentions and texts (no cascading keys)
        return {path: sha for _, path, sha in victims}

    def _insert_documents(self, connection: Connection, documents: list[PreparedDocument]) -> dict[str, int]:
        """Insert document rows, skipping bytes already stored; return sha256 -> new id.

        Plain SQL through ``exec_driver_sql``: compiling a many-row
        ``insert().values()`` in SQLAlchemy costs more than running it.
        """
        loaded_at: Any = now()
        if self.sqlite:
            # SQLAlchemy's storage format for DateTime on SQLite (naive UTC).
            loaded_at = loaded_at.strftime("%Y-%m-%d %H:%M:%S.%f")
        rows = [
            tuple(
                sqlite_value(value) if self.sqlite else value
                for value in (*(d.row[name] for name in DOCUMENT_ROW), loaded_at, self.recorder.run_id)
            )
            for d in documents
        ]
        ids: dict[str, int] = {}
        if self.sqlite:
            # One row per statement keeps RETURNING unambiguous on SQLite.
            sql = f"{_DOCUMENT_INSERT} VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))}) {_ON_CONFLICT}"
            for row in rows:
                found = connection.exec_driver_sql(sql, row).first()
                if found is not None:
                    ids[found[1]] = found[0]
            return ids
        # unnest keeps the rows in order, so sha256 order (the lock order) holds.
        for doc_id, sha in insert_unnest_returning(connection, "document", _DOCUMENT_TYPES, rows, _ON_CONFLICT):
            ids[sha] = doc_id
        return ids


# The document columns a PreparedDocument.row carries, then the two the writer adds.
DOCUMENT_ROW = ("sha256", "path", "name", "size_bytes", "parser_version", *DOCUMENT_FIELDS)
DOCUMENT_COLUMNS = (*DOCUMENT_ROW, "loaded_at", "load_run_id")
_DOCUMENT_INSERT = f"INSERT INTO document ({', '.join(DOCUMENT_COLUMNS)})"
# PostgreSQL types of DOCUMENT_COLUMNS, for the unnest insert.
_DOCUMENT_TYPES = {
    "sha256": "text", "path": "text", "name": "text", "size_bytes": "bigint", "parser_version": "text",
    "title": "text", "publisher": "text", "url": "text", "published": "date", "jurisdiction_code": "text",
    "period_start": "date", "period_end": "date", "encoding": "text", "loaded_at": "timestamptz",
    "load_run_id": "bigint",
}
assert tuple(_DOCUMENT_TYPES) == DOCUMENT_COLUMNS
_ON_CONFLICT = "ON CONFLICT (sha256) DO NOTHING RETURNING id, sha256"


def _read_text(document: PreparedDocument) -> str | None:
    """The document's decoded text, read again from its file when the worker did not send it.

    None when the file no longer holds the bytes that were extracted (the
    spans would not index into it) or cannot be read.
    """
    from etl.extract.read import read_document  # the reader only; imported when first needed

    try:
        decoded = read_document(document.path, max_bytes=None)
        if hash_file(document.path)[0] != document.sha256:
            return None
    except (InputError, OSError):
        return None
    return decoded.text


def _is_refusal(exc: SQLAlchemyError) -> bool:
    """True when the database rejects the data itself (constraint, bad value), not the connection."""
    return isinstance(exc, (IntegrityError, DataError))


def _is_transient(exc: SQLAlchemyError) -> bool:
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if code in TRANSIENT_SQLSTATES:
        return True
    return "database is locked" in str(exc)
