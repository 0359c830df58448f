"""What a load did: :class:`LoadSummary`, :class:`FileFailure`, and the progress :class:`Reporter` protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Outcome = Literal["loaded", "replaced", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class FileFailure:
    """One file that could not be loaded.

    ``error`` is the exception class name (``EmptyInputError``,
    ``WorkerCrashedError``, ``DatabaseError``...); ``message`` is one line that
    names the file and the problem.
    """

    path: str
    error: str
    message: str


@dataclass(slots=True)
class LoadSummary:
    """Counts of one ``load_paths`` call.

    ``loaded`` counts documents written by this run, including the
    ``replaced`` ones (a changed file whose older version was deleted).
    ``unchanged`` counts files whose bytes were already loaded (by an earlier
    run, by a concurrent run, or as a duplicate file within this run).
    """

    files_seen: int = 0
    loaded: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[FileFailure] = field(default_factory=list)
    facts: int = 0
    mentions: int = 0
    load_run_id: int | None = None
    elapsed: float = 0.0
    dry_run: bool = False
    migrated: bool = False
    database: str | None = None
    interrupted: bool = False
    # Seconds the main process spent writing (inside database transactions).
    write_seconds: float = 0.0
    # Reviewers' corrections re-applied to the loaded documents, and the ones
    # that no longer match (one line each: which correction, why).
    corrections_applied: int = 0
    corrections_unmatched: list[str] = field(default_factory=list)
    # Documents (as shown) with figures whose jurisdiction / report period was neither given
    # (--meta) nor found in the text: those figures are kept as unclassified mentions.
    no_jurisdiction: list[str] = field(default_factory=list)
    no_period: list[str] = field(default_factory=list)
    # Files found in the folders but not read: not report files (.pdf, .doc...).
    skipped: list[str] = field(default_factory=list)
    # Documents loaded (or, in a dry run, that would be) that gave no fact.
    no_facts: int = 0
    # One-line warnings (--meta records that match no file or name no known place).
    warnings: list[str] = field(default_factory=list)

    def note_context(self, shown: str, jurisdiction_code: object, period_start: object, figures: int) -> None:
        """Record a document with figures (facts or mentions) whose jurisdiction or report period is unknown."""
        if not figures:
            return  # nothing in it waits for a place or a date
        if not jurisdiction_code:
            self.no_jurisdiction.append(shown)
        if not period_start:
            self.no_period.append(shown)

    @property
    def failed(self) -> int:
        """Number of files that could not be loaded."""
        return len(self.failures)

    @property
    def done(self) -> int:
        """Files whose outcome is known."""
        return self.loaded + self.unchanged + self.failed

    @property
    def ok(self) -> bool:
        """True when no file failed and the run was not interrupted."""
        return not self.failures and not self.interrupted


class Reporter(Protocol):
    """Receives progress events from :func:`etl.load.load_paths` (all in the main process)."""

    def started(self, total: int) -> None:
        """The run found ``total`` files."""

    def file_done(self, path: str, outcome: Outcome) -> None:
        """A file's outcome is final (for loaded files: its transaction committed)."""

    def warning(self, message: str) -> None:
        """Something the user should know that fails no file (optional)."""

    def file_extracted(self, path: str) -> None:
        """A file was extracted and waits for its batch to be written (its
        ``file_done`` follows at the commit). Optional: progress bars use it to
        move per file rather than per batch."""

    def file_failed(self, failure: FileFailure) -> None:
        """A file failed; called right after ``file_done(path, "failed")``."""

    def finished(self, summary: LoadSummary) -> None:
        """The run ended (also after an interruption)."""


class NullReporter:
    """A reporter that ignores everything."""

    def started(self, total: int) -> None:  # noqa: D102
        pass

    def file_done(self, path: str, outcome: Outcome) -> None:  # noqa: D102
        pass

    def file_extracted(self, path: str) -> None:  # noqa: D102
        pass

    def warning(self, message: str) -> None:  # noqa: D102
        pass

    def file_failed(self, failure: FileFailure) -> None:  # noqa: D102
        pass

    def finished(self, summary: LoadSummary) -> None:  # noqa: D102
        pass
