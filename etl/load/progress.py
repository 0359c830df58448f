"""Progress reporters for ``etl load``: a rich bar on a terminal, plain lines otherwise, or errors only.

Every reporter prints one line per failed file on stderr, naming the file and
the problem. Progress goes to stderr too, so stdout carries only the summary.
"""

from __future__ import annotations

import os
import time
from typing import Any, TextIO

import click

from etl.load.summary import FileFailure, LoadSummary, Outcome


class QuietReporter:
    """Prints nothing but the failed files."""

    def __init__(self, err: TextIO | None = None) -> None:
        self.err = err
        # Files extracted whose batch is not committed yet: already counted as
        # progress when extracted, so their file_done must not count again.
        # Bounded by the batch size.
        self._pending: set[str] = set()

    def started(self, total: int) -> None:  # noqa: D102
        pass

    def file_extracted(self, path: str) -> None:
        """Count progress now, not at the batch's commit."""
        self._pending.add(path)
        self.advance(files=1, failures=0)

    def file_done(self, path: str, outcome: Outcome) -> None:
        """Count the file unless it was counted when extracted (then count only a failure)."""
        failures = int(outcome == "failed")
        if path in self._pending:
            self._pending.discard(path)
            if failures:
                self.advance(files=0, failures=failures)
        else:
            self.advance(files=1, failures=failures)

    def advance(self, files: int, failures: int) -> None:
        """``files`` more files done, ``failures`` more of them failed (quiet: nothing to show)."""

    def warning(self, message: str) -> None:
        """One line on stderr: ``Warning: <problem>``."""
        click.echo(f"Warning: {message}", err=True, file=self.err)

    def file_failed(self, failure: FileFailure) -> None:
        """One line on stderr: ``Error: <file>: <problem>``."""
        click.echo(f"Error: {failure.message}", err=True, file=self.err)

    def finished(self, summary: LoadSummary) -> None:  # noqa: D102
        pass


class PlainReporter(QuietReporter):
    """One progress line every ``every`` files or ``seconds`` seconds (for logs and pipes)."""

    def __init__(self, every: int | None = None, seconds: float = 5.0, err: TextIO | None = None) -> None:
        super().__init__(err)
        self.every = every
        self.seconds = seconds
        self.total = 0
        self.done = 0
        self.failed = 0
        self._start = time.monotonic()
        self._last = self._start

    def started(self, total: int) -> None:
        """Print how many files there are and choose the line interval."""
        self.total = total
        if self.every is None:
            # About twenty lines for a big run, at least every 100 files.
            self.every = max(100, total // 20)
        self._start = self._last = time.monotonic()
        click.echo(f"load: {total} file(s) to check", err=True, file=self.err)

    def advance(self, files: int, failures: int) -> None:
        """Count; print a line when the interval is reached."""
        self.done += files
        self.failed += failures
        if not files:
            return
        current = time.monotonic()
        if self.done % (self.every or 100) == 0 or current - self._last >= self.seconds:
            self._last = current
            rate = self.done / max(current - self._start, 1e-9)
            click.echo(
                f"load: {self.done}/{self.total} files done, {self.failed} failed ({rate:.0f} files/s)",
                err=True, file=self.err,
            )


class RichReporter(QuietReporter):
    """A rich progress bar on stderr; failed files are printed above it."""

    def __init__(self, console: Any = None) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.console = console or Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]loading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("load", total=None, failed=0)
        self.failed = 0

    def started(self, total: int) -> None:
        """Show the bar."""
        self.progress.update(self.task, total=total)
        self.progress.start()

    def advance(self, files: int, failures: int) -> None:
        """Advance the bar."""
        self.failed += failures
        self.progress.update(self.task, advance=files, failed=self.failed)

    def warning(self, message: str) -> None:
        """Print the warning above the bar."""
        self.console.print(f"Warning: {message}", markup=False, highlight=False, style="yellow")

    def file_failed(self, failure: FileFailure) -> None:
        """Print the failure above the bar."""
        self.console.print(f"Error: {failure.message}", markup=False, highlight=False, style="red")

    def finished(self, summary: LoadSummary) -> None:
        """Remove the bar."""
        self.progress.stop()


_NAMES_SHOWN = 20


def _missing_context_lines(summary: LoadSummary) -> list[str]:
    """Lines naming the documents whose jurisdiction or period was not found (give them with --meta)."""
    lines = []
    for label, docs in (("no jurisdiction", summary.no_jurisdiction), ("no period", summary.no_period)):
        if not docs:
            continue
        names = ", ".join(docs[:_NAMES_SHOWN]) + (f" and {len(docs) - _NAMES_SHOWN} more" if len(docs) > _NAMES_SHOWN else "")
        lines.append(f"  {label}: {len(docs)} document{'s' if len(docs) != 1 else ''} (give them with --meta): {names}")
    return lines


def _names(paths: list[str], shown: int = 5) -> str:
    """The first ``shown`` base names, then how many more."""
    names = ", ".join(os.path.basename(p) or p for p in paths[:shown])
    return names + (f" and {len(paths) - shown} more" if len(paths) > shown else "")


def format_summary(summary: LoadSummary) -> str:
    """The summary printed at the end of ``etl load``."""
    if summary.dry_run:
        against = (
            f"compared with {summary.database}" if summary.database else "no database yet, every file counted as new"
        )
        head = f"Dry run, nothing written ({summary.elapsed:.1f} s), {against}:"
        loaded = "would load"
    else:
        run = f" (load run {summary.load_run_id})" if summary.load_run_id is not None else ""
        head = f"Loaded into {summary.database}{run} in {summary.elapsed:.1f} s:"
        loaded = "loaded"
        if summary.migrated:
            head = "Created or upgraded the database schema.\n" + head
    replaced = f"  ({summary.replaced} replacing an older version)" if summary.replaced else ""
    lines = [
        head,
        f"  files seen    {summary.files_seen}",
        f"  {loaded:<12}  {summary.loaded}{replaced}",
        f"  unchanged     {summary.unchanged}",
        f"  failed        {summary.failed}",
        f"  facts         {summary.facts}" + (
            f"  ({summary.no_facts} document{'s' if summary.no_facts != 1 else ''} with no fact)"
            if summary.no_facts else ""
        ),
        f"  unclassified  {summary.mentions} mentions",
    ]
    lines.extend(_missing_context_lines(summary))
    if summary.skipped:
        lines.append(f"  skipped       {len(summary.skipped)} not report files: {_names(summary.skipped)}")
    if summary.elapsed > 0 and summary.loaded:
        lines.append(f"  speed         {summary.loaded / summary.elapsed:.1f} documents/s, {summary.facts / summary.elapsed:.0f} facts/s")
    if summary.corrections_applied or summary.corrections_unmatched:
        lines.append(f"  corrections   {summary.corrections_applied} re-applied, {len(summary.corrections_unmatched)} unmatched")
        lines += [f"    unmatched: {line}" for line in summary.corrections_unmatched]
    if summary.interrupted:
        lines.append("Interrupted: the documents counted above are stored; run the same command again to finish.")
    return "\n".join(lines)
