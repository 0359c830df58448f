"""Alembic environment: runs migrations on the connection etl hands in, or on ETL_DATABASE_URL.

etl (:mod:`etl.db.migrate`) hands in a connection that is already inside one
transaction holding the schema lock, so the whole command is all-or-nothing.
Plain ``alembic upgrade head`` gets the same: its connection is opened through
``etl.db.migrate.schema_transaction`` (which also works around the SQLite
driver running DDL outside the transaction).
"""

from __future__ import annotations

from alembic import context

from etl.db.engine import make_engine
from etl.db.migrate import schema_transaction
from etl.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_on(connection) -> None:  # type: ignore[no-untyped-def]
    # render_as_batch lets ALTER-style operations work on SQLite by copying tables.
    # transaction_per_migration matters only for a connection not yet in a
    # transaction; ours always are, so the command is one transaction.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Use the connection given in config.attributes, else open one from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations_on(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    try:
        with schema_transaction(engine) as connection:
            run_migrations_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")
run_migrations_online()
