"""``etl query``, ``etl export`` and ``etl jurisdictions``."""

from __future__ import annotations

import click

from etl.cli.base import cli, db_option
from etl.cli.output import emit
from etl.db.engine import make_engine
from etl.jurisdictions import lookup
from etl.query import export_relation, run_query


@cli.command("query")
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              show_default=True, help="Output format.")
@db_option
def query_command(sql: str, fmt: str, db: str | None) -> None:
    """Run one SQL statement and print its rows.

    \b
    Examples:
      etl query "select count(*) from v_fact"
      etl query "select * from v_dibao_city_year where city_code = '340200'" --format csv
      etl query "select program, sum(value) from v_fact where metric = 'spending' group by 1" --format json
    """
    columns, rows = run_query(make_engine(db), sql)
    if columns:
        emit(rows, fmt, columns)


@cli.command("export")
@click.argument("name", metavar="VIEW_OR_TABLE")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output file; .csv, .xlsx or .parquet chooses the format.")
@db_option
def export_command(name: str, output: str, db: str | None) -> None:
    """Export a whole view or table to a CSV, Excel or Parquet file.

    \b
    Examples:
      etl export v_dibao_city_year -o dibao.xlsx
      etl export v_fact -o facts.parquet
      etl export fact -o facts.csv --db postgresql://postgres@127.0.0.1/minzheng
    """
    count = export_relation(make_engine(db), name, output)
    click.echo(f"wrote {count} rows of {name} to {output}")


@cli.command("jurisdictions")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              show_default=True, help="Output format.")
def jurisdictions_command(name: str, fmt: str) -> None:
    """Look up GB/T 2260 codes by name, short name, former name or code.

    \b
    Examples:
      etl jurisdictions 枞阳县
      etl jurisdictions 芜湖县        # former name -> 湾沚区 340210
      etl jurisdictions 城口
      etl jurisdictions 500229
    """
    matches = lookup(name)
    if not matches:
        raise click.ClickException(f"no division matches {name!r}")
    rows = [
        {"code": m.code, "name": m.name, "level": m.level, "city_code": m.city_code,
         "province_code": m.province_code, "path": m.path, "matched_by": m.matched_by}
        for m in matches
    ]
    emit(rows, fmt)
