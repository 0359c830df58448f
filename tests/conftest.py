"""Shared fixtures: databases on SQLite always, and on PostgreSQL when ETL_TEST_DATABASE_URL is set.

Every database test takes the ``engine`` (or ``db_url``) fixture, which is
parametrized over the available backends, so the same test runs on both.
A migrated template is built once per session per backend; each test gets a
database whose data tables are empty and whose reference data is loaded.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from etl.db import migrate
from etl.db.engine import make_engine, resolve_url

from support import PG_ENV, REPO, SAMPLES, SHARED, requires_shared, shared_path  # noqa: F401  (re-exported)

# Hypothesis profiles. "ci" (loaded here, so the default) keeps property tests
# short; "long" runs the fuzz tests (tests/test_fuzz.py) at length on demand:
#   python -m pytest tests/test_fuzz.py --hypothesis-profile=long
# The plugin loads a --hypothesis-profile after this module, so the option wins.
# No deadline: a case is bounded by the tests' own generous hang guard instead
# of a per-example timing that a busy machine would make flaky.
settings.register_profile("ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

# Child tables first, so deletes respect foreign keys.
DATA_TABLES = (
    "unclassified_mention", "fact", "document_text", "document", "correction", "load_error", "load_run",
    # the materialized roll-ups (etl.db.marts) and the city-years the deletes above marked stale
    "rollup_dibao_city_year", "rollup_subsidy_spending_city_year", "rollup_stale",
)


def backends() -> list[str]:
    """Backends to run database tests on."""
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


def pg_admin_url() -> str:
    """URL of the PostgreSQL test database given in ETL_TEST_DATABASE_URL."""
    return resolve_url(os.environ[PG_ENV])


def create_pg_database(prefix: str = "etl_t") -> str:
    """Create a new, empty PostgreSQL database beside the test one; return its URL."""
    base = make_url(pg_admin_url())
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base.render_as_string(hide_password=False)).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    """Drop a database made by :func:`create_pg_database` (terminating its sessions)."""
    name = make_url(url).database
    admin = make_engine(pg_admin_url()).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"),
            {"n": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def empty_data_tables(engine: Engine) -> None:
    """Delete every row of the data tables (reference data stays)."""
    with engine.begin() as connection:
        for table in DATA_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session; tests copy it."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated_url() -> Iterator[str]:
    """The PostgreSQL test database, migrated to head once per session."""
    url = pg_admin_url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield url


@pytest.fixture(params=backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a migrated database with empty data tables, on each backend."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        target = tmp_path / "test.db"
        shutil.copyfile(template, target)
        yield f"sqlite:///{target}"
        return
    url = request.getfixturevalue("pg_migrated_url")
    engine = make_engine(url)
    migrate.upgrade(engine)  # a migration test may have left it elsewhere
    empty_data_tables(engine)
    engine.dispose()
    yield url
    engine = make_engine(url)
    migrate.upgrade(engine)
    empty_data_tables(engine)
    engine.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on :func:`db_url`."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=backends())
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a database with no tables at all, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(url)

