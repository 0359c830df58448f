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


# -- migrations on a database holding facts, all or nothing, under a lock (#10 items 4 and 6) --

def _load_samples(engine) -> int:  # type: ignore[no-untyped-def]
    from etl.load import load_paths
    from support import SAMPLES

    summary = load_paths([SAMPLES], engine=engine, workers=1)
    assert summary.ok and summary.facts > 50
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM fact")).scalar_one()


def schema_snapshot(engine) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Every table, column, view, index and constraint with its definition, sorted."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.execute(text("SELECT type, name, tbl_name, sql FROM sqlite_master")).all()
        else:
            rows = connection.execute(text(
                "SELECT 'column', table_name || '.' || column_name, data_type, is_nullable "
                "FROM information_schema.columns WHERE table_schema = current_schema() "
                "UNION ALL SELECT 'view', viewname, '', definition FROM pg_views WHERE schemaname = current_schema() "
                "UNION ALL SELECT 'index', indexname, tablename, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() "
                "UNION ALL SELECT 'constraint', conname, conrelid::regclass::text, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
            )).all()
    return sorted(tuple("" if v is None else str(v) for v in row) for row in rows)


def test_upgrade_downgrade_upgrade_on_a_database_holding_facts(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine)
    facts = _load_samples(engine)

    migrate.downgrade(engine, "base")  # data first, then the schema
    assert migrate.current_revision(engine) is None
    assert _table_names(engine) == set()
    assert inspect(engine).get_view_names() == []

    migrate.upgrade(engine)
    assert _load_samples(engine) == facts
    # And a second time, through every step one at a time.
    while migrate.current_revision(engine) not in (None, migrate.REFERENCE_REVISION):
        migrate.downgrade(engine, "-1")
        assert migrate.current_revision(engine) is not None
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM fact")).scalar_one() == facts
    engine.dispose()


def test_downgrade_below_the_reference_data_with_documents_is_refused_and_changes_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from etl.errors import DatabaseError

    _load_samples(engine)
    before = schema_snapshot(engine)
    with pytest.raises(DatabaseError, match="holds 5 documents.*etl db downgrade base"):
        migrate.downgrade(engine, "0001")
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert schema_snapshot(engine) == before


def test_a_migration_that_fails_half_way_leaves_the_schema_as_it_was(engine) -> None:  # type: ignore[no-untyped-def]
    """A user's own table pointing at the reference data makes ``downgrade base`` fail at
    revision 0002, after the view and index changes of the later revisions already ran."""
    import pytest

    from etl.errors import DatabaseError

    _load_samples(engine)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE my_unit_notes (unit_code VARCHAR(32) REFERENCES unit (code))"))
        connection.execute(text("INSERT INTO my_unit_notes VALUES ('person')"))
    try:
        before = schema_snapshot(engine)
        with pytest.raises(DatabaseError) as raised:
            migrate.downgrade(engine, "base")
        message = str(raised.value)
        assert "\n" not in message and f"nothing was changed (still at revision {migrate.head_revision()})" in message
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert schema_snapshot(engine) == before
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM fact")).scalar_one() > 50
    finally:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE my_unit_notes"))


def _migrate_new_file(url: str, start, errors) -> None:  # type: ignore[no-untyped-def]
    start.wait()
    try:
        engine = make_engine(url)
        migrate.ensure_schema(engine, sync=True)
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - reported to the test
        errors.put(f"{type(exc).__name__}: {exc}")


def test_processes_migrating_a_new_sqlite_file_at_once_take_turns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    for trial in range(3):
        url = f"sqlite:///{tmp_path / f'new{trial}.db'}"
        start, errors = context.Event(), context.Queue()
        processes = [context.Process(target=_migrate_new_file, args=(url, start, errors)) for _ in range(3)]
        for process in processes:
            process.start()
        start.set()
        for process in processes:
            process.join(120)
        found = [errors.get() for _ in range(errors.qsize())] if not errors.empty() else []
        assert found == [] and [p.exitcode for p in processes] == [0, 0, 0]
        engine = make_engine(url)
        assert migrate.current_revision(engine) == migrate.head_revision()
        engine.dispose()
