"""The ``etl`` click group, shared options and error handling.

Library errors (subclasses of :class:`etl.errors.EtlError`) become one-line
messages on stderr; ``--debug`` shows the traceback too.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import click

from etl import __version__
from etl.db.engine import DEFAULT_SQLITE_FILE, ENV_VAR
from etl.errors import ConfigError, EtlError

EXIT_FAILURE = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])


class EtlGroup(click.Group):
    """A click group that reports EtlError as a clean message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EtlError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_FAILURE)


@click.group(cls=EtlGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="etl")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """minzheng-stats: turn 民政 work reports into a statistics database.

    \b
    Examples:
      etl load seeds/samples                  # extract and load into ./minzheng.db
      etl query "select * from v_dibao_city_year"
      etl extract report.txt --format table   # no database involved
      etl COMMAND --help                      # help and examples of a command
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def db_option(func: F) -> F:
    """The ``--db`` option shared by every command that talks to a database."""
    return click.option(
        "--db",
        "db",
        metavar="URL",
        envvar=ENV_VAR,
        show_envvar=True,
        help=(
            "Database URL (postgresql://user@host/db, sqlite:///file.db) or a SQLite file path. "
            f"Default: ./{DEFAULT_SQLITE_FILE}"
        ),
    )(func)
