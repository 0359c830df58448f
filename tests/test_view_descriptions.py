"""schema/view_descriptions.csv: every view column described, the data dictionary up to date, comments on PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from etl.db import migrate
from etl.db.comments import (
    DESCRIPTIONS_FILE,
    load_descriptions,
    render_data_dictionary,
    stale_descriptions,
    undocumented_columns,
)
from etl.errors import CatalogueError
from support import REPO


def test_every_view_and_column_has_a_description(engine: Engine) -> None:
    with engine.connect() as connection:
        assert undocumented_columns(connection) == []
        assert stale_descriptions(connection) == []


def test_a_column_without_description_is_reported(engine: Engine, tmp_path: Path) -> None:
    lines = DESCRIPTIONS_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = [line for line in lines if not line.startswith(("v_dibao_city_year,year_start,", "v_city,"))]
    partial = tmp_path / "descriptions.csv"
    partial.write_text("".join(dropped), encoding="utf-8")
    with engine.connect() as connection:
        assert undocumented_columns(connection, partial) == ["v_city", "v_dibao_city_year.year_start"]


def test_a_description_of_a_missing_column_is_reported(engine: Engine, tmp_path: Path) -> None:
    extra = tmp_path / "descriptions.csv"
    extra.write_text(
        DESCRIPTIONS_FILE.read_text(encoding="utf-8") + "v_city,no_such_column,text,dimension,Gone.\n", encoding="utf-8"
    )
    with engine.connect() as connection:
        assert stale_descriptions(connection, extra) == ["v_city.no_such_column"]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("v_city,city_code,text,dimension,\n", "needs a view and a description"),
        ("v_city,city_code,varchar,dimension,Code.\n", "type 'varchar'"),
        ("v_city,city_code,text,axis,Code.\n", "role 'axis'"),
        ("v_nowhere,x,text,dimension,Code.\n", "before the row describing view v_nowhere"),
    ],
)
def test_malformed_rows_name_file_line_and_problem(tmp_path: Path, row: str, problem: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("view,column,type,role,description\nv_city,,,staging,Cities.\n" + row, encoding="utf-8")
    with pytest.raises(CatalogueError, match=rf"bad\.csv:3: .*{problem}"):
        load_descriptions(bad)


def test_descriptions_file_is_plain_csv_with_one_row_per_column() -> None:
    with DESCRIPTIONS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    docs = load_descriptions()
    assert len(rows) == len(docs) + sum(len(doc.columns) for doc in docs.values())
    # the marts' time axis and measures are what the README tells BI users to use
    dibao = docs["v_dibao_city_year"]
    assert [c.name for c in dibao.columns if c.role == "time"][0] == "year_start"
    assert {"persons", "households", "standard", "spending"} <= {c.name for c in dibao.columns if c.role == "measure"}


def test_committed_data_dictionary_is_up_to_date() -> None:
    committed = (REPO / "docs" / "views.md").read_text(encoding="utf-8")
    assert committed == render_data_dictionary(), "docs/views.md is stale: run python scripts/build_views_doc.py"


def test_data_dictionary_lists_every_documented_column() -> None:
    text = render_data_dictionary()
    for doc in load_descriptions().values():
        assert f"## {doc.name}\n" in text
        for column in doc.columns:
            assert f"| `{column.name}` | {column.type} | {column.role} | " in text


def _comments(engine: Engine) -> dict[str, str | None]:
    inspector = inspect(engine)
    found: dict[str, str | None] = {}
    for view in load_descriptions():
        if view in inspector.get_view_names():
            found[view] = inspector.get_table_comment(view)["text"]
            found.update({f"{view}.{c['name']}": c.get("comment") for c in inspector.get_columns(view)})
    return found


def expected_comments(engine: Engine) -> dict[str, str]:
    inspector = inspect(engine)
    expected = {}
    for doc in load_descriptions().values():
        expected[doc.name] = doc.description
        names = {c["name"] for c in inspector.get_columns(doc.name)}
        expected.update({f"{doc.name}.{c.name}": c.description for c in doc.columns if c.name in names})
    return expected


def test_comments_on_postgresql_survive_a_view_migration_round_trip(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("COMMENT ON exists on PostgreSQL only")
    assert _comments(engine) == expected_comments(engine)
    migrate.downgrade(engine, "0004")
    # the older view versions (fewer columns) are commented too
    older = _comments(engine)
    assert "v_dibao_city_year.persons_fact_id" not in older
    assert older == expected_comments(engine)
    migrate.upgrade(engine)
    assert _comments(engine) == expected_comments(engine)


def test_upgrade_to_0006_comments_the_views_older_revisions_made(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("COMMENT ON exists on PostgreSQL only")
    migrate.downgrade(engine, "0005")
    with engine.begin() as connection:  # as a database migrated before the descriptions existed
        connection.exec_driver_sql("COMMENT ON VIEW v_city IS NULL")
        connection.exec_driver_sql("COMMENT ON COLUMN v_city.city_name IS NULL")
    assert _comments(engine)["v_city.city_name"] is None
    migrate.upgrade(engine)
    assert _comments(engine) == expected_comments(engine)
