"""Provenance for exports: each exported figure with its document URL, quote and parser version.

``export_with_provenance(engine, "v_fact", "facts.csv")`` writes a table or
view that has a ``fact_id`` column with these columns added (NULL where a
row is not one stated fact, e.g. a sum of counties):

    source_document      file name          source_url          document.url
    source_sha256        document sha256    source_quote        the sentence the figure came from
    source_span_start/end its span          source_parser_version  extractor version that read it
    source_corrected     1 when a reviewer's correction set or added the fact

``etl export NAME --provenance -o FILE`` runs the same query.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect

from etl.errors import ConfigError
from etl.export import export_format, export_to_path
from etl.query import check_relation, quoted

PROVENANCE_COLUMNS = (
    "d.name AS source_document", "d.url AS source_url", "d.sha256 AS source_sha256", "f.quote AS source_quote",
    "f.span_start AS source_span_start", "f.span_end AS source_span_end",
    "d.parser_version AS source_parser_version",
    "CASE WHEN f.id IS NULL THEN NULL WHEN f.correction_id IS NULL THEN 0 ELSE 1 END AS source_corrected",
)


def provenance_sql(engine: Engine, name: str) -> str:
    """``SELECT`` the rows of ``name`` (a table or view with a fact_id column) with the provenance columns."""
    check_relation(engine, name)
    columns = {c["name"] for c in inspect(engine).get_columns(name)}
    key = "fact_id" if "fact_id" in columns else ("id" if name == "fact" else None)
    if key is None:
        raise ConfigError(f"{name} has no fact_id column, so its rows have no single source; "
                          "export v_fact or v_city_year_best (one row per figure) with provenance instead")
    return (f'SELECT r.*, {", ".join(PROVENANCE_COLUMNS)} FROM {quoted(engine, name)} r'
            f' LEFT JOIN fact f ON f.id = r.{quoted(engine, key)} LEFT JOIN document d ON d.id = f.document_id')


def export_with_provenance(engine: Engine, name: str, output: str | Path) -> int:
    """Write ``name`` with provenance columns to a .csv, .xlsx or .parquet file; return the row count."""
    return export_to_path(engine, output, export_format(str(output), None), sql=provenance_sql(engine, name))
