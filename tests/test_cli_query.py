"""`etl query`, `etl export`, `etl tables|views|schema`: read-only by default, parameters, layouts, typed exports.

Every test runs on SQLite, and on PostgreSQL when ETL_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, inspect, text

from etl import catalogue
from etl.cli import cli
from etl.cli.output import choose_layout, table_width, to_vertical
from etl.db.engine import make_engine

from support import SAMPLES

EMPTY = "empty database: run `etl load` or `etl db upgrade`"
HOSTILE_VIEW = 'x";commit;drop table canary;--'


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def count(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


def add_documents(engine: Engine, n: int) -> None:
    with engine.begin() as connection:
        for i in range(n):
            connection.execute(text(
                "INSERT INTO document (sha256, path, name, size_bytes, parser_version, loaded_at)"
                " VALUES (:h, :p, :n, 1, 't', CURRENT_TIMESTAMP)"), {"h": f"{i:064x}", "p": f"f{i}.txt", "n": f"f{i}.txt"})


@pytest.fixture
def loaded(db_url: str) -> str:
    """A database holding the five sample reports."""
    from etl.load import load_paths

    summary = load_paths([SAMPLES], db=db_url, workers=1)
    assert summary.failed == 0
    return db_url


# --- read-only by default -------------------------------------------------------------------------


def test_query_is_read_only_by_default_and_writes_with_write(engine: Engine, db_url: str) -> None:
    add_documents(engine, 3)
    refused = run("query", "delete from document", "--db", db_url)
    assert refused.exit_code == 1
    assert "read-only" in refused.output and "--write" in refused.output
    assert count(engine, "select count(*) from document") == 3
    written = run("query", "delete from document where path <> :keep", "-p", "keep", "f0.txt", "--write", "--db", db_url)
    assert written.exit_code == 0, written.output
    assert written.output.strip() == "2 rows affected"
    assert count(engine, "select count(*) from document") == 1


def test_a_commit_inside_the_sql_does_not_escape_read_only(engine: Engine, db_url: str) -> None:
    result = run("query", "select 1 as a; commit; drop table load_error", "--db", db_url)
    assert result.exit_code == 1
    assert inspect(engine).has_table("load_error")


def test_read_only_query_leaves_the_connection_writable_for_the_library(engine: Engine) -> None:
    from etl.query import run_query

    run_query(engine, "select count(*) from fact")
    add_documents(engine, 1)  # the same pool; would fail if query_only / READ ONLY stuck
    assert count(engine, "select count(*) from document") == 1


# --- parameters, SQL from a file or stdin ---------------------------------------------------------


def test_parameters_sql_file_and_stdin(db_url: str, tmp_path: Path) -> None:
    sql = "select code, name from jurisdiction where code = :code"
    by_param = run("query", sql, "-p", "code", "340722", "--format", "json", "--db", db_url)
    assert json.loads(by_param.output) == [{"code": "340722", "name": "枞阳县"}]
    script = tmp_path / "q.sql"
    script.write_text(sql + ";\n", encoding="utf-8")
    from_file = run("query", str(script), "-p", "code", "500229", "--format", "jsonl", "--db", db_url)
    assert json.loads(from_file.output) == {"code": "500229", "name": "城口县"}
    from_stdin = run("query", "-", "-p", "code", "340722", "--format", "csv", "--db", db_url, input=sql)
    assert from_stdin.output.splitlines() == ["code,name", "340722,枞阳县"]
    missing = run("query", sql, "--db", db_url)
    assert missing.exit_code == 1 and "query failed" in missing.output


# --- layouts --------------------------------------------------------------------------------------


def test_vertical_layout_is_chosen_when_the_table_does_not_fit(db_url: str) -> None:
    wide = "select * from jurisdiction_alias a join jurisdiction j on j.code = a.code where j.code = '340722'"
    narrow = run("query", "select code from jurisdiction where code = '340722'", "--db", db_url, env={"COLUMNS": "60"})
    assert "RECORD" not in narrow.output and "340722" in narrow.output
    squeezed = run("query", wide, "--db", db_url, env={"COLUMNS": "40"})
    assert squeezed.exit_code == 0, squeezed.output
    assert "-[ RECORD 1 ]" in squeezed.output
    assert any(line.startswith("name") and line.rstrip().endswith("| 枞阳县") for line in squeezed.output.splitlines())
    assert "RECORD" not in run("query", wide, "--format", "table", "--db", db_url, env={"COLUMNS": "40"}).output


def test_layout_measures_chinese_as_double_width() -> None:
    rows = [{"name": "枞阳县" * 10}]  # 30 characters, 60 screen cells
    assert table_width(rows, ["name"]) == 60 + 4
    assert choose_layout(rows, ["name"], 50) == "vertical"
    assert choose_layout(rows, ["name"], 80) == "table"
    assert choose_layout(rows, ["name"], None) == "table"
    text_out = to_vertical([{"a": 1, "长名字": None}])
    assert text_out.splitlines()[1:] == ["a      | 1", "长名字 |"]


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_has_a_header_without_rows_and_a_bom_on_request(db_url: str, tmp_path: Path) -> None:
    empty = run("query", "select code, name_zh from unit where 1 = 0", "--format", "csv", "--db", db_url)
    assert empty.output == "code,name_zh\n"
    with_bom = run("query", "select code from unit where code = 'person'", "--format", "csv", "--bom", "--db", db_url)
    assert with_bom.output == "\ufeffcode\nperson\n"
    target = tmp_path / "none.csv"
    exported = run("export", "--sql", "select code, name_zh from unit where 1 = 0", "-o", str(target), "--bom",
                   "--db", db_url)
    assert exported.exit_code == 0, exported.output
    assert target.read_bytes() == "\ufeffcode,name_zh\n".encode()


def test_extract_csv_has_a_header_without_facts(tmp_path: Path) -> None:
    from etl.extract import extract_file

    report = tmp_path / "nothing.txt"
    report.write_text("今天天气很好，没有任何数字。\n", encoding="utf-8")
    result = run("extract", str(report), "--format", "csv")
    assert result.exit_code == 0, result.output
    sample = extract_file(next(iter(sorted(SAMPLES.glob("*.txt")))))
    assert result.output.splitlines() == [",".join(sample.facts[0].to_dict())]
    mentions = run("extract", str(report), "--format", "csv", "--unclassified")
    assert mentions.output.splitlines() == [",".join(sample.mentions[0].to_dict())]


# --- export ---------------------------------------------------------------------------------------


def test_export_to_stdout_and_of_a_query(db_url: str) -> None:
    result = CliRunner().invoke(cli, ["export", "unit", "-o", "-", "--db", db_url])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["code"] for row in rows} == {u.code for u in catalogue.units()}
    assert "wrote" not in result.stdout  # the summary goes to stderr
    query = run("export", "--sql", "select code from jurisdiction where parent_code = :p order by code",
                "-p", "p", "500200", "-o", "-", "--db", db_url)
    expected = sorted(j.code for j in catalogue.jurisdictions() if j.parent_code == "500200")
    assert query.stdout.splitlines() == ["code", *expected]
    both = run("export", "unit", "--sql", "select 1", "-o", "-", "--db", db_url)
    assert both.exit_code == 2


def test_export_xlsx_has_a_frozen_header_and_real_dates(loaded: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "facts.xlsx"
    assert run("export", "v_fact", "-o", str(target), "--db", loaded).exit_code == 0
    sheet = load_workbook(target).active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["fact_id", "document_id", "document"]
    column = header.index("period_end") + 1
    values = [row[0] for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column, values_only=True)]
    assert values and all(isinstance(v, date) for v in values)  # openpyxl reads Excel dates as datetime
    year_column = header.index("year") + 1
    years = [row[0] for row in sheet.iter_rows(min_row=2, min_col=year_column, max_col=year_column, values_only=True)]
    assert {type(y) for y in years} <= {int, type(None)} and int in {type(y) for y in years}  # multi-year: NULL


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_timestamps_export_as_naive_utc(loaded: str, tmp_path: Path, suffix: str) -> None:
    from datetime import datetime, timedelta, timezone

    target = tmp_path / f"runs{suffix}"
    result = run("export", "load_run", "-o", str(target), "--db", loaded)
    assert result.exit_code == 0, result.output
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(target).active
        header = [cell.value for cell in sheet[1]]
        started = sheet.cell(row=2, column=header.index("started_at") + 1).value
    else:
        import pyarrow.parquet as pq

        started = pq.read_table(target).column("started_at")[0].as_py()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    assert isinstance(started, datetime) and started.tzinfo is None
    assert now - timedelta(minutes=10) < started <= now + timedelta(seconds=5)


def parquet_schema(db_url: str, name: str, tmp_path: Path) -> dict[str, str]:
    import pyarrow.parquet as pq

    target = tmp_path / f"{name}.parquet"
    result = run("export", name, "-o", str(target), "--db", db_url)
    assert result.exit_code == 0, result.output
    return {field.name: str(field.type) for field in pq.read_schema(target)}


@pytest.mark.parametrize("view", ["v_fact", "v_dibao_city_year", "v_subsidy_spending_city_year"])
def test_parquet_types_dates_as_dates_and_years_as_integers(loaded: str, tmp_path: Path, view: str) -> None:
    schema = parquet_schema(loaded, view, tmp_path)
    assert schema["year"] == "int64"
    dates = [name for name in schema if name.endswith(("_as_of", "period_start", "period_end", "_published"))]
    assert dates and all(schema[name] == "date32[day]" for name in dates), schema
    assert all(schema[name] == "int64" for name in schema if name.endswith(("_counties_covered", "_id")))
    assert all(schema[name] == "string" for name in schema if name.endswith(("_code", "_source", "_document")))


@pytest.mark.postgres
def test_parquet_types_are_the_same_from_sqlite_and_postgresql(tmp_path: Path, sqlite_template: Path,
                                                                request: pytest.FixtureRequest) -> None:
    import importlib.util
    import os
    import shutil

    from etl.load import load_paths

    from support import PG_ENV

    if not os.environ.get(PG_ENV):
        pytest.skip("needs ETL_TEST_DATABASE_URL")
    # tests/conftest.py by path: `from conftest import` may find tests/extract/conftest.py.
    spec = importlib.util.spec_from_file_location("_db_conftest", Path(__file__).with_name("conftest.py"))
    assert spec and spec.loader
    db_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(db_conftest)
    empty_data_tables = db_conftest.empty_data_tables
    sqlite_file = tmp_path / "s.db"
    shutil.copyfile(sqlite_template, sqlite_file)
    urls = {"sqlite": f"sqlite:///{sqlite_file}", "postgresql": request.getfixturevalue("pg_migrated_url")}
    schemas = {}
    for backend, url in urls.items():
        engine = make_engine(url)
        empty_data_tables(engine)
        load_paths([SAMPLES], engine=engine, workers=1)
        (tmp_path / backend).mkdir()
        schemas[backend] = {view: parquet_schema(url, view, tmp_path / backend)
                            for view in ("v_fact", "v_dibao_city_year", "v_subsidy_spending_city_year", "fact",
                                         "document", "load_run")}
        empty_data_tables(engine)
        engine.dispose()
    assert schemas["sqlite"] == schemas["postgresql"]


# --- identifiers ----------------------------------------------------------------------------------


def test_hostile_view_names_are_quoted_not_executed(engine: Engine, db_url: str, tmp_path: Path) -> None:
    preparer = engine.dialect.identifier_preparer
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE canary (id INTEGER)"))
        connection.execute(text(f"CREATE VIEW {preparer.quote_identifier(HOSTILE_VIEW)} AS SELECT 7 AS seven"))
    try:
        target = tmp_path / "x.csv"
        exported = run("export", HOSTILE_VIEW, "-o", str(target), "--db", db_url)
        assert exported.exit_code == 0, exported.output
        assert target.read_text(encoding="utf-8") == "seven\n7\n"
        views = run("views", "--format", "json", "--db", db_url)
        assert {"name": HOSTILE_VIEW, "rows": 1} in json.loads(views.output)
        schema = run("schema", HOSTILE_VIEW, "--db", db_url)
        assert schema.exit_code == 0 and "seven" in schema.output
        assert inspect(engine).has_table("canary")
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"DROP VIEW IF EXISTS {preparer.quote_identifier(HOSTILE_VIEW)}"))
            connection.execute(text("DROP TABLE IF EXISTS canary"))


# --- read-only commands on missing or empty databases ---------------------------------------------

READ_ONLY_COMMANDS = [
    ("query", "select 1"), ("check",), ("export", "fact", "-o", "OUT"), ("tables",), ("views",), ("schema", "fact"),
]


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=[c[0] for c in READ_ONLY_COMMANDS])
def test_read_only_commands_never_create_a_database_file(tmp_path: Path, command: tuple[str, ...]) -> None:
    database = tmp_path / "absent.db"
    args = [str(tmp_path / "out.csv") if arg == "OUT" else arg for arg in command]
    result = run(*args, "--db", str(database))
    assert result.exit_code == 1
    assert EMPTY in result.output
    assert not database.exists()
    assert not (tmp_path / "out.csv").exists()


def test_db_current_on_a_missing_file_says_so_and_creates_nothing(tmp_path: Path) -> None:
    database = tmp_path / "absent.db"
    result = run("db", "current", "--db", str(database))
    assert result.exit_code == 0, result.output
    assert "none (empty database), no file yet" in result.output and "etl db upgrade" in result.output
    assert not database.exists()


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=[c[0] for c in READ_ONLY_COMMANDS])
def test_read_only_commands_on_a_database_without_schema(empty_db_url: str, tmp_path: Path,
                                                         command: tuple[str, ...]) -> None:
    make_engine(empty_db_url).dispose()
    if empty_db_url.startswith("sqlite"):
        Path(empty_db_url.removeprefix("sqlite:///")).touch()  # an existing, empty file
    args = [str(tmp_path / "out.csv") if arg == "OUT" else arg for arg in command]
    result = run(*args, "--db", empty_db_url)
    assert result.exit_code == 1
    assert EMPTY in result.output


# --- tables, views, schema ------------------------------------------------------------------------


def test_tables_and_views_with_row_counts(engine: Engine, db_url: str) -> None:
    add_documents(engine, 2)
    tables = {row["name"]: row["rows"] for row in json.loads(run("tables", "--format", "json", "--db", db_url).output)}
    assert tables["jurisdiction"] == len(catalogue.jurisdictions())
    assert tables["unit"] == len(catalogue.units())
    assert tables["document"] == 2 and tables["fact"] == 0
    assert set(tables) == set(inspect(engine).get_table_names())
    views = {row["name"]: row["rows"] for row in json.loads(run("views", "--format", "json", "--db", db_url).output)}
    assert set(views) == set(inspect(engine).get_view_names())
    assert views["v_city"] == count(engine, "select count(*) from jurisdiction where code = city_code")


def test_schema_shows_tables_and_views(db_url: str) -> None:
    table = run("schema", "fact", "--db", db_url)
    assert table.exit_code == 0, table.output
    assert table.output.startswith("CREATE TABLE fact") and "quote" in table.output
    assert "CREATE INDEX" in table.output
    view = run("schema", "v_dibao_city_year", "--db", db_url)
    assert "CREATE VIEW" in view.output and "city_code" in view.output
    everything = run("schema", "--db", db_url)
    assert everything.output.count("CREATE TABLE") >= 10 and everything.output.count("CREATE VIEW") >= 9
    unknown = run("schema", "no_such_thing", "--db", db_url)
    assert unknown.exit_code == 2 and "no table or view" in unknown.output


# --- the sample reports of the quick start --------------------------------------------------------


def test_samples_prints_the_packaged_folder_and_copies_it(tmp_path: Path) -> None:
    from etl import resources

    printed = run("samples")
    assert printed.exit_code == 0
    assert Path(printed.output.strip()) == resources.samples_dir()
    assert resources.samples_dir().resolve() == SAMPLES.resolve()  # in a checkout: the repository's folder
    copied = run("samples", "--copy", str(tmp_path / "reports"))
    assert copied.exit_code == 0, copied.output
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert names == sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
