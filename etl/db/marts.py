"""Materialized roll-ups: the marts' rows kept in tables, refreshed in the transaction that changes the facts.

``v_dibao_city_year`` and ``v_subsidy_spending_city_year`` (v003) read the
tables ``rollup_dibao_city_year`` and ``rollup_subsidy_spending_city_year``.
Computing those rows from the facts (the SELECTs in
``schema/rollups/<table>/vNNN.sql``, over v_city_year_best and its layers)
takes seconds at a million facts, so a dashboard reading a whole mart would
wait that long on every query; a table is read in milliseconds.

Staleness is tracked by the database itself: triggers on ``fact`` (insert,
update, delete, the deletes of a deleted document's facts included) and on ``document`` (update: a new name or
publication date changes which figure wins) record the affected
(city, year) pairs in ``rollup_stale``, in the same transaction as the change,
whoever writes. (On SQLite, where a row trigger on INSERT would double the
cost of bulk inserts, new facts are found by id above ``rollup_watermark``.) :func:`refresh_stale` recomputes those city-years and empties
``rollup_stale``; ``etl load`` calls it in the write transaction of its last
batch (once per run: a refresh recomputes whole city-years, and doing it in
every batch made large loads several times slower), ``etl correct`` in its
own, so the roll-ups show the figures as of the start of a running load and
those of the load once it commits its last batch. :func:`refresh_all` rebuilds everything
(``etl db refresh``; needed after a reference-data change, e.g. a program that
becomes a subsidy, which no trigger sees).

A roll-up row of (city, year) depends only on the actual single-year facts of
that city's places and that year (every layer groups by them, and the winner
of a group is one of the group's facts), so recomputing the stale city-years
with the same SELECT, filtered by city_code and year, gives the rows a full
rebuild would. On PostgreSQL the filter is a WHERE on that SELECT, which the
planner pushes down to the facts; SQLite does not push it below
v_city_year_best, so there the refresh reads only the facts of those
city-years through TEMP copies of the layers (:func:`_refresh_filtered`): its
cost follows the facts of the city-years it recomputes, not the database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import Connection, Table, bindparam, text

from etl.catalogue import PROJECT_ROOT
from etl.db.models import RollupDibaoCityYear, RollupStale, RollupSubsidySpendingCityYear, RollupWatermark
from etl.errors import CatalogueError, DatabaseError

ROLLUPS_DIR = PROJECT_ROOT / "schema" / "rollups"

# table -> version of its SELECT in schema/rollups/<table>/vNNN.sql (what the current revision uses).
ROLLUP_TABLES: dict[str, tuple[Table, int]] = {
    "rollup_dibao_city_year": (RollupDibaoCityYear, 1),
    "rollup_subsidy_spending_city_year": (RollupSubsidySpendingCityYear, 1),
}

@lru_cache(maxsize=None)
def rollup_sql(name: str, version: int) -> str:
    """The SELECT computing the rows of roll-up table ``name`` at ``version`` (read once: a
    refresh runs it once per city and table)."""
    path = ROLLUPS_DIR / name / f"v{version:03d}.sql"
    try:
        return path.read_text(encoding="utf-8").strip().rstrip(";")
    except FileNotFoundError as exc:
        raise CatalogueError(f"roll-up definition missing: {path}") from exc


def _columns(table: Table) -> str:
    return ", ".join(column.name for column in table.columns)


def refresh_all(connection: Connection) -> int:
    """Rebuild every roll-up table from the facts; return the rows written. Clears ``rollup_stale``."""
    written = 0
    for name, (table, version) in ROLLUP_TABLES.items():
        connection.execute(text(f"DELETE FROM {name}"))
        result = connection.execute(
            text(f"INSERT INTO {name} ({_columns(table)}) SELECT {_columns(table)} FROM ({rollup_sql(name, version)}) r")
        )
        written += max(result.rowcount, 0)
    connection.execute(text(f"DELETE FROM {RollupStale.name}"))
    _raise_watermark(connection)
    return written


def _raise_watermark(connection: Connection) -> None:
    """Every fact there is now is in the roll-ups (see RollupWatermark)."""
    connection.execute(text(f"DELETE FROM {RollupWatermark.name}"))
    connection.execute(text(f"INSERT INTO {RollupWatermark.name} (id, fact_id) SELECT 1, COALESCE(MAX(id), 0) FROM fact"))


def _sqlite_marks(row: str, source: str, condition: str) -> str:
    """INSERT of the (city, year) pairs of the fact rows ``row`` (from ``source``, where
    ``condition``) that can enter a roll-up, on SQLite (dates are ISO text); see _pg_marks."""
    return (
        "INSERT OR IGNORE INTO rollup_stale (city_code, year)"
        f" SELECT DISTINCT j.city_code, CAST(substr({row}.period_start, 1, 4) AS INTEGER) FROM {source}"
        f" WHERE {condition} AND j.city_code IS NOT NULL AND {row}.status = 'actual'"
        f" AND substr({row}.period_start, 1, 4) = substr({row}.period_end, 1, 4)"
    )


_FACTS_AND_PLACES = "fact f JOIN jurisdiction j ON j.code = f.jurisdiction_code"
# SQLite: the city-years of the facts inserted since the watermark.
_MARK_NEW_FACTS = text(_sqlite_marks(
    "f", _FACTS_AND_PLACES, "f.id > COALESCE((SELECT fact_id FROM rollup_watermark WHERE id = 1), 0)"
))


def refresh_city_years(connection: Connection, city_years: Sequence[tuple[str, int]]) -> None:
    """Recompute the roll-up rows of these (city_code, year) pairs (the rows a full rebuild gives them)."""
    if connection.dialect.name == "sqlite":
        _refresh_filtered(connection, sorted(set(city_years)))
    else:
        _refresh_city_by_city(connection, city_years)


def _refresh_city_by_city(connection: Connection, city_years: Sequence[tuple[str, int]]) -> None:
    """PostgreSQL: one statement per city and table, filtered by ``city_code = :city`` and its years.

    That is the filter the layers were written to push down (ix_fact_series);
    a single statement with IN lists over many cities makes the planner's row
    estimates go wrong and its plan nest loops for minutes.
    """
    years_of: dict[str, set[int]] = {}
    for city, year in city_years:
        years_of.setdefault(city, set()).add(year)
    for city in sorted(years_of):
        params = {"city": city, "years": sorted(years_of[city])}
        for name, (table, version) in ROLLUP_TABLES.items():
            connection.execute(
                text(f"DELETE FROM {name} WHERE city_code = :city AND year IN :years")
                .bindparams(bindparam("years", expanding=True)),
                params,
            )
            connection.execute(
                text(
                    f"INSERT INTO {name} ({_columns(table)}) SELECT {_columns(table)} FROM ({rollup_sql(name, version)}) r"
                    " WHERE r.city_code = :city AND r.year IN :years"
                ).bindparams(bindparam("years", expanding=True)),
                params,
            )


# SQLite: the views between ``fact`` and the roll-up SELECTs, innermost first. The
# last one is materialized once for both roll-up tables (see _refresh_filtered).
SQLITE_LAYERS = ("v_fact_best", "v_jurisdiction_year_best", "v_city_year_best")

# SQLite: a TEMP view of the facts of the city-years to refresh, by the same year
# expression as the layers (v_fact_single_year, v_fact_best).
_FILTERED_FACTS = (
    "CREATE TEMP VIEW fact AS SELECT f.* FROM main.fact f"
    " WHERE (f.jurisdiction_code, CAST(substr(CAST(f.period_start AS TEXT), 1, 4) AS INTEGER))"
    " IN (SELECT jurisdiction_code, year FROM temp.rollup_refresh_places)"
)
# What _refresh_filtered creates in the TEMP schema, dropped in reverse order.
_TEMP_OBJECTS = (
    ("TABLE", "rollup_refresh_pairs"), ("TABLE", "rollup_refresh_places"), ("VIEW", "fact"),
    ("VIEW", SQLITE_LAYERS[0]), ("VIEW", SQLITE_LAYERS[1]), ("TABLE", SQLITE_LAYERS[2]),
)


def _layer_select(connection: Connection, name: str) -> str:
    """The SELECT of view ``name`` as this database has it (the CREATE VIEW text without its head).

    Read from the database rather than schema/views: these are the definitions
    the main views, and so refresh_all, compute with, whatever revision made them.
    """
    created = connection.execute(
        text("SELECT sql FROM main.sqlite_master WHERE type = 'view' AND name = :name"), {"name": name}
    ).scalar()
    head = re.match(rf"\s*CREATE\s+VIEW\s+\"?{re.escape(name)}\"?\s+AS\s", str(created or ""), re.IGNORECASE)
    if head is None:
        raise DatabaseError(f"roll-up layer {name} missing or not a plain CREATE VIEW: run `etl db upgrade`")
    return str(created)[head.end():]


def _refresh_filtered(connection: Connection, pairs: list[tuple[str, int]]) -> None:
    """SQLite: recompute the pairs from their own facts only, one statement per table.

    SQLite does not push a ``city_code``/``year`` filter below v_city_year_best:
    a WHERE on an aggregate subquery becomes its HAVING, which is moved to its
    WHERE only after the subqueries below it were planned, and every layer
    aggregates over another (EXPLAIN QUERY PLAN: fact is read whole through
    ix_fact_series), so a filtered SELECT costs as much as the whole one. Instead
    the filter is put under the innermost layer by name lookup, which searches
    the TEMP schema before main: a TEMP view ``fact`` holds the facts of the pairs'
    places and years, and TEMP copies of the layers (their SQL read from this
    database's own view definitions) read it; v_city_year_best is materialized
    once as a TEMP table for both roll-up SELECTs. The layers group by city and
    year, so these facts give the pairs' rows exactly (see the module docstring);
    the outer pair filter stays as a guard. Main-schema views and triggers are
    bound to main and never see the TEMP objects, which are dropped before return.
    """
    if not pairs:
        return
    _drop_temp_objects(connection)
    try:
        connection.exec_driver_sql(
            "CREATE TEMP TABLE rollup_refresh_pairs (city_code TEXT NOT NULL, year INTEGER NOT NULL,"
            " PRIMARY KEY (city_code, year))"
        )
        connection.execute(text("INSERT INTO temp.rollup_refresh_pairs (city_code, year) VALUES (:c, :y)"),
                           [{"c": city, "y": year} for city, year in pairs])
        connection.exec_driver_sql(
            "CREATE TEMP TABLE rollup_refresh_places AS SELECT j.code AS jurisdiction_code, r.year"
            " FROM temp.rollup_refresh_pairs r JOIN main.jurisdiction j ON j.city_code = r.city_code"
        )
        connection.exec_driver_sql(_FILTERED_FACTS)
        *views, last = SQLITE_LAYERS
        for name in views:
            connection.exec_driver_sql(f"CREATE TEMP VIEW {name} AS {_layer_select(connection, name)}")
        connection.exec_driver_sql(f"CREATE TEMP TABLE {last} AS {_layer_select(connection, last)}")
        # Without it the marts' join with v_city scans the table once per city.
        connection.exec_driver_sql(f"CREATE INDEX temp.ix_rollup_refresh_{last} ON {last} (city_code, year)")
        pair_test = "(city_code, year) IN (SELECT city_code, year FROM temp.rollup_refresh_pairs)"
        for name, (table, version) in ROLLUP_TABLES.items():
            connection.execute(text(f"DELETE FROM main.{name} WHERE {pair_test}"))
            connection.execute(text(
                f"INSERT INTO main.{name} ({_columns(table)}) SELECT {_columns(table)}"
                f" FROM ({rollup_sql(name, version)}) r WHERE {pair_test}"
            ))
    finally:
        _drop_temp_objects(connection)


def _drop_temp_objects(connection: Connection) -> None:
    """Drop what _refresh_filtered creates (a TEMP ``fact`` left behind would hide main.fact)."""
    for kind, name in reversed(_TEMP_OBJECTS):
        connection.exec_driver_sql(f"DROP {kind} IF EXISTS temp.{name}")


def refresh_stale(connection: Connection) -> int:
    """Recompute the city-years ``rollup_stale`` lists and empty it; return how many there were.

    Call it in the transaction that changed the facts, after the change.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.execute(_MARK_NEW_FACTS)
    stale = [(str(city), int(year)) for city, year in connection.execute(
        text(f"SELECT city_code, year FROM {RollupStale.name}")
    )]
    if stale:
        refresh_city_years(connection, stale)
        connection.execute(text(f"DELETE FROM {RollupStale.name}"))
    if sqlite:
        _raise_watermark(connection)
    return len(stale)


# --- triggers (revision 0009) -------------------------------------------------
# A fact marks its (city, year) when it can enter a roll-up: status 'actual', a
# period within one calendar year, a place that belongs to a city. The marks
# are cheap on purpose (they run inside every bulk write): one primary-key
# lookup per fact row on SQLite, one set-based INSERT per statement on PostgreSQL.


def sqlite_trigger_statements() -> list[str]:
    """Row triggers that mark stale city-years on SQLite (dates are ISO text there).

    None on INSERT: any trigger on INSERT makes each row of a bulk insert a
    statement with its own journal (twice the time); refresh_stale finds new
    facts by id instead (RollupWatermark). A delete lowers the watermark below
    the deleted id, which SQLite may hand out again.
    """
    def fact_trigger(event: str, row: str, extra: str = "") -> str:
        marks = _sqlite_marks(row, "jurisdiction j", f"j.code = {row}.jurisdiction_code")
        return f"CREATE TRIGGER rollup_stale_fact_{event.lower()}_{row.lower()} AFTER {event} ON fact BEGIN {marks};{extra} END"
    return [
        fact_trigger("DELETE", "OLD", " UPDATE rollup_watermark SET fact_id = OLD.id - 1 WHERE fact_id >= OLD.id;"),
        fact_trigger("UPDATE", "OLD"),
        fact_trigger("UPDATE", "NEW"),
        "CREATE TRIGGER rollup_stale_document AFTER UPDATE OF name, published, loaded_at ON document BEGIN "
        f"{_sqlite_marks('f', _FACTS_AND_PLACES, 'f.document_id = NEW.id')}; END",
    ]


def _pg_marks(rows: str) -> str:
    """INSERT of the (city, year) pairs of the fact rows ``rows`` (alias x) on PostgreSQL."""
    return (
        "INSERT INTO rollup_stale (city_code, year)"
        " SELECT DISTINCT j.city_code, CAST(EXTRACT(YEAR FROM x.period_start) AS INTEGER)"
        f" FROM {rows} JOIN jurisdiction j ON j.code = x.jurisdiction_code"
        " WHERE j.city_code IS NOT NULL AND x.status = 'actual'"
        " AND EXTRACT(YEAR FROM x.period_start) = EXTRACT(YEAR FROM x.period_end)"
        " ON CONFLICT DO NOTHING;"
    )


def postgresql_trigger_statements() -> list[str]:
    """Statement triggers (transition tables: one INSERT per statement, COPY included) on PostgreSQL."""
    fact_function = f"""
CREATE FUNCTION rollup_mark_stale_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_pg_marks("new_facts x")}
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_pg_marks("old_facts x")}
    END IF;
    RETURN NULL;
END
$$"""
    document_function = f"""
CREATE FUNCTION rollup_mark_stale_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_pg_marks("fact x JOIN new_documents d ON d.id = x.document_id")}
    RETURN NULL;
END
$$"""
    return [
        fact_function,
        document_function,
        "CREATE TRIGGER rollup_stale_fact_insert AFTER INSERT ON fact REFERENCING NEW TABLE AS new_facts"
        " FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_stale_facts()",
        "CREATE TRIGGER rollup_stale_fact_delete AFTER DELETE ON fact REFERENCING OLD TABLE AS old_facts"
        " FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_stale_facts()",
        "CREATE TRIGGER rollup_stale_fact_update AFTER UPDATE ON fact REFERENCING OLD TABLE AS old_facts"
        " NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_stale_facts()",
        "CREATE TRIGGER rollup_stale_document AFTER UPDATE ON document REFERENCING NEW TABLE AS new_documents"
        " FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_stale_documents()",
    ]


def drop_trigger_statements(sqlite: bool) -> list[str]:
    """Statements that remove the triggers (downgrade)."""
    if sqlite:
        names = ["rollup_stale_fact_delete_old", "rollup_stale_fact_update_old", "rollup_stale_fact_update_new",
                 "rollup_stale_document"]
        return [f"DROP TRIGGER IF EXISTS {name}" for name in names]
    return [
        "DROP TRIGGER IF EXISTS rollup_stale_fact_insert ON fact",
        "DROP TRIGGER IF EXISTS rollup_stale_fact_delete ON fact",
        "DROP TRIGGER IF EXISTS rollup_stale_fact_update ON fact",
        "DROP TRIGGER IF EXISTS rollup_stale_document ON document",
        "DROP FUNCTION IF EXISTS rollup_mark_stale_facts()",
        "DROP FUNCTION IF EXISTS rollup_mark_stale_documents()",
    ]
