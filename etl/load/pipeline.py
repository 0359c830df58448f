"""``load_paths``: find files, skip the ones already loaded, extract the rest in parallel, write.

The stages, all streaming (memory does not grow with the number of files):

1. the main process lists the files and hashes them a group at a time
   (cheap), and asks the database which of those sha256 it already has; those
   files are "unchanged" and never extracted;
2. the remaining files go to the worker processes (:mod:`etl.load.pool`);
3. the main process receives compact result tuples and writes them in
   batches, one transaction per batch (:mod:`etl.load.writer`).
"""

from __future__ import annotations

import importlib
import os
import stat
import time
from dataclasses import dataclass
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from etl import __version__
from etl.db import migrate
from etl.db.engine import describe_db_error, describe_url, is_sqlite, make_engine, resolve_url
from etl.db.models import Document
from etl.db.stats import analyze_after_load
from etl.errors import DatabaseError
from etl.load import interrupts
from etl.load.files import refused, skipped_in_folders, unique_files
from etl.load.meta import meta_warnings
from etl.load.pool import ExtractionPool
from etl.load.runs import RunRecorder
from etl.load.summary import FileFailure, LoadSummary, NullReporter, Outcome, Reporter
from etl.load.worker import DEFAULT_EXTRACTOR, DOCUMENT_FIELDS, ERROR, Result, WorkItem, hash_file
from etl.load.writer import DocumentWriter, PreparedDocument

# Same default as the reader (etl.extract.read.DEFAULT_MAX_BYTES).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# Seconds one file may take to extract before it is stopped and reported failed.
DEFAULT_FILE_TIMEOUT = 60.0

# With the default --workers, one extraction process per this many files (at
# most one per CPU core): starting a worker and warming its extractor costs
# about as much as extracting tens of files, so a small load with two
# workers was slower than with one.
FILES_PER_WORKER = 50

# Files hashed (and looked up in the database) per round trip.
HASH_GROUP = 500


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """How a load extracts and writes (the knobs of :func:`load_paths`)."""

    workers: int
    extractor: str = DEFAULT_EXTRACTOR
    max_bytes: int | None = DEFAULT_MAX_BYTES
    batch_documents: int = 200
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT


def load_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    engine: Engine | None = None,
    db: str | None = None,
    workers: int | None = None,
    meta: Mapping[str, Any] | None = None,
    dry_run: bool = False,
    reporter: Reporter | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    extractor: str = DEFAULT_EXTRACTOR,
    batch_documents: int = 200,
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT,
) -> LoadSummary:
    """Extract the report files under ``paths`` and load them into the database.

    ``paths`` are files or folders (searched recursively for .txt/.html/.docx/.pdf).
    The database is ``engine``, else ``db`` (a URL or SQLite path, see
    :func:`etl.db.engine.resolve_url`); it is migrated to the newest schema and
    its reference data synced first. ``workers`` extraction processes run in
    parallel (default: :func:`default_workers`). ``meta`` maps a file's base
    name to its metadata record (see ``etl.extract.read_meta``). Files larger
    than ``max_bytes`` fail with ``TooLargeInputError`` (``None``: no limit);
    a file whose extraction runs longer than ``file_timeout`` seconds is
    stopped and fails with ``FileTimeoutError`` (``None``: no limit).

    A file whose bytes are already loaded is counted unchanged and not
    extracted again; a file whose bytes changed replaces the document loaded
    from the same path, in one transaction. A file that cannot be read or
    extracted is recorded as a failure (``summary.failures``, ``load_error``
    rows) and the run goes on. With ``dry_run`` nothing is written: files
    are compared with the database (unchanged, would replace, would load) and
    extracted and counted as if loaded; a SQLite file that does not exist is
    not created (every file then counts as new).

    ``extractor`` names the extract function as ``module:function`` (for
    tests and experiments; it must accept ``(path, meta, *, max_bytes)``).
    Raises :class:`~etl.errors.DatabaseError` when the database fails as a
    whole; a ``KeyboardInterrupt`` ends the run as ``interrupted``.

    The workers are started by a fork server that imports the main script,
    as with any ``multiprocessing`` code: a script that calls ``load_paths``
    needs the usual ``if __name__ == "__main__":`` guard.
    """
    started = time.monotonic()
    reporter = reporter or NullReporter()
    summary = LoadSummary(dry_run=dry_run)
    paths = _as_list(paths)
    files = unique_files(paths)
    summary.skipped = skipped_in_folders(paths)
    summary.files_seen = len(files)
    reporter.started(len(files))
    summary.warnings = meta_warnings(meta or {}, files)
    warn = getattr(reporter, "warning", None)
    if warn is not None:
        for message in summary.warnings:
            warn(message)
    options = LoadOptions(
        workers=workers or default_workers(len(files)), extractor=extractor, max_bytes=max_bytes,
        batch_documents=batch_documents, file_timeout=file_timeout,
    )
    if dry_run:
        _dry_run(engine, db, files, options, _Run(None, None, summary, reporter, meta or {}), started)
        return summary

    owned = engine is None
    engine = engine or make_engine(db)
    try:
        summary.database = describe_url(engine.url.render_as_string(hide_password=False))
        summary.migrated = _prepare_database(engine)
        _load_into(engine, paths, files, options, _Run(engine, None, summary, reporter, meta or {}), started)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"loading into {summary.database} failed: {describe_db_error(exc)}") from exc
    finally:
        if owned:
            engine.dispose()
    return summary


