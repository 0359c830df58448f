"""Programmatic Alembic: upgrade, downgrade and inspect the schema of a database.

Every schema change runs in **one transaction that also holds the schema
lock**, so a migration is all-or-nothing and two processes never migrate the
same database at once (two ``etl load`` started together on a new file):

* PostgreSQL has transactional DDL; the transaction first takes
  ``pg_advisory_xact_lock(ADVISORY_CLASS, SCHEMA_LOCK)``, released at commit.
* SQLite has transactional DDL too, but Python's ``sqlite3`` driver opens its
  implicit transaction only before INSERT/UPDATE/DELETE, so CREATE/DROP
  statements ran in autocommit mode and stayed when a later step failed (a
  half-downgraded schema still stamped at the old revision). The migration
  connection turns the driver's transaction handling off and opens ``BEGIN
  IMMEDIATE`` itself: every statement of the migration is then inside one
  transaction, and the immediate write lock makes a second migrator wait
  (``busy_timeout``) until the first has committed, then find the schema
  current.

Alembic sees the connection already in a transaction and leaves it to us, so
the whole command (all its revisions) commits or rolls back as a unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from etl.catalogue import PROJECT_ROOT
from etl.db.engine import ADVISORY_CLASS, describe_db_error, is_sqlite
from etl.db.marts import refresh_all
from etl.db.models import Base, RollupStale
from etl.db.reference import SyncReport, sync_reference_data
from etl.errors import DatabaseError

# Second key of the schema advisory lock (the first is ADVISORY_CLASS; load runs use their id).
SCHEMA_LOCK = 0

# The revision that loads the reference data facts point to: downgrading below
# it needs the facts gone first.
REFERENCE_REVISION = "0002"

# Tables that revision 0002 fills from seeds/ (and empties on downgrade);
# every other table holds data that loads, reviews or users wrote.
REFERENCE_TABLES = frozenset({"jurisdiction", "jurisdiction_alias", "program", "program_alias", "metric", "unit"})


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at the project's migrations (and at ``connection``)."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration revision in ``migrations/``."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine | Connection) -> str | None:
    """The revision the database is at, or None for an empty database."""
    if isinstance(engine, Connection):
        return MigrationContext.configure(engine).get_current_revision()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def schema_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction holding the schema lock; commits on success, rolls back on error."""
    if not is_sqlite(engine):
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:c, :k)"), {"c": ADVISORY_CLASS, "k": SCHEMA_LOCK})
            yield connection
        return
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        previous = raw.isolation_level  # type: ignore[union-attr]
        # None: the driver issues no BEGIN/COMMIT of its own, so DDL stays inside ours.
        raw.isolation_level = None  # type: ignore[union-attr]
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.rollback()
                raise
            connection.commit()
        finally:
            raw.isolation_level = previous  # type: ignore[union-attr]


def _alembic(connection: Connection, action: str, revision: str) -> None:
    getattr(command, action)(alembic_config(connection), revision)


def _migrate(engine: Engine, action: str, revision: str, *, sync: bool = False) -> bool:
    """Run ``alembic action revision`` in one locked transaction; True when the revision changed."""
    before: str | None = None
    read = False
    try:
        with schema_transaction(engine) as connection:
            before, read = current_revision(connection), True
            check_known(before)
            if action == "downgrade":
                _clear_data_for_downgrade(connection, before, revision)
            if not (action == "upgrade" and revision == "head" and before == head_revision()):
                _alembic(connection, action, revision)
            if sync:
                sync_reference_data(connection)
            return current_revision(connection) != before
    except CommandError as exc:
        raise DatabaseError(f"migration {action} to {revision!r} failed: {_one_line(str(exc))}") from exc
    except SQLAlchemyError as exc:
        still = f" (still at revision {before or 'none'})" if read else ""
        raise DatabaseError(
            f"migration {action} to {revision!r} failed, nothing was changed{still}: {describe_db_error(exc)}"
        ) from exc


