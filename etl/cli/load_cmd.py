"""``etl load``: extract report files in parallel and load them into the database."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click

from etl.cli.base import EXIT_FAILURE, cli, db_option
from etl.errors import MetadataError
from etl.load import DEFAULT_FILE_TIMEOUT, DEFAULT_MAX_BYTES, load_paths
from etl.load.pipeline import FILES_PER_WORKER
from etl.load.interrupts import deferred_interrupts
from etl.load.progress import PlainReporter, QuietReporter, RichReporter, format_summary

EXIT_INTERRUPTED = 130

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
_SCALE = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


class ByteSize(click.ParamType):
    """A size in bytes: ``1000``, ``64M``, ``64MB``, ``1.5G`` (K/M/G are powers of 1024); 0 means no limit."""

    name = "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | None:
        if isinstance(value, int) or value is None:
            return value or None
        match = _SIZE.match(str(value))
        if not match:
            self.fail(f"{value!r} is not a size (examples: 1000, 64M, 1.5G)", param, ctx)
        size = int(float(match.group(1)) * _SCALE[match.group(2).lower()])
        return size or None


@cli.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help=f"Extraction worker processes. Default: one per {FILES_PER_WORKER} files, at most the number of "
              f"CPU cores ({os.cpu_count()}).")
@click.option("--meta", "meta_path", type=click.Path(exists=True, dir_okay=False), metavar="FILE.jsonl",
              help="JSON-lines file with url/published/title/jurisdiction per document (matched by file name).")
@click.option("--dry-run", is_flag=True, help="Extract and compare with the database (would load, replace, unchanged); write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but the files that failed.")
@click.option("--max-bytes", type=ByteSize(), default=str(DEFAULT_MAX_BYTES), show_default="64M",
              help="Fail files larger than this (e.g. 200M); 0 means no limit.")
@click.option("--file-timeout", type=click.FloatRange(min=0), default=DEFAULT_FILE_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Stop a file whose extraction takes longer and report it failed; 0 means no limit.")
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True, metavar="N",
              help="Documents written per transaction (each document is still all-or-nothing).")
@click.pass_context
def load_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    db: str | None,
    workers: int | None,
    meta_path: str | None,
    dry_run: bool,
    quiet: bool,
    max_bytes: int | None,
    file_timeout: float,
    batch_size: int,
) -> None:
    """Extract facts from report files or folders and load them into the database.

    Folders are searched recursively for .txt, .html, .docx and .pdf files. An empty
    database is created and migrated first. Loading is idempotent: a file whose
    bytes are already stored is skipped ("unchanged"); a file that changed
    replaces the document loaded earlier from the same path. Each document is
    stored completely or not at all, so an interrupted load can simply be run
    again; two loads may run at the same time.

    A file that cannot be read (empty, binary, unknown encoding, too large,
    unreadable...) or whose extraction runs past --file-timeout is reported on
    stderr, one line naming the file and the problem, and the other files
    still load.

    Exit status: 0 when every file loaded or was unchanged, 1 when some files
    failed, 2 for usage errors, 130 when interrupted.

    \b
    Examples:
      etl load seeds/samples                      # into ./minzheng.db
      etl load reports/ --db postgresql://postgres@127.0.0.1/minzheng --workers 4
      etl load ../shared/devset/docs --meta ../shared/devset/meta.jsonl
      etl load big-report.txt --max-bytes 200M --file-timeout 300
      etl load reports/ --dry-run                 # what would be loaded
      etl load reports/ --quiet || echo "some files failed"
    """
    metas: dict[str, Any] = {}
    if meta_path:
        from etl.extract import read_meta

        try:
            metas = read_meta(meta_path)
        except MetadataError as exc:
            raise click.BadParameter(str(exc), param_hint="--meta") from exc
    if quiet:
        reporter: Any = QuietReporter()
    elif sys.stderr.isatty():
        reporter = RichReporter()
    else:
        reporter = PlainReporter()
    try:
        # Ctrl-C / SIGTERM stop the run between documents, recorded as interrupted.
        with deferred_interrupts():
            summary = load_paths(
                paths, db=db, workers=workers, meta=metas, dry_run=dry_run, reporter=reporter, max_bytes=max_bytes,
                batch_documents=batch_size, file_timeout=file_timeout or None,
            )
    except KeyboardInterrupt:
        click.echo("Interrupted: documents already written are complete; run the same command again to finish.",
                   err=True)
        ctx.exit(EXIT_INTERRUPTED)
    if not quiet:
        click.echo(format_summary(summary))
    if summary.failed:
        ctx.exit(EXIT_FAILURE)