def _dry_run(
    engine: Engine | None, db: str | None, files: list[tuple[str, str]], options: LoadOptions, run: _Run,
    started: float,
) -> None:
    """Extract and count, write nothing; compare with the database if it exists (never create it)."""
    owned = engine is None
    engine = engine if engine is not None else _existing_database(db)
    summary = run.summary
    try:
        if engine is not None and migrate.current_revision(engine) is not None:
            run.engine = engine
            run.parser_version = _parser_version(options.extractor)
            summary.database = describe_url(engine.url.render_as_string(hide_password=False))
        try:
            _execute(run, files, options)
        except KeyboardInterrupt:
            summary.interrupted = True
            raise
        finally:
            summary.elapsed = time.monotonic() - started
            run.reporter.finished(summary)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"reading {summary.database or 'the database'} failed: {describe_db_error(exc)}") from exc
    finally:
        if owned and engine is not None:
            engine.dispose()


def _existing_database(db: str | None) -> Engine | None:
    """An engine on ``db`` unless it is a SQLite file that does not exist (a dry run must not create it)."""
    url = resolve_url(db)
    if is_sqlite(url):
        database = make_url(url).database
        if not database or database == ":memory:" or not os.path.exists(database):
            return None
    return make_engine(url)


def _load_into(
    engine: Engine,
    paths: list[str | os.PathLike[str]],
    files: list[tuple[str, str]],
    options: LoadOptions,
    run: _Run,
    started: float,
) -> None:
    """Record a load run, extract and write every file, and end the run with its status."""
    summary, reporter = run.summary, run.reporter
    run.parser_version = _parser_version(options.extractor)
    recorder = RunRecorder(
        engine,
        parser_version=run.parser_version,
        arguments={
            "paths": [os.fspath(p) for p in paths[:20]],
            "workers": options.workers,
            "max_bytes": options.max_bytes,
            "file_timeout": options.file_timeout,
            "meta_records": len(run.meta),
        },
    )
    summary.load_run_id = recorder.start()
    writer = DocumentWriter(
        engine, recorder, summary, reporter.file_done, reporter.file_failed, batch_documents=options.batch_documents,
        holder_of=run.holder_of,
    )
    run.writer = writer
    status = "failed"
    try:
        _execute(run, files, options)
        writer.finish()
        status = "finished"
        analyze_after_load(engine, summary.loaded)
    except KeyboardInterrupt:
        summary.interrupted = True
        status = "interrupted"
        # Extracted documents already received are complete: keep them. The
        # interrupt may have cut a write short and broken the connection; then
        # that transaction rolled back and a rerun loads those documents.
        try:
            writer.finish()
        except SQLAlchemyError:
            pass
        raise
    finally:
        summary.elapsed = time.monotonic() - started
        try:
            recorder.finish(status, summary)
        except SQLAlchemyError:
            # Do not hide the error that ended the run; a finished run
            # whose status cannot be written is an error of its own.
            if status == "finished":
                raise
        reporter.finished(summary)


