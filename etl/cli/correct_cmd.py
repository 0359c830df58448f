"""``etl correct`` and ``etl corrections``: fix extracted figures; the fixes survive every reload."""

from __future__ import annotations

from typing import Any

import click

from etl import corrections
from etl.cli.base import EXIT_FAILURE, cli, db_option
from etl.cli.output import emit
from etl.db import migrate
from etl.db.engine import make_engine
from etl.errors import DatabaseError

# Options of `etl correct add` that name a fact field (option name -> field).
ADD_FIELDS = {
    "program": "program", "metric": "metric", "value": "value", "unit": "unit",
    "jurisdiction": "jurisdiction", "year": "year", "status": "status", "qualifier": "qualifier",
}


def _engine(db: str | None) -> Any:
    engine = make_engine(db)
    if migrate.current_revision(engine) != migrate.head_revision():
        raise DatabaseError("the database is not at the newest schema; run `etl db upgrade` or `etl load` first")
    return engine


@cli.command("correct")
@click.argument("target", metavar="FACT_ID | add")
@click.argument("document", required=False, metavar="[DOCUMENT]")
@click.option("--set", "assignments", multiple=True, metavar="FIELD=VALUE",
              help="Change a field of the fact (repeatable): value, value_high, program, metric, unit, "
                   "jurisdiction, period_start, period_end, year, status, qualifier.")
@click.option("--reject", is_flag=True, help="The figure is not a fact: remove it, now and after every reload.")
@click.option("--span", type=(click.IntRange(min=0), click.IntRange(min=1)), metavar="START END",
              help="add: the character span of the missed figure in the document's text.")
@click.option("--program", help="add: the program code (dibao, tekun ...).")
@click.option("--metric", help="add: the metric code (recipients, spending, standard, avg_benefit).")
@click.option("--value", help="add: the value, in the unit.")
@click.option("--unit", help="add: the unit code (default: the unit most facts of the metric use).")
@click.option("--jurisdiction", help="add: the place, a code or name (default: the document's).")
@click.option("--year", help="add: the calendar year (default: the document's period).")
@click.option("--status", help="add: actual (default) or target.")
@click.option("--qualifier", help="add: exact (default), approx, at_least or at_most.")
@click.option("--note", help="Why: kept with the correction.")
@db_option
def correct_command(target: str, document: str | None, assignments: tuple[str, ...], reject: bool,
                    span: tuple[int, int] | None, note: str | None, db: str | None, **fields: str | None) -> None:
    """Correct an extracted figure, reject it, or add one the extractor missed.

    Corrections are kept apart from the extracted facts, keyed by the
    document's sha256 and the span, and re-applied after every re-extraction
    of that document (a new parser version, or a changed file at the same
    path). One whose span text has changed is reported, not applied
    (`etl load` summary, `etl corrections list`). v_fact says `corrected = 1`.

    \b
    Examples:
      etl correct 123 --set value=83000 --set program=dibao_urban --note "万 misread"
      etl correct 124 --reject --note "a target, not an actual figure"
      etl correct add 000_686f70dac24498b1.txt --span 197 210 \\
          --program dibao --metric recipients --value 83000
      etl review                              # find fact ids and spans on the review pages
    """
    engine = _engine(db)
    if target == "add":
        if document is None or span is None:
            raise click.UsageError("etl correct add DOCUMENT --span START END --program ... --metric ... --value ...")
        given = {ADD_FIELDS[name]: value for name, value in fields.items() if value is not None}
        parsed = corrections.parse_assignments([f"{k}={v}" for k, v in given.items()] + list(assignments))
        outcome = corrections.add_fact(engine, document, span, parsed, note=note)
        click.echo(f"Added fact {outcome.fact_id} (correction {outcome.correction_id}) to {outcome.document_name}.")
        return
    if not target.isdigit():
        raise click.BadParameter(f"{target!r}: give a fact id (v_fact.fact_id) or `add`", param_hint="FACT_ID")
    if document is not None or span is not None or any(v is not None for v in fields.values()):
        raise click.UsageError("to change a fact use --set FIELD=VALUE (--span/--program ... are for `etl correct add`)")
    if reject == bool(assignments):
        raise click.UsageError("give either --set FIELD=VALUE ... or --reject")
    if reject:
        outcome = corrections.reject_fact(engine, int(target), note=note)
        click.echo(f"Rejected fact {target} (correction {outcome.correction_id}).")
        return
    outcome = corrections.correct_fact(engine, int(target), corrections.parse_assignments(assignments), note=note)
    click.echo(f"Corrected fact {outcome.fact_id} (correction {outcome.correction_id}).")


