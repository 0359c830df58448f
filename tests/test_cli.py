"""The CLI: every command has help with examples and is documented in the README; errors are one line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from etl.cli import cli

REPO = Path(__file__).resolve().parent.parent


def all_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path, e.g. ('db', 'upgrade'), loading lazy subcommands."""
    paths: list[tuple[str, ...]] = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        path = prefix + (name,)
        paths.append(path)
        if isinstance(command, click.Group):
            paths.extend(all_commands(command, path))
    return paths


COMMANDS = all_commands()


def test_the_expected_commands_exist() -> None:
    names = {" ".join(path) for path in COMMANDS}
    assert {"load", "extract", "db", "db upgrade", "db downgrade", "db current", "query", "export",
            "jurisdictions"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help_with_examples(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "Examples:" in result.output, f"etl {' '.join(path)} --help shows no examples"


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_is_documented_in_the_readme(path: tuple[str, ...]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    reference = readme.split("## CLI reference", 1)[1].split("\n## ", 1)[0]
    table_rows = [line for line in reference.splitlines() if line.startswith("| `etl ")]
    assert any(re.match(rf"\| `etl {re.escape(' '.join(path))}(\b|`)", row) for row in table_rows), (
        f"the README's CLI table has no row for `etl {' '.join(path)}`")


def test_default_database_is_shown_in_help() -> None:
    result = CliRunner().invoke(cli, ["query", "--help"])
    assert "minzheng.db" in result.output
    assert "ETL_DATABASE_URL" in result.output


@pytest.mark.parametrize(
    "url, expected",
    [
        ("mysql://root@localhost/x", "unsupported database"),
        ("postgresql://postgres@127.0.0.1:1/nothing", "cannot connect"),
        ("sqlite:////nonexistent-dir/x.db", "does not exist"),
        ("postgres:/nohost", "invalid database URL"),
    ],
    ids=["unsupported-scheme", "unreachable-postgres", "missing-sqlite-dir", "malformed-url"],
)
def test_bad_database_urls_give_one_line_errors(url: str, expected: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etl", "query", "select 1", "--db", url],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error:") and expected in lines[0]


def test_debug_shows_the_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etl", "--debug", "query", "select 1", "--db", "mysql://x/y"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_query_formats(db_url: str) -> None:
    runner = CliRunner()
    as_json = runner.invoke(cli, ["query", "select code, name from jurisdiction where code = '340722'",
                                  "--format", "json", "--db", db_url])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output) == [{"code": "340722", "name": "枞阳县"}]
    as_csv = runner.invoke(cli, ["query", "select code, name from jurisdiction where code = '500229'",
                                 "--format", "csv", "--db", db_url])
    assert as_csv.output.splitlines() == ["code,name", "500229,城口县"]
    bad = runner.invoke(cli, ["query", "select * from no_such_table", "--db", db_url])
    assert bad.exit_code == 1
    assert "query failed" in bad.output


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_export_by_extension(db_url: str, tmp_path: Path, suffix: str) -> None:
    import pandas as pd

    target = tmp_path / f"provinces{suffix}"
    result = CliRunner().invoke(cli, ["export", "jurisdiction", "-o", str(target), "--db", db_url])
    assert result.exit_code == 0, result.output
    reader = {".csv": pd.read_csv, ".xlsx": pd.read_excel, ".parquet": pd.read_parquet}[suffix]
    frame = reader(target, dtype={"code": str}) if suffix != ".parquet" else reader(target)
    assert "340722" in set(frame["code"].astype(str))


def test_export_rejects_unknown_names_and_formats(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(cli, ["export", "nope; drop table fact", "-o", str(tmp_path / "x.csv"), "--db", db_url])
    assert unknown.exit_code == 2 and "no table or view" in unknown.output
    bad_format = runner.invoke(cli, ["export", "fact", "-o", str(tmp_path / "x.json"), "--db", db_url])
    assert bad_format.exit_code == 2 and ".csv, .xlsx or .parquet" in bad_format.output


@pytest.mark.parametrize(
    "name, code",
    [("枞阳县", "340722"), ("芜湖县", "340210"), ("城口", "500229"), ("500229", "500229"), ("无为县", "340281")],
    ids=["standard-name", "former-name", "short-name", "code", "former-county-now-city"],
)
def test_jurisdictions_lookup(name: str, code: str) -> None:
    result = CliRunner().invoke(cli, ["jurisdictions", name, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    codes = {json.loads(line)["code"] for line in result.output.splitlines()}
    assert code in codes


def test_db_commands_round_trip(empty_db_url: str) -> None:
    runner = CliRunner()
    current = runner.invoke(cli, ["db", "current", "--db", empty_db_url])
    assert "none (empty database)" in current.output
    up = runner.invoke(cli, ["db", "upgrade", "--db", empty_db_url])
    assert up.exit_code == 0, up.output
    assert "up to date" in runner.invoke(cli, ["db", "current", "--db", empty_db_url]).output
    down = runner.invoke(cli, ["db", "downgrade", "base", "--db", empty_db_url])
    assert down.exit_code == 0, down.output
    assert "none (empty database)" in runner.invoke(cli, ["db", "current", "--db", empty_db_url]).output


def test_check_command_passes_on_a_healthy_database_and_fails_on_a_bad_row(db_url: str) -> None:
    from sqlalchemy import text

    from etl.db.engine import make_engine

    runner = CliRunner()
    healthy = runner.invoke(cli, ["check", "--db", db_url])
    assert healthy.exit_code == 0, healthy.output
    assert "FAIL" not in healthy.output
    engine = make_engine(db_url)
    with engine.begin() as connection:
        document_id = connection.execute(text(
            "INSERT INTO document (sha256, path, name, size_bytes, parser_version, loaded_at) "
            "VALUES ('x', 'x.txt', 'x.txt', 1, 't', CURRENT_TIMESTAMP) RETURNING id")).scalar_one()
        connection.execute(text(
            "INSERT INTO fact (document_id, jurisdiction_code, program_code, metric_code, unit_code, value, qualifier,"
            " period_start, period_end, status, span_start, span_end, quote) VALUES (:d, '340200', 'dibao',"
            " 'recipients', 'person', -5, 'exact', '2024-01-01', '2024-12-31', 'actual', 0, 3, 'abc')"),
            {"d": document_id})
    engine.dispose()
    broken = runner.invoke(cli, ["check", "no_negative_values", "--db", db_url])
    assert broken.exit_code == 1
    assert "FAIL no_negative_values" in broken.output
    unknown = runner.invoke(cli, ["check", "no_such_check", "--db", db_url])
    assert unknown.exit_code == 2


def test_check_on_an_empty_database_says_to_migrate(empty_db_url: str) -> None:
    result = CliRunner().invoke(cli, ["check", "--db", empty_db_url])
    assert result.exit_code == 1
    assert "etl db upgrade" in result.output