def default_workers(files: int) -> int:
    """One worker per ``FILES_PER_WORKER`` files, at least one, at most one per CPU core."""
    return max(1, min(os.cpu_count() or 1, files // FILES_PER_WORKER))


class _Run:
    """The state one load shares between its stages."""

    def __init__(
        self,
        engine: Engine | None,
        writer: DocumentWriter | None,
        summary: LoadSummary,
        reporter: Reporter,
        meta: Mapping[str, Any],
    ) -> None:
        self.engine = engine
        self.writer = writer
        self.summary = summary
        self.reporter = reporter
        self.meta = meta
        self.files: list[tuple[str, str]] = []  # index -> (path shown, absolute path)
        self.seen_sha: set[str] = set()
        # sha256 -> absolute path of a file of this run found holding those bytes
        # already stored ("unchanged"): where a stored document goes when the
        # path it was loaded from now holds other bytes.
        self.unchanged_at: dict[str, str] = {}
        # Dry run: paths of the files to extract that a stored document came from (they would replace it).
        self.stored_paths: set[str] = set()
        self.parser_version = __version__

    def holder_of(self, sha256: str, not_path: str) -> str | None:
        """Another path of this run that holds ``sha256`` (see ``unchanged_at``)."""
        path = self.unchanged_at.get(sha256)
        return path if path is not None and path != not_path else None

    def done(self, shown: str, outcome: Outcome) -> None:
        if outcome == "unchanged":
            self.summary.unchanged += 1
        elif outcome in ("loaded", "replaced"):  # dry run only; real loads count on commit
            self.summary.loaded += 1
            self.summary.replaced += outcome == "replaced"
        self.reporter.file_done(shown, outcome)

    def fail(self, failure: FileFailure) -> None:
        if self.writer is not None:
            self.writer.add_failure(failure)
        else:
            self.summary.failures.append(failure)
            self.reporter.file_done(failure.path, "failed")
            self.reporter.file_failed(failure)


def _execute(run: _Run, files: list[tuple[str, str]], options: LoadOptions) -> None:
    run.files = []
    for shown, absolute in files:
        failure = refused(shown)
        if failure is not None:
            run.fail(failure)
        else:
            run.files.append((shown, absolute))
    files = run.files
    pending = len(files)
    chunk = max(1, min(16, pending // (options.workers * 8) or 1))
    with ExtractionPool(
        options.workers, options.extractor, options.max_bytes, chunk_size=chunk, file_timeout=options.file_timeout
    ) as pool:
        for result in pool.results(_work_items(run, options.max_bytes)):
            if result is not None:
                _receive(run, result)
            if run.writer is not None:
                run.writer.tick()
            # Between documents, with no write in progress: the safe place to stop.
            interrupts.raise_if_requested()


def _work_items(run: _Run, max_bytes: int | None) -> Iterator[WorkItem]:
    """Hash files a group at a time; yield those not already loaded."""
    for start in range(0, len(run.files), HASH_GROUP):
        group = []
        for index in range(start, min(start + HASH_GROUP, len(run.files))):
            shown, absolute = run.files[index]
            group.append((index, shown, _cheap_hash(absolute, max_bytes)))
        known = _known_hashes(run.engine, {sha for _, _, sha in group if sha}, run.parser_version)
        if run.writer is None and run.engine is not None:
            run.stored_paths |= _stored_paths(run.engine, [run.files[index][1] for index, _, _ in group])
        for index, shown, sha in group:
            if sha is not None and (sha in known or sha in run.seen_sha):
                run.unchanged_at.setdefault(sha, run.files[index][1])
                run.done(shown, "unchanged")
                continue
            if sha is not None:
                run.seen_sha.add(sha)
            yield (index, shown, sha, run.meta.get(os.path.basename(shown)))


def _cheap_hash(path: str, max_bytes: int | None) -> str | None:
    """sha256 of the file, or None when the worker should produce the error (unreadable, too large, not a file)."""
    try:
        info = os.stat(path)
        # Opening a FIFO here would block the main process for ever; the worker refuses it by name.
        if not stat.S_ISREG(info.st_mode) or (max_bytes is not None and info.st_size > max_bytes):
            return None
        return hash_file(path)[0]
    except (OSError, ValueError):
        return None


def _known_hashes(engine: Engine | None, hashes: set[str], parser_version: str) -> set[str]:
    """The hashes already stored by this parser version (an older version's are re-extracted)."""
    if engine is None or not hashes:
        return set()
    table = Document.__table__
    query = select(table.c.sha256).where(table.c.sha256.in_(sorted(hashes)), table.c.parser_version == parser_version)
    with engine.connect() as connection:
        return set(connection.execute(query).scalars())


def _stored_paths(engine: Engine, paths: list[str]) -> set[str]:
    """Those of ``paths`` that a stored document was loaded from."""
    table = Document.__table__
    with engine.connect() as connection:
        return set(connection.execute(select(table.c.path).where(table.c.path.in_(paths))).scalars())


def _receive(run: _Run, result: Result) -> None:
    index = result[1]
    shown, absolute = run.files[index]
    if result[0] == ERROR:
        _, _, error, message = result
        run.fail(FileFailure(shown, error, message))
        return
    _, _, sha256, size, document, facts, mentions, text = result
    fields = dict(zip(DOCUMENT_FIELDS, document))
    run.summary.note_context(shown, fields.get("jurisdiction_code"), fields.get("period_start"), len(facts) + len(mentions))
    if run.writer is None:
        run.summary.facts += len(facts)
        run.summary.mentions += len(mentions)
        run.summary.no_facts += not facts
        run.done(shown, "replaced" if absolute in run.stored_paths else "loaded")
        return
    row = dict(zip(DOCUMENT_FIELDS, document))
    row.update(
        sha256=sha256,
        path=absolute,
        name=os.path.basename(absolute)[:255],
        size_bytes=size,
        parser_version=run.parser_version,
    )
    extracted = getattr(run.reporter, "file_extracted", None)
    if extracted is not None:
        extracted(shown)
    run.writer.add(PreparedDocument(path=absolute, shown=shown, row=row, facts=facts, mentions=mentions, text=text))


def _as_list(paths: Iterable[str | os.PathLike[str]]) -> list[str | os.PathLike[str]]:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


def _prepare_database(engine: Engine) -> bool:
    """Migrate to head and sync reference data, in one transaction under the schema
    lock, so that two loads starting together on an empty database do not both migrate."""
    return migrate.ensure_schema(engine, sync=True)


def _parser_version(extractor: str) -> str:
    """The extractor module's ``PARSER_VERSION`` if it declares one, else the package version."""
    try:
        module = importlib.import_module(extractor.partition(":")[0])
    except ImportError:
        return __version__
    return str(getattr(module, "PARSER_VERSION", None) or __version__)[:32]


# The name bench/load.py imports (file discovery moved to etl.load.files).
_unique_files = unique_files
