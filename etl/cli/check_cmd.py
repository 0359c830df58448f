"""``etl check``: run the data checks (SQL that returns offending rows) against a database."""

from __future__ import annotations

import click

from etl.cli.base import EXIT_FAILURE, cli, db_option
from etl.cli.output import emit
from etl.datatests import check_names, failing, run_checks
from etl.db import migrate
from etl.errors import DatabaseError
from etl.query import EMPTY_DATABASE, open_existing


@cli.command("check")
@click.argument("names", nargs=-1)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="Show at most this many offending rows per check.")
@db_option
@click.pass_context
def check_command(ctx: click.Context, names: tuple[str, ...], limit: int, db: str | None) -> None:
    """Run data checks: each is a query under schema/checks/ that must return no rows.

    Prints one line per check (ok / FAIL with the number of rows) and the
    offending rows of the failing ones; exits 1 when any check fails.

    \b
    Examples:
      etl check                               # every check on ./minzheng.db
      etl check dibao_city_year_unique        # one check
      etl check --db postgresql://postgres@127.0.0.1/minzheng
    """
    unknown = sorted(set(names) - set(check_names()))
    if unknown:
        raise click.BadParameter(f"unknown check(s): {', '.join(unknown)}; known: {', '.join(check_names())}")
    engine = open_existing(db)  # never creates an empty SQLite file
    revision = migrate.current_revision(engine)
    if revision is None:
        raise DatabaseError(EMPTY_DATABASE)
    if revision != migrate.head_revision():
        raise DatabaseError("the database is not at the newest schema; run `etl db upgrade` or `etl load` first")
    results = run_checks(engine, list(names) or None, limit=limit)
    for name, rows in results.items():
        click.echo(f"{'FAIL' if rows else 'ok  '} {name}" + (f" ({len(rows)}{'+' if len(rows) >= limit else ''} rows)" if rows else ""))
    bad = failing(results)
    for name, rows in bad.items():
        click.echo(f"\n{name}:")
        emit(rows, "table")
    if bad:
        ctx.exit(EXIT_FAILURE)
