"""``etl extract``: extract facts from reports and print them; no database involved."""

from __future__ import annotations

import click

from etl.cli.base import EXIT_FAILURE, cli
from etl.cli.output import emit
from etl.errors import InputError
from etl.extract import Extraction, extract_files, prepare, read_meta
from etl.sources import expand_paths

FACT_TABLE_COLUMNS = (
    "document", "jurisdiction_name", "program", "metric", "value", "value_high", "unit",
    "qualifier", "period_start", "period_end", "status", "quote",
)
MENTION_TABLE_COLUMNS = ("document", "span", "value", "unit", "reason", "quote")
# Every field of Fact.to_dict / Mention.to_dict, so that CSV without rows still has its header.
FACT_FIELDS = (
    "document", "jurisdiction_code", "jurisdiction_name", "program", "metric", "unit", "value", "value_high",
    "qualifier", "period_start", "period_end", "status", "span", "quote",
)
MENTION_FIELDS = ("document", "span", "quote", "value", "unit", "reason")


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="jsonl", show_default=True,
              help="Output format.")
@click.option("--meta", "meta_path", type=click.Path(exists=True, dir_okay=False),
              help="JSON-lines file with url/published/title/jurisdiction per document.")
@click.option("--unclassified", is_flag=True, help="Print the unclassified number mentions instead of the facts.")
@click.pass_context
def extract_command(ctx: click.Context, paths: tuple[str, ...], fmt: str, meta_path: str | None, unclassified: bool) -> None:
    """Extract facts from report files (.txt, .html, .docx, .pdf) or folders and print them.

    Nothing is written to a database. A file that cannot be read is reported on
    stderr and the others are still extracted (exit status 1 at the end). A
    document with figures whose jurisdiction or report period was neither given
    (--meta) nor found in the text is named on stderr: its figures are kept as
    unclassified mentions until you give them.

    \b
    Examples:
      etl extract seeds/samples --format table
      etl extract report.txt --format jsonl > facts.jsonl
      etl extract ../shared/devset/docs --meta ../shared/devset/meta.jsonl
      etl extract report.txt --unclassified --format table
    """
    metas = read_meta(meta_path) if meta_path else {}
    prepare()
    rows: list[dict] = []
    lines = _JsonLines() if fmt == "jsonl" else None
    failed = 0
    missing = 0
    for path, extraction in extract_files(expand_paths(paths), metas):
        if isinstance(extraction, InputError):
            failed += 1
            click.echo(f"Error: {extraction}", err=True)
            continue
        note = missing_context_note(extraction)
        if note:
            missing += 1
            click.echo(f"Note: {path}: {note}", err=True)
        items = extraction.mentions if unclassified else extraction.facts
        if lines is not None:
            lines.add("".join([item.to_json_line() for item in items]))
        else:
            rows.extend(item.to_dict() for item in items)
    columns = MENTION_TABLE_COLUMNS if unclassified else FACT_TABLE_COLUMNS
    if lines is not None:
        lines.flush()  # (no rows: no output, as before)
    elif fmt == "table" or not rows:  # without rows, CSV still gets its header: every field
        emit(rows, fmt, columns if fmt == "table" else (MENTION_FIELDS if unclassified else FACT_FIELDS))
    else:
        emit(rows, fmt)
    if missing:
        click.echo(f"Note: {missing} document{'s' if missing != 1 else ''} without a jurisdiction or period; "
                   "give them in a --meta file (jurisdiction, published)", err=True)
    if failed:
        ctx.exit(EXIT_FAILURE)


class _JsonLines:
    """JSON lines written out as the documents are read, a chunk at a time. Holding every
    row of a long run until its end cost ~8% of a 10 MB run: the garbage collector walked
    the growing pile of rows at each full collection. The bytes written are the same."""

    _CHUNK = 1 << 16  # characters gathered before a write

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, text: str) -> None:
        """Queue the lines of a document (``to_json_line`` of its facts or mentions)."""
        if text:
            self.parts.append(text)
            self.size += len(text)
            if self.size >= self._CHUNK:
                self.flush()

    def flush(self) -> None:
        """Write what is queued."""
        if self.parts:
            click.echo("".join(self.parts), nl=False)
            self.parts = []
            self.size = 0


def missing_context_note(extraction: Extraction) -> str | None:
    """What a document with figures lacks (its jurisdiction, its report period), or None when it
    lacks nothing or has no figure that waits for them."""
    info = extraction.info
    if not extraction.facts and not extraction.mentions:
        return None
    lacking = [word for word, value in (("jurisdiction", info.jurisdiction_code), ("period", info.period_start))
               if not value]
    if not lacking:
        return None
    held = sum(1 for m in extraction.mentions if m.reason in ("no_jurisdiction", "no_period"))
    return (f"no {' and no '.join(lacking)} found"
            + (f"; {held} figure{'s' if held != 1 else ''} kept as unclassified mentions" if held else ""))