@cli.group("corrections")
def corrections_group() -> None:
    """List, export and import corrections (move them between databases).

    \b
    Examples:
      etl corrections list                    # every correction and whether it still applies
      etl corrections list --status unmatched
      etl corrections export corrections.csv
      etl corrections import corrections.csv --db postgresql://postgres@127.0.0.1/minzheng
      etl corrections delete 7                # undo correction 7
    """


@corrections_group.command("list")
@click.option("--status", type=click.Choice(["applied", "unmatched", "pending"]), help="Only corrections in this state.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table", show_default=True)
@db_option
@click.pass_context
def list_command(ctx: click.Context, status: str | None, fmt: str, db: str | None) -> None:
    """List corrections: what each changes, where, and whether it applied at the last load.

    Exits 1 when a correction is unmatched (its span text changed, or the
    extraction no longer yields the fact it corrects).

    \b
    Examples:
      etl corrections list
      etl corrections list --status unmatched --format csv
    """
    rows = corrections.list_corrections(_engine(db), status=status)
    emit([_listed(r) for r in rows], fmt, columns=LIST_COLUMNS)
    if any(r.status == "unmatched" for r in rows):
        ctx.exit(EXIT_FAILURE)


LIST_COLUMNS = ("id", "document", "action", "span", "span_text", "change", "note", "status", "detail")


def _listed(r: corrections.CorrectionRow) -> dict[str, Any]:
    if r.action == "reject":
        change = "reject " + _fact_words(r.original or {})
    elif r.action == "add":
        change = "add " + _fact_words(r.fields)
    else:
        change = ", ".join(f"{k.removesuffix('_code')}: {(r.original or {}).get(k)} -> {v}" for k, v in r.fields.items())
    return {
        "id": r.id, "document": r.document_name, "action": r.action, "span": f"{r.span_start}-{r.span_end}",
        "span_text": r.span_text, "change": change, "note": r.note, "status": r.status, "detail": r.status_detail,
    }


def _fact_words(fields: dict[str, Any]) -> str:
    return " ".join(str(fields.get(k)) for k in ("jurisdiction_code", "program_code", "metric_code", "value", "unit_code"))


@corrections_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@db_option
def export_command(file: str, db: str | None) -> None:
    """Write every correction to a CSV file (for `etl corrections import`).

    \b
    Examples:
      etl corrections export corrections.csv
    """
    count = corrections.export_corrections(_engine(db), file)
    click.echo(f"Wrote {count} correction(s) to {file}.")


@corrections_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
@click.pass_context
def import_command(ctx: click.Context, file: str, db: str | None) -> None:
    """Read corrections from a CSV file made by `etl corrections export`.

    Each is applied at once to its document when that document is loaded,
    and on every later load of it; corrections already present are skipped.
    Exits 1 when an imported correction does not match its loaded document.

    \b
    Examples:
      etl corrections import corrections.csv
    """
    report = corrections.import_corrections(_engine(db), file)
    applied = sum(1 for o in report.outcomes if o.status == "applied")
    click.echo(f"Imported {report.imported} correction(s) ({report.duplicates} already present); "
               f"{applied} applied to loaded documents, {len(report.unmatched)} unmatched.")
    for outcome in report.unmatched:
        click.echo(f"  unmatched: {outcome.describe()}", err=True)
    if report.unmatched:
        ctx.exit(EXIT_FAILURE)


@corrections_group.command("delete")
@click.argument("correction_id", type=int)
@db_option
def delete_command(correction_id: int, db: str | None) -> None:
    """Delete a correction and undo it: the fact as extracted comes back (an added fact goes).

    \b
    Examples:
      etl corrections delete 7
    """
    undone = corrections.delete_correction(_engine(db), correction_id)
    click.echo(f"Deleted correction {correction_id}: {undone}.")
