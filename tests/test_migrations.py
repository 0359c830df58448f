"""Migrations: upgrade -> downgrade -> upgrade, and no drift between models and migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from etl.db import migrate
from etl.db.engine import make_engine
from etl.db.models import Base

EXPECTED_TABLES = {
    "jurisdiction", "jurisdiction_alias", "program", "program_alias", "metric", "unit",
    "document", "fact", "unclassified_mention", "load_run", "load_error",
}


def _table_names(engine) -> set[str]:  # type: ignore[no-untyped-def]
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    assert migrate.current_revision(engine) is None

    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert EXPECTED_TABLES <= _table_names(engine)
    assert "v_fact" in inspect(engine).get_view_names()
    with engine.connect() as connection:
        first_counts = connection.execute(text("SELECT count(*) FROM jurisdiction")).scalar_one()
    assert first_counts > 3000

    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert _table_names(engine) == set()
    assert inspect(engine).get_view_names() == []

    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM jurisdiction")).scalar_one() == first_counts
    engine.dispose()


def test_every_step_downgrades_one_at_a_time(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine)
    seen = []
    while migrate.current_revision(engine) is not None:
        seen.append(migrate.current_revision(engine))
        migrate.downgrade(engine, "-1")
    assert seen[0] == migrate.head_revision()
    assert len(seen) == len(set(seen)) >= 3
    engine.dispose()


def test_models_and_migrations_agree(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_reference_sync_is_idempotent(engine) -> None:  # type: ignore[no-untyped-def]
    report = migrate.sync_reference(engine)
    assert not report.changed, report


def test_ensure_schema_migrates_an_empty_database_once(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    assert migrate.ensure_schema(engine) is True
    assert migrate.ensure_schema(engine) is False
    engine.dispose()
