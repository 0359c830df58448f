"""The ``etl`` command line: parses options, calls the library, formats output.

Subcommands are loaded lazily (click's LazyGroup pattern): ``etl --help`` and
``etl COMMAND`` import only the module of that command, so start-up does not
pay for pandas, pyarrow, alembic or the extractor, and the worker processes of
``etl load`` (which re-import the console script) stay small. ``--help`` lists
the commands from :data:`LAZY_COMMANDS`, whose summaries a test keeps equal to
the commands' own help.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from etl.cli.base import EtlGroup, cli

__all__ = ["LAZY_COMMANDS", "cli", "main"]

# name -> (module that registers it on `cli`, one-line summary shown by `etl --help`)
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("etl.cli.check_cmd", "Run data checks: each is a query under schema/checks/ that must return no rows."),
    "correct": ("etl.cli.correct_cmd", "Correct an extracted figure, reject it, or add one the extractor missed."),
    "corrections": ("etl.cli.correct_cmd", "List, export and import corrections (move them between databases)."),
    "db": ("etl.cli.db_cmd", "Create, migrate and inspect the database schema (wraps Alembic)."),
    "export": ("etl.cli.query_cmd", "Export a view, a table or a query to a CSV, Excel or Parquet file."),
    "extract": ("etl.cli.extract_cmd", "Extract facts from report files (.txt, .html, .docx, .pdf) or folders and print them."),
    "jurisdictions": ("etl.cli.query_cmd", "Look up GB/T 2260 codes by name, short name, former name or code."),
    "load": ("etl.cli.load_cmd", "Extract facts from report files or folders and load them into the database."),
    "query": ("etl.cli.query_cmd", "Run one SQL statement and print its rows; read-only unless --write."),
    "review": ("etl.cli.review_cmd", "Write a static HTML site to check every figure against its source text."),
    "samples": ("etl.cli.inspect_cmd", "Print the folder of the sample reports shipped with the package (or copy them)."),
    "schema": ("etl.cli.inspect_cmd", "Print the SQL that creates the tables or views NAME (default: all of them)."),
    "tables": ("etl.cli.inspect_cmd", "List the tables of the database with their row counts."),
    "views": ("etl.cli.inspect_cmd", "List the views of the database with their row counts."),
}


def _shorten(summary: str, limit: int) -> str:
    """``summary`` cut at a word to fit ``limit`` characters, with '...' (as click shortens help)."""
    if len(summary) <= limit:
        return summary
    cut = summary[: max(limit - 3, 1)].rsplit(" ", 1)[0]
    return cut + "..."


class LazyEtlGroup(EtlGroup):
    """The ``etl`` group, importing a subcommand's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            importlib.import_module(LAZY_COMMANDS[cmd_name][0])  # registers the command on `cli`
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, without importing the commands' modules."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                summary = self.commands[name].get_short_help_str(limit)
            else:
                summary = _shorten(LAZY_COMMANDS[name][1], limit)
            rows.append((name, summary))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


# The group is defined in etl.cli.base, where the command modules register on it;
# giving it the lazy behaviour here keeps the commands' modules unchanged.
cli.__class__ = LazyEtlGroup


def main(*args: Any) -> None:
    """Console-script entry point."""
    cli(*args, prog_name="etl")
