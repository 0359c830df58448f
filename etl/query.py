"""Run SQL and export tables or views: the library side of ``etl query`` and ``etl export``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from etl.errors import ConfigError, DatabaseError

EXPORT_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}


def run_query(engine: Engine, sql: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Execute ``sql`` and return (column names, rows as dicts); statements without rows return []."""
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql))
            if not result.returns_rows:
                return [], []
            columns = list(result.keys())
            return columns, [dict(zip(columns, row)) for row in result]
    except DBAPIError as exc:
        message = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(f"query failed: {message}") from exc
    except SQLAlchemyError as exc:
        raise DatabaseError(f"query failed: {exc}") from exc


def relation_names(engine: Engine) -> list[str]:
    """All table and view names of the database."""
    inspector = inspect(engine)
    return sorted(set(inspector.get_table_names()) | set(inspector.get_view_names()))


def export_relation(engine: Engine, name: str, output: str | Path) -> int:
    """Write table or view ``name`` to ``output`` (.csv, .xlsx or .parquet); return the row count."""
    output = Path(output)
    fmt = EXPORT_FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise ConfigError(f"cannot export to {output}: use a .csv, .xlsx or .parquet file name")
    known = relation_names(engine)
    if name not in known:
        raise ConfigError(f"no table or view named {name!r}; choose one of: {', '.join(known)}")
    # The name was checked against the catalogue, so quoting it into the SQL is safe.
    try:
        with engine.connect() as connection:
            frame = pd.read_sql_query(text(f'SELECT * FROM "{name}"'), connection)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read {name}: {exc}") from exc
    try:
        if fmt == "csv":
            frame.to_csv(output, index=False)
        elif fmt == "xlsx":
            frame.to_excel(output, index=False, sheet_name=name[:31])
        else:
            frame.to_parquet(output, index=False)
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror or exc}") from exc
    return len(frame)
