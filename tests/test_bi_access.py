"""A BI session on PostgreSQL: reflection as BI tools do it, and a read-only role, before and after a view migration.

Superset, Metabase and most BI tools reflect the database with
``sqlalchemy.inspect``: they list the views, read the column comments as
descriptions and map the column types (a number must be numeric, a date a
date). ``etl db grant-readonly`` gives a role SELECT on the documented views
only; the grants must survive ``etl db downgrade 0004 && etl db upgrade``.
The grant-readonly tests run on PostgreSQL only; on SQLite the command refuses.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from etl.cli import cli
from etl.db import migrate
from etl.db.comments import load_descriptions
from etl.db.engine import make_engine
from etl.db.grants import grant_readonly, readonly_roles, view_grants
from etl.errors import ConfigError, DatabaseError
from fact_builder import add_document, add_facts, persons, spending, year

EXPECTED_TYPES: dict[str, tuple[type[sa.types.TypeEngine], ...]] = {
    "text": (sa.String,),
    "integer": (sa.Integer,),
    "number": (sa.Float, sa.Numeric),  # DOUBLE PRECISION; NUMERIC (a SUM of integers)
    "date": (sa.Date,),
    "timestamp": (sa.DateTime,),
}


@pytest.fixture
def pg(engine: Engine) -> Engine:
    if engine.dialect.name != "postgresql":
        pytest.skip("roles, grants and comments are PostgreSQL features")
    return engine


@pytest.fixture
def role(pg: Engine) -> Iterator[str]:
    """A fresh role name; the role (if created) is dropped with everything granted to it."""
    name = f"bi_test_{uuid.uuid4().hex[:8]}"
    yield name
    with pg.begin() as connection:
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}).first():
            connection.exec_driver_sql(f'DROP OWNED BY "{name}"')
            connection.exec_driver_sql(f'DROP ROLE "{name}"')


def as_role(engine: Engine, role: str) -> Engine:
    """An engine on the same database logged in as ``role`` (the test server trusts local logins)."""
    url = make_url(engine.url.render_as_string(hide_password=False)).set(username=role, password=None)
    return make_engine(url.render_as_string(hide_password=False))


def can(engine: Engine, sql: str) -> bool:
    """Whether ``sql`` runs; in a read-write transaction, so that privileges (not the read-only default) decide."""
    try:
        with engine.begin() as connection:
            connection.execute(text("SET TRANSACTION READ WRITE"))
            connection.execute(text(sql))
        return True
    except DBAPIError:
        return False


def load_some_facts(engine: Engine) -> None:
    with engine.begin() as connection:
        document = add_document(connection, "wuhu.txt", published="2025-01-20")
        add_facts(
            connection,
            document,
            [persons("340200", "dibao", 83000, *year(2024)), spending("340200", "elderly_allowance", 7_000_000, *year(2024))],
        )


def assert_reflects_like_a_bi_tool(engine: Engine) -> None:
    inspector = inspect(engine)
    docs = load_descriptions()
    assert set(docs) <= set(inspector.get_view_names())
    for view, doc in docs.items():
        assert inspector.get_table_comment(view)["text"] == doc.description
        columns = inspector.get_columns(view)
        assert [c["name"] for c in columns] == [c.name for c in doc.columns], view
        for column, described in zip(columns, doc.columns):
            where = f"{view}.{column['name']} ({column['type']})"
            assert column.get("comment") == described.description, where
            assert isinstance(column["type"], EXPECTED_TYPES[described.type]), where
            if described.role == "measure":
                assert isinstance(column["type"], (sa.Float, sa.Numeric, sa.Integer)), where
            if described.role == "time":
                assert isinstance(column["type"], (sa.Date, sa.DateTime)), where
    # the marts' time axis is their first date column
    for mart in ("v_dibao_city_year", "v_subsidy_spending_city_year"):
        dates = [c["name"] for c in inspector.get_columns(mart) if isinstance(c["type"], sa.Date)]
        assert dates[0] == "year_start", mart


def assert_reads_views_and_writes_nothing(engine: Engine, role: str) -> None:
    reader = as_role(engine, role)
    try:
        for view in load_descriptions():
            with reader.connect() as connection:
                connection.execute(text(f"SELECT * FROM {view} LIMIT 1")).all()
        with reader.connect() as connection:
            assert connection.execute(text("SELECT persons FROM v_dibao_city_year WHERE city_code = '340200'")).scalar() == 83000
        for table in inspect(engine).get_table_names():
            assert not can(reader, f"SELECT * FROM {table} LIMIT 1"), f"{role} can read table {table}"
        forbidden = [
            "INSERT INTO fact (document_id) VALUES (1)",
            "UPDATE document SET name = 'x'",
            "DELETE FROM fact",
            "DELETE FROM v_fact",
            "UPDATE v_city SET city_name = 'x'",
            "CREATE TABLE bi_scratch (x int)",
            "CREATE VIEW bi_scratch_v AS SELECT 1 AS x",
            "DROP VIEW v_fact",
            "TRUNCATE fact",
        ]
        for statement in forbidden:
            assert not can(reader, statement), f"{role} could run: {statement}"
    finally:
        reader.dispose()


def test_reflection_as_a_bi_tool(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        if engine.dialect.name != "postgresql":
            pytest.skip("comments and PostgreSQL types")
        migrate.upgrade(engine)  # a fresh database, as a new deployment has it
        assert_reflects_like_a_bi_tool(engine)
    finally:
        engine.dispose()


def test_readonly_role_reads_every_view_and_writes_nothing_across_a_view_migration(pg: Engine, role: str) -> None:
    load_some_facts(pg)
    report = grant_readonly(pg, role, create=True)
    assert report.created and set(report.views) == set(load_descriptions())
    reader = as_role(pg, role)
    with reader.connect() as connection:
        assert connection.execute(text("SHOW default_transaction_read_only")).scalar() == "on"
    reader.dispose()
    assert_reads_views_and_writes_nothing(pg, role)

    migrate.downgrade(pg, "0004")
    assert_reads_views_and_writes_nothing(pg, role)
    migrate.upgrade(pg)
    assert_reads_views_and_writes_nothing(pg, role)
    assert_reflects_like_a_bi_tool(pg)
    with pg.connect() as connection:
        assert (role, "SELECT") in view_grants(connection, "v_dibao_city_year")
        assert role in readonly_roles(connection)


def test_other_grants_on_a_recreated_view_are_kept_exactly(pg: Engine, role: str) -> None:
    # a grant made by hand on one mart (not a read-only role): kept on that mart, not spread to other views
    with pg.begin() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{role}" NOLOGIN')
        connection.exec_driver_sql(f'GRANT SELECT, REFERENCES ON v_subsidy_spending_city_year TO "{role}"')
    migrate.downgrade(pg, "0005")
    migrate.upgrade(pg)
    with pg.connect() as connection:
        assert sorted(g for g in view_grants(connection, "v_subsidy_spending_city_year") if g[0] == role) == [
            (role, "REFERENCES"),
            (role, "SELECT"),
        ]
        assert not [g for g in view_grants(connection, "v_dibao_city_year") if g[0] == role]
        assert role not in readonly_roles(connection)


def test_grant_readonly_needs_the_role_or_create(pg: Engine, role: str) -> None:
    with pytest.raises(DatabaseError, match="does not exist.*--create"):
        grant_readonly(pg, role)
    grant_readonly(pg, role, create=True)
    again = grant_readonly(pg, role)  # idempotent on an existing role
    assert not again.created


def test_grant_readonly_cli(pg: Engine, role: str) -> None:
    url = pg.url.render_as_string(hide_password=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["db", "grant-readonly", role, "--db", url])
    assert result.exit_code == 1 and "--create" in result.output
    result = runner.invoke(cli, ["db", "grant-readonly", role, "--create", "--db", url])
    assert result.exit_code == 0, result.output
    assert f"created role {role}" in result.output and f"SELECT on {len(load_descriptions())} views" in result.output


def test_grant_readonly_refuses_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the SQLite refusal")
    with pytest.raises(ConfigError, match="only on PostgreSQL"):
        grant_readonly(engine, "bi_reader", create=True)
