"""Run SQL and describe the database: the library side of ``etl query``, ``tables``, ``views`` and ``schema``.

Queries are read-only unless the caller asks to write: on SQLite the
connection runs with ``PRAGMA query_only``, on PostgreSQL in a ``READ ONLY``
transaction (and a read-only session, so that a ``commit;`` inside the SQL
does not escape it). Read-only commands open a database with
:func:`open_existing`, which never creates an empty SQLite file, and call
:func:`require_schema`, which says how to create the schema when there is none.

Every table or view name that reaches SQL is quoted with the dialect's
identifier preparer (:func:`quoted`), never pasted between quotes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.schema import CreateIndex, CreateTable

from etl.db.engine import check_connection, describe_url, is_sqlite, make_engine, resolve_url
from etl.errors import ConfigError, DatabaseError

EMPTY_DATABASE = "empty database: run `etl load` or `etl db upgrade`"
READ_ONLY_HINT = "etl query is read-only; add --write to change the database"
_PG_READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction


@dataclass
class QueryResult:
    """What a statement returned: column names and rows, or the number of rows it changed."""

    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    rowcount: int | None = None  # rows affected by a statement that returns no rows
    type_codes: list[Any] = field(default_factory=list)  # the driver's column types (PostgreSQL OIDs)


def open_existing(db: str | None) -> Engine:
    """An engine on an existing database: a missing SQLite file is an error, never created."""
    url = resolve_url(db)
    engine = make_engine(url, check=False)  # a bad URL or a missing folder fails here, connecting nothing
    missing = missing_sqlite_file(url)
    if missing is not None:
        raise DatabaseError(f"{EMPTY_DATABASE} (no file {missing})")
    check_connection(engine)
    return engine


def missing_sqlite_file(url: str) -> Path | None:
    """The path of a SQLite database file that does not exist yet (connecting would create it), else None."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser()
    return None if path.exists() else path


def require_schema(engine: Engine) -> None:
    """Raise the 'empty database' error when the database has no tables at all."""
    try:
        names = inspect(engine).get_table_names()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read the schema of {describe_url(str(engine.url))}: {_first_line(exc)}") from exc
    if not names:
        raise DatabaseError(f"{EMPTY_DATABASE} ({describe_url(str(engine.url))} has no tables)")


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    return lines[0] if lines else exc.__class__.__name__


def _is_read_only_refusal(exc: DBAPIError) -> bool:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) == _PG_READ_ONLY_SQLSTATE or "readonly database" in str(orig)


@contextmanager
def read_only(connection: Connection) -> Iterator[Connection]:
    """Make ``connection`` refuse writes for the duration of the block, then restore it."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA query_only = ON")
    else:
        # The session default covers a `commit;` inside multi-statement SQL.
        connection.exec_driver_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    try:
        yield connection
    finally:
        connection.rollback()
        if sqlite:
            connection.exec_driver_sql("PRAGMA query_only = OFF")
        else:
            # Back to the role's or database's default (a BI role may be read-only by default).
            connection.exec_driver_sql("RESET default_transaction_read_only")
        connection.commit()


def _fetch(connection: Connection, sql: str, params: Mapping[str, Any]) -> QueryResult:
    result = connection.execute(text(sql), dict(params))
    if not result.returns_rows:
        return QueryResult(rowcount=result.rowcount)
    columns = list(result.keys())
    description = result.cursor.description if result.cursor is not None else None
    type_codes = [column[1] for column in description] if description else []
    return QueryResult(columns, [dict(zip(columns, row)) for row in result], None, type_codes)


def run_query(engine: Engine, sql: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> QueryResult:
    """Execute one statement with ``:name`` parameters; read-only unless ``write``.

    A statement that returns rows gives columns and rows (a header even when
    there are no rows); one that does not gives ``rowcount``. A write attempted
    without ``write`` is refused by the database and reported as such.
    """
    params = params or {}
    try:
        with engine.connect() as connection:
            if write:
                with connection.begin():
                    return _fetch(connection, sql, params)
            with read_only(connection):
                return _fetch(connection, sql, params)
    except DBAPIError as exc:
        hint = f" ({READ_ONLY_HINT})" if not write and _is_read_only_refusal(exc) else ""
        raise DatabaseError(f"query failed: {_first_line(exc)}{hint}") from exc
    except SQLAlchemyError as exc:
        raise DatabaseError(f"query failed: {_first_line(exc)}") from exc


def quoted(engine: Engine | Connection, name: str) -> str:
    """``name`` as a quoted identifier of the engine's dialect (embedded quotes doubled)."""
    return engine.dialect.identifier_preparer.quote_identifier(name)


def table_names(engine: Engine) -> list[str]:
    """The tables of the database, sorted."""
    return sorted(inspect(engine).get_table_names())


def view_names(engine: Engine) -> list[str]:
    """The views of the database, sorted."""
    return sorted(inspect(engine).get_view_names())


def relation_names(engine: Engine) -> list[str]:
    """All table and view names of the database."""
    return sorted(set(table_names(engine)) | set(view_names(engine)))


def check_relation(engine: Engine, name: str) -> None:
    """Raise ConfigError unless ``name`` is a table or view of the database."""
    known = relation_names(engine)
    if name not in known:
        raise ConfigError(f"no table or view named {name!r}; choose one of: {', '.join(known)}")


def row_counts(engine: Engine, names: list[str]) -> list[dict[str, Any]]:
    """``[{"name": ..., "rows": count}]`` for each table or view in ``names``."""
    out = []
    try:
        with engine.connect() as connection, read_only(connection):
            for name in names:
                count = connection.execute(text(f"SELECT COUNT(*) FROM {quoted(connection, name)}")).scalar_one()
                out.append({"name": name, "rows": count})
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot count rows: {_first_line(exc)}") from exc
    return out


def schema_sql(engine: Engine, name: str) -> str:
    """The SQL that creates table or view ``name`` (CREATE TABLE with its indexes, or CREATE VIEW)."""
    check_relation(engine, name)
    inspector = inspect(engine)
    try:
        if name in inspector.get_view_names():
            definition = (inspector.get_view_definition(name) or "").strip().rstrip(";")
            if definition.upper().startswith("CREATE"):
                return definition + ";"  # SQLite keeps the whole statement
            return f"CREATE VIEW {quoted(engine, name)} AS\n{definition};"
        table = Table(name, MetaData(), autoload_with=engine)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read the schema of {name!r}: {_first_line(exc)}") from exc
    statements = [str(CreateTable(table).compile(dialect=engine.dialect)).strip() + ";"]
    for index in sorted(table.indexes, key=lambda ix: ix.name or ""):
        statements.append(str(CreateIndex(index).compile(dialect=engine.dialect)).strip() + ";")
    return "\n".join(statements)
