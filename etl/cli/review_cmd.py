"""``etl review``: write (or serve) the HTML review site."""

from __future__ import annotations

import tempfile

import click

from etl.cli.base import cli, db_option
from etl.db import migrate
from etl.db.engine import make_engine
from etl.errors import DatabaseError
from etl.review import Filters, build_site, serve


@cli.command("review")
@click.option("-o", "--output", type=click.Path(file_okay=False), default="review", show_default=True,
              help="Folder to write the site into (index.html and one page per document).")
@click.option("--city", help="Only facts of this city (name, short name or code) and its counties.")
@click.option("--year", type=int, help="Only facts of this calendar year.")
@click.option("--program", help="Only facts of this program and its sub-programs (dibao: also dibao_urban, dibao_rural).")
@click.option("--document", help="Only this document (file name or sha256).")
@click.option("--serve", "serve_it", is_flag=True, help="Serve the site on http://127.0.0.1:PORT/ instead of only writing it.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port for --serve (0: any free port).")
@db_option
def review_command(output: str, city: str | None, year: int | None, program: str | None, document: str | None,
                   serve_it: bool, port: int, db: str | None) -> None:
    """Write a static HTML site to check every figure against its source text.

    One page per document: its text with every fact highlighted at its span
    (colour by program; corrected facts outlined, rejected figures struck
    through, unclassified mentions underlined), the fact's fields on hover or
    click. The index lists the documents (place, period, counts; those whose
    context could not be inferred) and, per city and year, the roll-up
    figures with links to their facts and the competing figures. The pages
    need no server and no network; --serve serves them on 127.0.0.1 only.

    \b
    Examples:
      etl review                              # ./review/index.html
      etl review --city 芜湖 --year 2024 --program dibao -o review-wuhu
      etl review --document 000_686f70dac24498b1.txt
      etl review --serve --port 8000          # http://127.0.0.1:8000/
    """
    engine = make_engine(db)
    if migrate.current_revision(engine) != migrate.head_revision():
        raise DatabaseError("the database is not at the newest schema; run `etl db upgrade` or `etl load` first")
    filters = Filters(city=city, year=year, program=program, document=document)
    folder = tempfile.mkdtemp(prefix="etl-review-") if serve_it and output == "review" else output
    report = build_site(engine, folder, filters)
    click.echo(f"Wrote {report.documents} document page(s) ({report.facts} facts, {report.mentions} unclassified "
               f"mentions) and {report.index}.")
    if report.without_text:
        click.echo(f"{len(report.without_text)} document(s) have no stored text (loaded by an older version); "
                   "load them again to review their text.", err=True)
    if serve_it:
        serve(report.folder, port, ready=lambda url: click.echo(f"Serving {url} (Ctrl-C to stop)"))
