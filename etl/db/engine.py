"""Database URLs and engines: SQLite by default, PostgreSQL by URL.

``resolve_url`` decides which database a command talks to (``--db`` beats
``ETL_DATABASE_URL`` beats the default SQLite file); ``make_engine`` builds an
engine and turns driver failures into one-line :class:`DatabaseError`s.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError

from etl.errors import ConfigError, DatabaseError

DEFAULT_SQLITE_FILE = "minzheng.db"

# First key of the PostgreSQL advisory locks this package takes (the second:
# 0 for the schema lock, else a load run's id). Arbitrary, fixed: "ETL" in ASCII.
ADVISORY_CLASS = 0x45544C
ENV_VAR = "ETL_DATABASE_URL"


def resolve_url(db: str | None = None) -> str:
    """Return the SQLAlchemy URL to use.

    ``db`` may be a full URL (``postgresql://...``, ``sqlite:///x.db``) or a plain
    file path, which means a SQLite file. Without ``db``, ``ETL_DATABASE_URL``
    is used, else ``./minzheng.db``.
    """
    raw = db or os.environ.get(ENV_VAR) or DEFAULT_SQLITE_FILE
    raw = raw.strip()
    if "://" not in raw:
        if raw.startswith(("postgres:", "postgresql:", "sqlite:")):
            raise ConfigError(f"invalid database URL {raw!r}: expected e.g. postgresql://user@host/db or sqlite:///file.db")
        return f"sqlite:///{Path(raw).expanduser()}"
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise ConfigError(f"invalid database URL {raw!r}: {exc}") from exc
    backend = url.get_backend_name()
    if backend in {"postgres", "postgresql"}:
        # Always talk to PostgreSQL through psycopg 3.
        url = url.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise ConfigError(f"unsupported database {backend!r} in {raw!r}: use sqlite or postgresql")
    return url.render_as_string(hide_password=False)


def describe_url(url: str) -> str:
    """Render a URL for messages, with any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def is_sqlite(url_or_engine: str | Engine) -> bool:
    """True when the URL or engine is SQLite."""
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else make_url(url_or_engine)
    return url.get_backend_name() == "sqlite"


# How long a connection waits for another one's lock (busy_timeout), in seconds.
SQLITE_BUSY_SECONDS = 30


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Foreign keys are off by default in SQLite; WAL lets readers work during a load,
    # and busy_timeout makes concurrent writers wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _switch_to_wal(cursor) -> None:  # type: ignore[no-untyped-def]
    """Put the file in WAL mode, waiting for other connections as busy_timeout would.

    The switch needs the file to itself, and SQLite answers "database is locked"
    at once, without calling the busy handler, when another connection holds a
    lock during it: two ``etl load`` opening a new file together made one fail
    at connect. A file already in WAL mode (it is persistent) needs no switch.
    """
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    pause = 0.005
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def make_engine(db: str | None = None, *, check: bool = True) -> Engine:
    """Create an engine for ``db`` (see :func:`resolve_url`).

    With ``check`` the connection is tried at once, so that an unreachable
    server or a missing directory becomes a one-line DatabaseError here rather
    than a traceback later.
    """
    url = resolve_url(db)
    try:
        if is_sqlite(url):
            database = make_url(url).database
            if database and database != ":memory:":
                parent = Path(database).expanduser().resolve().parent
                if not parent.is_dir():
                    raise DatabaseError(f"cannot open SQLite database {database!r}: directory {parent} does not exist")
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(f"invalid database URL {describe_url(url)!r}: {exc}") from exc
    if check:
        check_connection(engine)
    return engine


def check_connection(engine: Engine) -> None:
    """Open and close one connection, raising DatabaseError with a short reason."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()
        first = reason[0] if reason else exc.__class__.__name__
        raise DatabaseError(f"cannot connect to {describe_url(str(engine.url.render_as_string(hide_password=False)))}: {first}") from exc


def describe_db_error(exc: SQLAlchemyError) -> str:
    """The first line of the driver's message (no SQL, no parameters, no link)."""
    original = getattr(exc, "orig", None) if isinstance(exc, DBAPIError) else None
    lines = str(original or exc).strip().splitlines()
    return " ".join(lines[0].split()) if lines else type(exc).__name__