def is_known(revision: str | None) -> bool:
    """True when ``revision`` (a database's stamp) is one of this code's migrations (or None)."""
    if revision is None:
        return True
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def check_known(revision: str | None) -> None:
    """Refuse a database stamped with a revision this code does not have (made by a newer etl)."""
    if not is_known(revision):
        raise DatabaseError(
            f"the database is at schema revision {revision!r}, which this version of etl does not know "
            f"(newest here: {head_revision()}); it was probably migrated by a newer etl: use that version"
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (default: the newest), all or nothing."""
    _migrate(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "-1") -> None:
    """Migrate the database down to ``revision``, all or nothing.

    ``base`` removes everything: the loaded data first, then every table and
    view. A downgrade that would remove the reference data (below
    ``REFERENCE_REVISION``) but keep the schema is refused while documents
    are stored, because their facts point to that data.
    """
    _migrate(engine, "downgrade", revision)


def ensure_schema(engine: Engine, *, sync: bool = False) -> bool:
    """Upgrade to head if the database is behind (and with ``sync`` re-sync the
    reference data), under the schema lock; return True when it migrated.

    ``etl load`` calls this so that loading into an empty database just works,
    also when two loads start together on it.
    """
    if not sync and current_revision(engine) == head_revision():
        return False
    return _migrate(engine, "upgrade", "head", sync=sync)


def sync_reference(engine: Engine) -> SyncReport:
    """Re-sync the reference data from ``seeds/`` (idempotent)."""
    try:
        with schema_transaction(engine) as connection:
            report = sync_reference_data(connection)
            # Names, cities and subsidy programs feed the materialized roll-ups,
            # and no trigger watches the reference tables.
            if report.changed and RollupStale.name in inspect(connection).get_table_names():
                refresh_all(connection)
            return report
    except SQLAlchemyError as exc:
        raise DatabaseError(f"syncing the reference data failed: {describe_db_error(exc)}") from exc


def _clear_data_for_downgrade(connection: Connection, current: str | None, revision: str) -> None:
    """Before a downgrade that removes the reference data: delete the data (to base) or refuse."""
    removed, chain = _revisions_removed(ScriptDirectory.from_config(alembic_config()), current, revision)
    if REFERENCE_REVISION not in removed:
        return
    documents = connection.execute(text("SELECT count(*) FROM document")).scalar_one()
    if removed == chain:
        # "base" removes everything: the data of the project's own tables
        # first, children before parents (a table of the user's own is left alone).
        existing = set(inspect(connection).get_table_names())
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in existing and table.name not in REFERENCE_TABLES:
                connection.execute(table.delete())
    elif documents:
        raise DatabaseError(
            f"cannot downgrade to {revision!r} while the database holds {documents} documents: their facts "
            f"point to the reference data that revision {REFERENCE_REVISION} loads; "
            "`etl db downgrade base` removes everything, data included"
        )


def _revisions_removed(script: ScriptDirectory, current: str | None, revision: str) -> tuple[list[str], list[str]]:
    """(revisions a downgrade from ``current`` to ``revision`` undoes, all revisions down from
    ``current``), newest first; nothing removed when unsure (Alembic then reports the problem)."""
    chain: list[str] = []
    rev = current
    while rev is not None:
        chain.append(rev)
        down = script.get_revision(rev).down_revision  # type: ignore[union-attr]
        if isinstance(down, (tuple, list)):
            return [], chain  # a merge point: leave it to Alembic
        rev = down
    if revision == "base":
        return chain, chain
    if revision.startswith("-") and revision[1:].isdigit():
        return chain[: int(revision[1:])], chain
    try:
        target = script.get_revision(revision)
    except CommandError:
        return [], chain
    if target is None or target.revision not in chain:
        return [], chain
    return chain[: chain.index(target.revision)], chain


def _one_line(message: str) -> str:
    return " ".join(message.split())
