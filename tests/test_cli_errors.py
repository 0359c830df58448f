"""Every failure of ``etl load`` and ``etl db`` ends in one line on stderr, without --debug (#10 item 9)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from etl.cli import cli
from etl.db import migrate
from etl.db.engine import make_engine
from support import SAMPLES


def one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    assert "Traceback" not in output
    return lines[0]


def test_db_downgrade_on_a_database_holding_facts_one_line_or_everything_removed(db_url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(SAMPLES), "--db", db_url, "-j", "1", "-q"]).exit_code == 0
    refused = runner.invoke(cli, ["db", "downgrade", "0001", "--db", db_url])
    assert refused.exit_code == 1
    assert one_error_line(refused.output).startswith("Error: cannot downgrade to '0001' while the database holds 5")
    down = runner.invoke(cli, ["db", "downgrade", "base", "--db", db_url])
    assert down.exit_code == 0, down.output
    assert down.output.strip().endswith(f"{migrate.head_revision()} -> empty")
    assert "none (empty database)" in runner.invoke(cli, ["db", "current", "--db", db_url]).output


def test_a_database_from_a_newer_etl_is_refused_in_one_line(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    try:
        runner = CliRunner()
        load = runner.invoke(cli, ["load", str(SAMPLES), "--db", db_url, "-j", "1", "-q"])
        assert load.exit_code == 1
        assert "schema revision '0999', which this version of etl does not know" in one_error_line(load.output)
        down = runner.invoke(cli, ["db", "downgrade", "base", "--db", db_url])
        assert down.exit_code == 1 and "'0999'" in one_error_line(down.output)
        current = runner.invoke(cli, ["db", "current", "--db", db_url])
        assert "unknown to this etl" in current.output
    finally:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": migrate.head_revision()})
        engine.dispose()


def test_a_half_way_migration_failure_is_one_line(db_url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(SAMPLES), "--db", db_url, "-j", "1", "-q"]).exit_code == 0
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE my_unit_notes (unit_code VARCHAR(32) REFERENCES unit (code))"))
        connection.execute(text("INSERT INTO my_unit_notes VALUES ('person')"))
    try:
        down = runner.invoke(cli, ["db", "downgrade", "base", "--db", db_url])
        assert down.exit_code == 1
        line = one_error_line(down.output)
        assert f"nothing was changed (still at revision {migrate.head_revision()})" in line and "[SQL" not in line
    finally:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE my_unit_notes"))
        engine.dispose()


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_an_unexpected_error_is_one_line_and_the_traceback_needs_debug(
    monkeypatch: pytest.MonkeyPatch, tmp_path, debug: bool  # type: ignore[no-untyped-def]
) -> None:
    import etl.cli.load_cmd as load_cmd

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("something nobody foresaw\nwith a second line")

    monkeypatch.setattr(load_cmd, "load_paths", broken)
    result = CliRunner().invoke(
        cli, [*(["--debug"] if debug else []), "load", str(SAMPLES), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 1
    if debug:
        assert "Traceback" in result.output and "something nobody foresaw" in result.output
    else:
        assert one_error_line(result.output) == (
            "Error: unexpected RuntimeError: something nobody foresaw (run with --debug for the traceback)"
        )


def test_a_named_file_of_another_type_fails_in_one_line_and_the_others_load(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scan = tmp_path / "scan.tif"
    scan.write_bytes(b"II*\x00 a scanned report")
    result = CliRunner().invoke(cli, ["load", str(scan), str(SAMPLES), "--db", db_url, "-j", "1", "-q"])
    assert result.exit_code == 1
    assert one_error_line(result.output) == (
        f"Error: {scan}: unsupported file type '.tif' (etl reads .txt, .text, .html, .htm, .docx, .pdf)"
    )
    engine = make_engine(db_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM document")).scalar_one() == 5
    engine.dispose()
