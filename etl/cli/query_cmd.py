"""``etl query``, ``etl export`` and ``etl jurisdictions``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from etl.cli.base import cli, db_option
from etl.cli.output import FORMATS, emit

PARAM_HELP = ("A query parameter: NAME VALUE, used as :NAME in the SQL (repeatable). Values are text: "
              "compare numbers with CAST(:NAME AS INTEGER).")


def read_sql(sql: str) -> str:
    """The SQL itself, or the contents of the file it names; ``-`` reads stdin."""
    if sql == "-":
        return sys.stdin.read()
    path = Path(sql)
    if path.suffix.lower() == ".sql" and path.is_file():
        try:
            return path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.BadParameter(f"cannot read {path}: {exc}", param_hint="SQL") from exc
    return sql


@cli.command("query")
@click.argument("sql")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE", help=PARAM_HELP)
@click.option("--write", is_flag=True, help="Allow the SQL to change the database (default: read-only).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="Output format; auto is a table when it fits the terminal, else one record per block.")
@click.option("--bom", is_flag=True, help="Start CSV output with a UTF-8 byte-order mark (for Excel).")
@db_option
def query_command(sql: str, params: tuple[tuple[str, str], ...], write: bool, fmt: str, bom: bool,
                  db: str | None) -> None:
    """Run one SQL statement and print its rows; read-only unless --write.

    SQL is the statement itself, a .sql file, or - to read it from stdin.
    With --write the statement may change the database, and the number of
    rows it changed is printed.

    \b
    Examples:
      etl query "select count(*) from v_fact"
      etl query "select * from v_dibao_city_year where city_code = :city" -p city 340200 --format csv
      etl query "select * from v_dibao_city_year" --format vertical
      etl query report.sql --format json
      echo "select * from v_fact limit 5" | etl query -
      etl query "delete from load_error" --write
    """
    from etl.query import open_existing, require_schema, run_query

    engine = open_existing(db)
    require_schema(engine)
    result = run_query(engine, read_sql(sql), dict(params), write=write)
    if result.columns:
        emit(result.rows, fmt, result.columns, bom=bom)
    elif write:
        count = result.rowcount if result.rowcount is not None and result.rowcount >= 0 else 0
        click.echo(f"{count} row{'s' if count != 1 else ''} affected")


@cli.command("export")
@click.argument("name", metavar="[VIEW_OR_TABLE]", required=False)
@click.option("-o", "--output", required=True, metavar="FILE",
              help="Output file; .csv, .xlsx or .parquet chooses the format; - writes to stdout (CSV by default).")
@click.option("--sql", metavar="SQL", help="Export the rows of this SELECT (or .sql file, or - for stdin) instead.")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="NAME VALUE", help=PARAM_HELP)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet"]), default=None,
              help="Output format (default: from the file extension).")
@click.option("--bom", is_flag=True, help="Start a CSV file with a UTF-8 byte-order mark (for Excel).")
@click.option("--provenance", is_flag=True,
              help="Add each row's source: document, URL, sha256, quote, span, parser version, corrected "
                   "(VIEW_OR_TABLE must have a fact_id column, e.g. v_fact or v_city_year_best).")
@db_option
def export_command(name: str | None, output: str, sql: str | None, params: tuple[tuple[str, str], ...],
                   fmt: str | None, bom: bool, provenance: bool, db: str | None) -> None:
    """Export a view, a table or a query to a CSV, Excel or Parquet file.

    CSV always has a header row; Excel files have a frozen header row and real
    dates; Parquet columns are typed (dates as dates, years as integers) the
    same way from SQLite and PostgreSQL. The file is written completely or not
    at all.

    \b
    Examples:
      etl export v_dibao_city_year -o dibao.xlsx
      etl export v_fact -o facts.parquet
      etl export v_fact -o facts.csv --bom            # Excel on Chinese Windows
      etl export v_fact --provenance -o facts.xlsx    # with URL, quote, parser version
      etl export v_fact -o - | head                   # CSV on stdout
      etl export --sql "select * from v_fact where city_code = :c" -p c 340200 -o wuhu.csv
      etl export fact -o facts.csv --db postgresql://postgres@127.0.0.1/minzheng
    """
    from etl.export import export, export_format, export_to_path
    from etl.query import open_existing, require_schema

    if (name is None) == (sql is None):
        raise click.UsageError("give either VIEW_OR_TABLE or --sql")
    if provenance and name is None:
        raise click.UsageError("--provenance needs VIEW_OR_TABLE (a view or table with a fact_id column)")
    chosen = export_format(output, fmt)
    engine = open_existing(db)
    require_schema(engine)
    options: dict[str, Any] = {"params": dict(params), "bom": bom}
    if provenance:
        from etl.review.provenance import provenance_sql

        options["sql"] = provenance_sql(engine, str(name))
    elif name is not None:
        options["relation"] = name
    else:
        options["sql"] = read_sql(str(sql))
    if output == "-":
        count = export(engine, sys.stdout.buffer, chosen, **options)
    else:
        count = export_to_path(engine, output, chosen, **options)
    what = name if name is not None else "the query"
    click.echo(f"wrote {count} rows of {what} to {'stdout' if output == '-' else output}", err=output == "-")


@cli.command("jurisdictions")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format.")
def jurisdictions_command(name: str, fmt: str) -> None:
    """Look up GB/T 2260 codes by name, short name, former name or code.

    \b
    Examples:
      etl jurisdictions 枞阳县
      etl jurisdictions 芜湖县        # former name -> 湾沚区 340210
      etl jurisdictions 城口
      etl jurisdictions 500229
    """
    from etl.jurisdictions import lookup

    matches = lookup(name)
    if not matches:
        raise click.ClickException(f"no division matches {name!r}")
    rows = [
        {"code": m.code, "name": m.name, "level": m.level, "city_code": m.city_code,
         "province_code": m.province_code, "path": m.path, "matched_by": m.matched_by}
        for m in matches
    ]
    emit(rows, fmt)
