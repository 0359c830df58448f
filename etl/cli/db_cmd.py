"""``etl db upgrade|downgrade|current|refresh``: schema migrations through Alembic, roll-up rebuilds."""

from __future__ import annotations

from collections.abc import Callable

import click
from sqlalchemy import Engine

from etl.cli.base import cli, db_option
from etl.db import migrate
from etl.db.engine import describe_url, make_engine, resolve_url
from etl.errors import DatabaseError


def _migrate_and_report(engine: Engine, step: Callable[[Engine, str], None], revision: str) -> None:
    """Run an upgrade or downgrade and print the revisions before and after."""
    before = migrate.current_revision(engine)
    step(engine, revision)
    after = migrate.current_revision(engine)
    click.echo(f"{describe_url(str(engine.url))}: {before or 'empty'} -> {after or 'empty'}")


@cli.group("db")
def db_group() -> None:
    """Create, migrate and inspect the database schema (wraps Alembic).

    \b
    Examples:
      etl db upgrade                                # ./minzheng.db to the newest schema
      etl db upgrade --db postgresql://postgres@127.0.0.1/minzheng
      etl db downgrade base                         # drop everything
      etl db current
    """


@db_group.command("upgrade")
@click.argument("revision", default="head")
@db_option
def db_upgrade(revision: str, db: str | None) -> None:
    """Migrate the database up to REVISION (default: head) and sync reference data.

    \b
    Examples:
      etl db upgrade
      etl db upgrade 0002
    """
    engine = make_engine(db)
    _migrate_and_report(engine, migrate.upgrade, revision)
    if migrate.current_revision(engine) == migrate.head_revision():
        migrate.sync_reference(engine)


@db_group.command("downgrade")
@click.argument("revision", default="-1")
@db_option
def db_downgrade(revision: str, db: str | None) -> None:
    """Migrate the database down to REVISION (default: one step; 'base' removes everything).

    \b
    Examples:
      etl db downgrade
      etl db downgrade base
    """
    _migrate_and_report(make_engine(db), migrate.downgrade, revision)


@db_group.command("current")
@db_option
def db_current(db: str | None) -> None:
    """Show the schema revision of the database and the newest one available.

    \b
    Examples:
      etl db current
      ETL_DATABASE_URL=postgresql://postgres@127.0.0.1/minzheng etl db current
    """
    from etl.query import missing_sqlite_file

    head = migrate.head_revision()
    missing = missing_sqlite_file(resolve_url(db))
    if missing is not None:  # a read-only command: never create the file
        click.echo(f"{missing}: revision none (empty database), no file yet (head {head}; run `etl load` or `etl db upgrade`)")
        return
    engine = make_engine(db)
    current = migrate.current_revision(engine)
    if current == head:
        state = "up to date"
    elif not migrate.is_known(current):
        state = "unknown to this etl, probably made by a newer version"
    else:
        state = "behind; run `etl db upgrade`"
    click.echo(f"{describe_url(str(engine.url))}: revision {current or 'none (empty database)'} (head {head}, {state})")


@db_group.command("refresh")
@db_option
def db_refresh(db: str | None) -> None:
    """Rebuild the materialized roll-ups (the tables the city-year marts read) from the facts.

    `etl load` and `etl correct` keep them up to date; run this after changing
    facts or documents by hand in SQL, or the reference data, to be sure.

    \b
    Examples:
      etl db refresh
      etl db refresh --db postgresql://postgres@127.0.0.1/minzheng
    """
    from etl.db.marts import refresh_all

    engine = make_engine(db)
    if migrate.current_revision(engine) != migrate.head_revision():
        raise DatabaseError(f"{describe_url(str(engine.url))} is not at the newest schema: run `etl db upgrade` first")
    with engine.begin() as connection:
        rows = refresh_all(connection)
    click.echo(f"{describe_url(str(engine.url))}: roll-ups rebuilt ({rows} rows)")


@db_group.command("grant-readonly")
@click.argument("role")
@click.option("--create", is_flag=True, help="Create the role (LOGIN, no password) if it does not exist.")
@db_option
def db_grant_readonly(role: str, create: bool, db: str | None) -> None:
    """Let ROLE read the documented views, and nothing else (PostgreSQL only).

    Grants USAGE on the schema and SELECT on every view of the data dictionary
    (docs/views.md), none on the tables. View migrations keep the grants.

    \b
    Examples:
      etl db grant-readonly bi_reader --create --db postgresql://postgres@127.0.0.1/minzheng
      psql -c "ALTER ROLE bi_reader PASSWORD 'change-me'"
    """
    from etl.db.grants import grant_readonly

    report = grant_readonly(make_engine(db), role, create=create)
    action = "created role" if report.created else "role"
    click.echo(f"{action} {report.role}: USAGE on schema {report.schema}, SELECT on {len(report.views)} views")
