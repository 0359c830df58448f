"""Alembic environment: runs migrations on the connection etl hands in, or on ETL_DATABASE_URL."""

from __future__ import annotations

from alembic import context

from etl.db.engine import make_engine
from etl.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_on(connection) -> None:  # type: ignore[no-untyped-def]
    # render_as_batch lets ALTER-style operations work on SQLite by copying tables.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
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
    with engine.begin() as connection:
        run_migrations_on(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")
run_migrations_online()
