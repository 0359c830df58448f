"""``etl load``: extract report files in parallel and load them into the database.

Public API::

    from etl.load import load_paths
    summary = load_paths(["reports/"], db="postgresql://postgres@127.0.0.1/minzheng", workers=4)
    print(summary.loaded, summary.unchanged, summary.failed, summary.facts)

See :func:`load_paths` for the guarantees (idempotent, one transaction per
document or batch of documents, safe to kill and to run concurrently).
"""

from etl.load.pipeline import DEFAULT_MAX_BYTES, load_paths
from etl.load.summary import FileFailure, LoadSummary, NullReporter, Outcome, Reporter

__all__ = ["DEFAULT_MAX_BYTES", "FileFailure", "LoadSummary", "NullReporter", "Outcome", "Reporter", "load_paths"]
