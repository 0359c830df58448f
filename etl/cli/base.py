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
from etl.settings import DEFAULT_SQLITE_FILE, ENV_VAR
from etl.errors import ConfigError, EtlError

EXIT_FAILURE = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])


class EtlGroup(click.Group):
    """A click group that reports every error as one clean line on stderr.

    EtlError is the library's own (its message names the file or the
    database and the problem); anything else is a bug or an environment
    failure the library did not foresee, still reported in one line (its type
    and first line), with the traceback behind ``--debug``.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EtlError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"Error: {_one_line(str(exc))}", err=True)
            ctx.exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_FAILURE)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the README promises one line, not a traceback
            debug = bool(ctx.obj and ctx.obj.get("debug"))
            if debug:
                traceback.print_exc()
            # A database driver's error carries the driver's message in .orig.
            detail = _one_line(str(getattr(exc, "orig", None) or exc)) or "no message"
            hint = "" if debug else " (run with --debug for the traceback)"
            click.echo(f"Error: unexpected {type(exc).__name__}: {detail}{hint}", err=True)
            ctx.exit(EXIT_FAILURE)


def _one_line(message: str) -> str:
    """The first line of ``message`` (drivers append SQL, parameters and links below it)."""
    lines = message.strip().splitlines()
    return " ".join(lines[0].split()) if lines else ""


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
