"""``etl load``: extract report files in parallel and load them into the database.

Public API::

    from etl.load import load_paths
    summary = load_paths(["reports/"], db="postgresql://postgres@127.0.0.1/minzheng", workers=4)
    print(summary.loaded, summary.unchanged, summary.failed, summary.facts)

Guarantees (see the modules for how):

* **Idempotent.** A document is identified by the sha256 of its bytes
  (``document.sha256`` is unique). Files are hashed *before* extraction and
  files already stored are skipped ("unchanged"). A file whose bytes changed
  replaces the document loaded earlier from the same (absolute) path: the old
  document, its facts and mentions are deleted and the new ones inserted in
  the same transaction. A file with the same bytes as a document stored from
  another path (a copy, a renamed file) is "unchanged" and keeps the first path;
  when that first path later holds other bytes while the copy, found in the
  same run, still holds the old ones, the stored document moves to the
  copy's path instead of being deleted.
* **Atomic documents.** A batch of documents (``batch_documents``, default
  200) is written in one transaction; if the database refuses one document,
  the batch is rolled back and each of its documents retried alone, so only
  that one fails. Killing the process at any moment leaves whole documents
  or nothing; running again finishes the job (:mod:`etl.load.writer`).
* **Concurrent loads** never store a document twice: ``INSERT ... ON CONFLICT
  (sha256) DO NOTHING`` makes the second loader wait for the first one's
  transaction and then skip the document and its facts.
* **Bookkeeping.** One ``load_run`` row per run (``running`` -> ``finished``,
  ``failed`` when the run itself fails, ``interrupted`` on Ctrl-C/SIGTERM or,
  found by the next run, after SIGKILL) with its counts, kept up to date at
  every commit; one ``load_error`` row per failed file (:mod:`etl.load.runs`).
* **Parallel and bounded.** Extraction runs in worker processes that import
  the extractor once; results come back as compact tuples through a bounded
  queue, so memory does not grow with the number of files. A worker that
  dies is replaced; the file that killed it is reported, the others retried
  (:mod:`etl.load.pool`). A file whose extraction runs past the per-file
  time limit (``file_timeout``, default 60 s) is stopped and reported failed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from etl.load.pipeline import DEFAULT_FILE_TIMEOUT, DEFAULT_MAX_BYTES, load_paths
    from etl.load.summary import FileFailure, LoadSummary, NullReporter, Outcome, Reporter

__all__ = [
    "DEFAULT_FILE_TIMEOUT", "DEFAULT_MAX_BYTES", "FileFailure", "LoadSummary", "NullReporter", "Outcome", "Reporter",
    "load_paths",
]

# Where each public name lives. Imported on first use, so that the extraction
# workers, which import etl.load.worker, do not also import the database layer
# (SQLAlchemy, Alembic) that only the main process needs.
_HOME = {
    "DEFAULT_FILE_TIMEOUT": "etl.load.pipeline", "DEFAULT_MAX_BYTES": "etl.load.pipeline",
    "load_paths": "etl.load.pipeline", "FileFailure": "etl.load.summary", "LoadSummary": "etl.load.summary",
    "NullReporter": "etl.load.summary", "Outcome": "etl.load.summary", "Reporter": "etl.load.summary",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'etl.load' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
