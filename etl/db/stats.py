"""Planner statistics after a load: ANALYZE the tables a load writes.

Without fresh statistics PostgreSQL plans the roll-up views for the row counts
it saw last (on a server where autovacuum is off or slow, 4 rows of
``jurisdiction`` instead of thousands), and a view that takes 8 ms after
ANALYZE takes over 100 ms. ``etl load`` calls :func:`analyze_after_load` at the
end of every load that wrote documents.
"""

from __future__ import annotations

from sqlalchemy import Engine

from etl.db.models import Base

# ANALYZE reads at most about this many index rows per index on SQLite (the
# value PRAGMA optimize uses), so a large file is analyzed in bounded time.
SQLITE_ANALYSIS_LIMIT = 400


def analyzed_tables() -> list[str]:
    """The tables a load changes: its data tables, and the reference tables it syncs from seeds/."""
    return [table.name for table in Base.metadata.sorted_tables]


def analyze_after_load(engine: Engine, documents_written: int) -> list[str]:
    """ANALYZE the load's tables when it wrote documents; return the tables analyzed.

    PostgreSQL: ``ANALYZE`` of each table (sampled, so its cost does not grow
    with the table). SQLite: ``ANALYZE`` of each table under an analysis limit,
    then ``PRAGMA optimize``. A load that wrote nothing analyzes nothing.
    """
    if documents_written <= 0:
        return []
    tables = analyzed_tables()
    quote = engine.dialect.identifier_preparer.quote
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
        for table in tables:
            connection.exec_driver_sql(f"ANALYZE {quote(table)}")
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA optimize")
    return tables
