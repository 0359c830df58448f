"""Bulk writes inside the writer's transaction: COPY and unnest on PostgreSQL, executemany on SQLite.

On PostgreSQL facts, mentions and texts go by ``COPY`` (no ids needed back),
document rows by one ``INSERT ... SELECT FROM unnest(arrays) ... RETURNING``:
the ids must come back, and a multi-row ``VALUES (%s, ...), (%s, ...)`` with
18 columns x 200 rows costs psycopg more to parse in Python (its placeholder
scan) than PostgreSQL to run (measured: 0.41 s of 0.55 s for 4,000 document
rows; the unnest form has 18 placeholders whatever the batch size).
"""

from __future__ import annotations

from datetime import date
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from etl.load.worker import FACT_COLUMNS, MENTION_COLUMNS

if TYPE_CHECKING:  # the writer imports this module
    from etl.load.writer import PreparedDocument


def copy_children(connection: Connection, inserted: list[tuple[int, PreparedDocument]]) -> None:
    """COPY the facts and mentions of the inserted documents (psycopg 3, same transaction)."""
    if not inserted:
        return
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        if any(d.facts for _, d in inserted):
            with cursor.copy(f"COPY fact (document_id, {', '.join(FACT_COLUMNS)}) FROM STDIN") as copy:
                for doc_id, document in inserted:
                    for fact in document.facts:
                        copy.write_row((doc_id, *fact))
        if any(d.mentions for _, d in inserted):
            with cursor.copy(
                f"COPY unclassified_mention (document_id, {', '.join(MENTION_COLUMNS)}) FROM STDIN"
            ) as copy:
                for doc_id, document in inserted:
                    for mention in document.mentions:
                        copy.write_row((doc_id, *mention))


def copy_texts(connection: Connection, texts: list[tuple[int, str]]) -> None:
    """COPY ``(document_id, text)`` rows into document_text (psycopg 3, same transaction)."""
    if not texts:
        return
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        with cursor.copy("COPY document_text (document_id, text) FROM STDIN") as copy:
            for row in texts:
                copy.write_row(row)


def insert_unnest_returning(
    connection: Connection, table: str, columns: dict[str, str], rows: list[tuple[Any, ...]], tail: str
) -> list[tuple[Any, ...]]:
    """``INSERT INTO table (columns) SELECT * FROM unnest(one array per column) <tail>``; the rows it returns.

    ``columns`` maps each column to its PostgreSQL type (the arrays are cast to
    it: a column whose values are all NULL would otherwise be sent as text[]).
    """
    if not rows:
        return []
    arrays = tuple(list(values) for values in zip(*rows))
    unnest = ", ".join(f"%s::{kind}[]" for kind in columns.values())
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({unnest}) {tail}"
    return [tuple(row) for row in connection.exec_driver_sql(sql, arrays)]


def executemany_children(connection: Connection, inserted: list[tuple[int, PreparedDocument]]) -> None:
    """executemany the facts and mentions on SQLite (dates as ISO text, as SQLAlchemy stores them)."""
    if not inserted:
        return
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        fact_sql = (
            f"INSERT INTO fact (document_id, {', '.join(FACT_COLUMNS)}) "
            f"VALUES ({', '.join('?' * (len(FACT_COLUMNS) + 1))})"
        )
        cursor.executemany(
            fact_sql, ((doc_id, *_sqlite_values(fact)) for doc_id, document in inserted for fact in document.facts)
        )
        mention_sql = (
            f"INSERT INTO unclassified_mention (document_id, {', '.join(MENTION_COLUMNS)}) "
            f"VALUES ({', '.join('?' * (len(MENTION_COLUMNS) + 1))})"
        )
        cursor.executemany(
            mention_sql, ((doc_id, *mention) for doc_id, document in inserted for mention in document.mentions)
        )
    finally:
        cursor.close()


def _sqlite_values(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(sqlite_value(value) for value in row)


def sqlite_value(value: Any) -> Any:
    """Dates as ISO text, which is how SQLAlchemy stores Date on SQLite."""
    return value.isoformat() if isinstance(value, date) else value


def wrapped(connection: Connection, what: str, write: Callable[[], None]) -> None:
    """Run a write on the raw DBAPI connection, its errors wrapped as SQLAlchemy's.

    Raw DBAPI cursors bypass SQLAlchemy's exception wrapping; wrapped here,
    callers see IntegrityError & co. as elsewhere.
    """
    dbapi = connection.dialect.dbapi
    assert dbapi is not None  # a connected dialect has its driver
    try:
        write()
    except dbapi.Error as exc:
        raise DBAPIError.instance(what, None, exc, dbapi.Error) from exc
