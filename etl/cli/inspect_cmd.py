"""``etl tables``, ``etl views``, ``etl schema`` (as in sqlite-utils) and ``etl samples``."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from etl.cli.base import cli, db_option
from etl.cli.output import FORMATS, emit


def _list_relations(db: str | None, kind: str, fmt: str) -> None:
    from etl.query import open_existing, require_schema, row_counts, table_names, view_names

    engine = open_existing(db)
    require_schema(engine)
    names = table_names(engine) if kind == "tables" else view_names(engine)
    emit(row_counts(engine, names), fmt, ["name", "rows"])


@cli.command("tables")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format.")
@db_option
def tables_command(fmt: str, db: str | None) -> None:
    """List the tables of the database with their row counts.

    \b
    Examples:
      etl tables
      etl tables --format json --db postgresql://postgres@127.0.0.1/minzheng
    """
    _list_relations(db, "tables", fmt)


@cli.command("views")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format.")
@db_option
def views_command(fmt: str, db: str | None) -> None:
    """List the views of the database with their row counts.

    \b
    Examples:
      etl views
      etl views --format csv
    """
    _list_relations(db, "views", fmt)


@cli.command("schema")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@db_option
def schema_command(names: tuple[str, ...], db: str | None) -> None:
    """Print the SQL that creates the tables or views NAME (default: all of them).

    \b
    Examples:
      etl schema fact
      etl schema v_dibao_city_year
      etl schema                                # every table and view
    """
    from etl.query import open_existing, relation_names, require_schema, schema_sql

    engine = open_existing(db)
    require_schema(engine)
    for position, name in enumerate(names or relation_names(engine)):
        click.echo(("\n" if position else "") + schema_sql(engine, name))


@cli.command("samples")
@click.option("--copy", "destination", type=click.Path(file_okay=False), metavar="DIR",
              help="Copy the sample reports into DIR (created if missing) instead of printing their folder.")
def samples_command(destination: str | None) -> None:
    """Print the folder of the sample reports shipped with the package (or copy them).

    \b
    Examples:
      etl load "$(etl samples)"                 # the quick start, from any install
      etl samples --copy reports/
    """
    from etl import resources

    source = resources.samples_dir()
    if destination is None:
        click.echo(str(source))
        return
    target = Path(destination)
    target.mkdir(parents=True, exist_ok=True)
    copied = 0
    for path in sorted(source.iterdir()):
        if path.is_file():
            shutil.copy2(path, target / path.name)
            copied += 1
    click.echo(f"copied {copied} sample reports to {target}")
