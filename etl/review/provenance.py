"""Provenance for exports: each exported figure with its document URL, quote and parser version.

``export_with_provenance(engine, "v_fact", "facts.csv")`` writes a table or
view that has a ``fact_id`` column with these columns added (NULL where a
row is not one stated fact, e.g. a sum of counties):

    source_document      file name          source_url          document.url
    source_sha256        document sha256    source_quote        the sentence the figure came from
    source_span_start/end its span          source_parser_version  extractor version that read it
    source_corrected     1 when a reviewer's correction set or added the fact

A hook for ``etl export --provenance`` (etl/cli/query_cmd.py is not part of this change).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from etl.errors import ConfigError, DatabaseError

FORMATS = (".csv", ".xlsx", ".parquet")
PROVENANCE_COLUMNS = (
    "d.name AS source_document", "d.url AS source_url", "d.sha256 AS source_sha256", "f.quote AS source_quote",
    "f.span_start AS source_span_start", "f.span_end AS source_span_end",
    "d.parser_version AS source_parser_version",
    "CASE WHEN f.id IS NULL THEN NULL WHEN f.correction_id IS NULL THEN 0 ELSE 1 END AS source_corrected",
)


def provenance_frame(engine: Engine, name: str) -> pd.DataFrame:
    """The rows of ``name`` (which must have a fact_id column) with the provenance columns."""
    inspector = inspect(engine)
    known = set(inspector.get_table_names()) | set(inspector.get_view_names())
    if name not in known:
        raise ConfigError(f"no table or view named {name!r}")
    columns = {c["name"] for c in (inspector.get_columns(name))}
    key = "fact_id" if "fact_id" in columns else ("id" if name == "fact" else None)
    if key is None:
        raise ConfigError(f"{name} has no fact_id column, so its rows have no single source; "
                          "export v_fact or v_city_year_best (one row per figure) with provenance instead")
    # name and key were checked against the catalogue, so quoting them into the SQL is safe.
    sql = (f'SELECT r.*, {", ".join(PROVENANCE_COLUMNS)} FROM "{name}" r'
           f' LEFT JOIN fact f ON f.id = r."{key}" LEFT JOIN document d ON d.id = f.document_id')
    try:
        with engine.connect() as connection:
            return pd.read_sql_query(text(sql), connection)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read {name}: {exc}") from exc


def export_with_provenance(engine: Engine, name: str, output: str | Path) -> int:
    """Write ``name`` with provenance columns to a .csv, .xlsx or .parquet file; return the row count."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(f"cannot export to {output}: use a .csv, .xlsx or .parquet file name")
    frame = provenance_frame(engine, name)
    try:
        if suffix == ".csv":
            frame.to_csv(output, index=False)
        elif suffix == ".xlsx":
            frame.to_excel(output, index=False, sheet_name=name[:31])
        else:
            frame.to_parquet(output, index=False)
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror or exc}") from exc
    return len(frame)
