"""``etl load`` and ``etl.load.load_paths`` with the real extractor, on SQLite and PostgreSQL.

Expected fact counts come from ``etl.extract.extract_file`` run by the test
itself on the same file (facts identical under uq_fact_identity counted once).
Subprocess tests (SIGKILL, concurrent loaders) are in ``test_load_processes.py``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, inspect, select

from etl.cli import cli
from etl.db.engine import make_engine
from etl.db.models import Document, Fact, Jurisdiction, LoadError, LoadRun, UnclassifiedMention
from etl.extract import extract_file
from etl.load import load_paths
from support import SAMPLES
from fixtures_bad_input import OK, SPACED_NAME, make_bad_input_folder

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


def expected(path: Path) -> tuple[int, int]:
    """(facts, mentions) the loader must store for ``path``, per the extractor."""
    extraction = extract_file(path)
    identities = {
        (f.jurisdiction_code, f.program, f.metric, f.unit, f.period_start, f.period_end, f.status, f.span, f.value)
        for f in extraction.facts
    }
    return len(identities), len(extraction.mentions)


def counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Document, Fact, UnclassifiedMention)
        )


def facts_per_document(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Document.name, func.count(Fact.id)).outerjoin(Document.facts).group_by(Document.id, Document.name)
        ).all()
    return {name: n for name, n in rows}


def test_loading_twice_stores_everything_once(engine: Engine) -> None:
    want_facts = sum(expected(p)[0] for p in SAMPLE_FILES)
    want_mentions = sum(expected(p)[1] for p in SAMPLE_FILES)
    assert want_facts > 50  # the samples are real reports with many figures

    first = load_paths([SAMPLES], engine=engine, workers=2)
    assert (first.files_seen, first.loaded, first.unchanged, first.failed) == (5, 5, 0, 0)
    assert (first.facts, first.mentions) == (want_facts, want_mentions)
    assert counts(engine) == (5, want_facts, want_mentions)

    second = load_paths([SAMPLES], engine=engine, workers=2)
    assert (second.loaded, second.unchanged, second.failed, second.facts) == (0, 5, 0, 0)
    assert counts(engine) == (5, want_facts, want_mentions)
    with engine.connect() as connection:
        runs = connection.execute(
            select(LoadRun.status, LoadRun.files_loaded, LoadRun.files_unchanged, LoadRun.facts_loaded).order_by(LoadRun.id)
        ).all()
    assert runs == [("finished", 5, 0, want_facts), ("finished", 0, 5, 0)]


def test_a_new_parser_version_re_extracts_unchanged_files(engine: Engine) -> None:
    from sqlalchemy import update

    from etl.extract import PARSER_VERSION

    first = load_paths(SAMPLE_FILES[:2], engine=engine, workers=1)
    assert first.loaded == 2
    with engine.begin() as connection:
        # As if these rows had been written by an earlier extractor.
        connection.execute(update(Document).values(parser_version="0.0.1+old"))
    again = load_paths(SAMPLE_FILES[:2], engine=engine, workers=1)
    assert (again.loaded, again.replaced, again.unchanged) == (2, 2, 0)
    with engine.connect() as connection:
        versions = connection.execute(select(Document.parser_version)).scalars().all()
    assert versions == [PARSER_VERSION, PARSER_VERSION]
    assert counts(engine)[1] == sum(expected(p)[0] for p in SAMPLE_FILES[:2])
    third = load_paths(SAMPLE_FILES[:2], engine=engine, workers=1)
    assert (third.loaded, third.unchanged) == (0, 2)


def test_document_rows_describe_the_files(engine: Engine) -> None:
    load_paths(SAMPLE_FILES[:2], engine=engine, workers=1)
    with engine.connect() as connection:
        rows = {r.name: r for r in connection.execute(select(Document))}
    for path in SAMPLE_FILES[:2]:
        data = path.read_bytes()
        info = extract_file(path).info
        row = rows[path.name]
        assert row.sha256 == hashlib.sha256(data).hexdigest()
        assert row.size_bytes == len(data)
        assert row.path == str(path.resolve())
        assert (row.title, row.jurisdiction_code, row.period_start, row.period_end, row.published) == (
            info.title, info.jurisdiction_code, info.period_start, info.period_end, info.published)
        assert row.encoding == "utf-8"


def test_stored_facts_are_the_extracted_facts(engine: Engine) -> None:
    path = SAMPLE_FILES[0]
    load_paths([path], engine=engine, workers=1)
    extracted = {
        (f.program, f.metric, f.unit, f.value, f.span[0], f.span[1], f.quote, f.jurisdiction_code, f.period_start)
        for f in extract_file(path).facts
    }
    with engine.connect() as connection:
        stored = {
            tuple(row)
            for row in connection.execute(
                select(Fact.program_code, Fact.metric_code, Fact.unit_code, Fact.value, Fact.span_start, Fact.span_end,
                       Fact.quote, Fact.jurisdiction_code, Fact.period_start)
            )
        }
    assert stored == extracted
    text = path.read_text(encoding="utf-8")
    assert all(text[start:end] == quote for _, _, _, _, start, end, quote, _, _ in stored)


def test_a_changed_file_replaces_its_document_and_facts(engine: Engine, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    shutil.copyfile(SAMPLE_FILES[0], report)
    load_paths([report], engine=engine, workers=1)
    assert counts(engine) == (1, *expected(report))

    shutil.copyfile(SAMPLE_FILES[1], report)  # same path, other bytes
    summary = load_paths([report], engine=engine, workers=1)
    assert (summary.loaded, summary.replaced, summary.unchanged) == (1, 1, 0)
    want_facts, want_mentions = expected(report)
    assert counts(engine) == (1, want_facts, want_mentions)
    with engine.connect() as connection:
        document = connection.execute(select(Document)).one()
        fact_documents = set(connection.execute(select(Fact.document_id).distinct()).scalars())
    assert document.sha256 == hashlib.sha256(report.read_bytes()).hexdigest()
    assert document.load_run_id == summary.load_run_id
    # (SQLite may reuse the old id; the old facts are gone either way.)
    assert fact_documents == {document.id}


def test_bad_input_folder_reports_each_bad_file_and_loads_the_good_ones(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "in put 输入"
    outcomes = make_bad_input_folder(folder)
    shutil.copyfile(SAMPLE_FILES[0], folder / SAMPLE_FILES[0].name)
    outcomes[SAMPLE_FILES[0].name] = OK
    bad = {name: error for name, error in outcomes.items() if error != OK}
    good = sorted(name for name, error in outcomes.items() if error == OK)
    assert len(bad) >= 8 and SPACED_NAME in good

    summary = load_paths([folder], engine=engine, workers=2)
    assert {Path(f.path).name: f.error for f in summary.failures} == bad
    for failure in summary.failures:
        assert str(folder / Path(failure.path).name) in failure.message and "\n" not in failure.message
    assert summary.loaded == len(good)
    assert sorted(facts_per_document(engine)) == good
    assert facts_per_document(engine)[SAMPLE_FILES[0].name] == expected(SAMPLE_FILES[0])[0]
    with engine.connect() as connection:
        errors = {Path(path).name: error for path, error in connection.execute(select(LoadError.path, LoadError.error))}
    assert errors == bad


def test_files_over_the_size_limit_fail_and_the_others_load(engine: Engine, tmp_path: Path) -> None:
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text("2023年芜湖市城乡低保对象8.3万人。\n", encoding="utf-8")
    shutil.copyfile(SAMPLE_FILES[1], large)  # 14 KB
    summary = load_paths([tmp_path], engine=engine, workers=1, max_bytes=4096)
    assert [(Path(f.path).name, f.error) for f in summary.failures] == [("large.txt", "TooLargeInputError")]
    assert "too large" in summary.failures[0].message
    assert summary.loaded == 1
    # Without a limit the same file loads.
    again = load_paths([tmp_path], engine=engine, workers=1, max_bytes=None)
    assert (again.loaded, again.unchanged, again.failed) == (1, 1, 0)


def test_meta_records_are_stored_with_the_document(engine: Engine, tmp_path: Path) -> None:
    from etl.extract import read_meta

    meta_file = tmp_path / "meta.jsonl"
    meta_file.write_text(
        json.dumps({"document": SAMPLE_FILES[2].name, "url": "https://example.org/r.html",
                    "published": "2024-03-01", "title": "测试标题"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    load_paths([SAMPLE_FILES[2]], engine=engine, workers=1, meta=read_meta(meta_file))
    with engine.connect() as connection:
        row = connection.execute(select(Document.url, Document.title, Document.published)).one()
    assert row.url == "https://example.org/r.html" and row.title == "测试标题"
    assert row.published.isoformat() == "2024-03-01"


# -- the command line -------------------------------------------------------


def run_cli(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_migrates_an_empty_database_and_prints_a_summary(empty_db_url: str) -> None:
    result = run_cli("load", str(SAMPLES), "--db", empty_db_url, "--workers", "2")
    assert result.exit_code == 0, result.output
    want_facts = sum(expected(p)[0] for p in SAMPLE_FILES)
    lines = result.stdout.splitlines()
    assert lines[0] == "Created or upgraded the database schema." and lines[1].startswith("Loaded into ")
    assert "  files seen    5" in lines
    assert "  loaded        5" in lines and "  failed        0" in lines
    assert f"  facts         {want_facts}" in lines
    assert any(line.startswith("  unclassified") for line in lines)
    assert "Error" not in result.stderr
    engine = make_engine(empty_db_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(Jurisdiction)).scalar_one() > 3000
        assert counts(engine)[:2] == (5, want_facts)
    finally:
        engine.dispose()


def test_cli_exit_status_1_and_one_line_per_failed_file(db_url: str, tmp_path: Path) -> None:
    outcomes = make_bad_input_folder(tmp_path / "in")
    bad = sorted(name for name, error in outcomes.items() if error != OK)
    result = run_cli("load", str(tmp_path / "in"), "--db", db_url, "--workers", "2")
    assert result.exit_code == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(error_lines) == len(bad)
    for name in bad:
        assert sum(str(tmp_path / "in" / name) in line for line in error_lines) == 1
    assert f"  failed        {len(bad)}" in result.stdout.splitlines()


def test_cli_quiet_prints_nothing_when_all_is_well_and_only_errors_otherwise(db_url: str, tmp_path: Path) -> None:
    result = run_cli("load", str(SAMPLES), "--db", db_url, "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("load", str(SAMPLES), str(tmp_path), "--db", db_url, "-q")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"Error: {tmp_path / 'empty.txt'}: empty file (0 bytes)"]


def test_cli_progress_lines_when_not_a_terminal(db_url: str) -> None:
    result = run_cli("load", str(SAMPLES), "--db", db_url)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "load: 5 file(s) to check"


def test_cli_dry_run_writes_nothing(empty_db_url: str, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    shutil.copyfile(SAMPLE_FILES[0], tmp_path / "a.txt")
    result = run_cli("load", str(tmp_path), "--db", empty_db_url, "--dry-run")
    assert result.exit_code == 1  # the empty file still fails
    assert "Dry run, nothing written" in result.stdout and "  would load    1" in result.stdout
    assert f"  facts         {expected(SAMPLE_FILES[0])[0]}" in result.stdout.splitlines()
    if empty_db_url.startswith("sqlite"):
        assert not Path(empty_db_url.removeprefix("sqlite:///")).exists()
    else:
        engine = make_engine(empty_db_url)
        try:
            assert inspect(engine).get_table_names() == []
        finally:
            engine.dispose()


@pytest.mark.parametrize(
    "args, message",
    [
        (["/nonexistent/folder"], "does not exist"),
        (["{samples}", "--workers", "0"], "--workers"),
        (["{samples}", "--max-bytes", "lots"], "is not a size"),
        (["{samples}", "--file-timeout", "-1"], "--file-timeout"),
        (["{samples}", "--meta", "{bad_meta}"], "--meta"),
        ([], "Missing argument"),
    ],
)
def test_cli_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    bad_meta = tmp_path / "meta.jsonl"
    bad_meta.write_text("{not json\n", encoding="utf-8")
    filled = [a.format(samples=SAMPLES, bad_meta=bad_meta) for a in args]
    result = run_cli("load", *filled, "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_cli_max_bytes_accepts_sizes(db_url: str, tmp_path: Path) -> None:
    shutil.copyfile(SAMPLE_FILES[1], tmp_path / "big.txt")  # 14 KB
    result = run_cli("load", str(tmp_path), "--db", db_url, "--max-bytes", "8K", "-q")
    assert result.exit_code == 1 and "file is too large" in result.stderr and "big.txt" in result.stderr
    result = run_cli("load", str(tmp_path), "--db", db_url, "--max-bytes", "1M", "-q")
    assert result.exit_code == 0


def test_rich_progress_bar_prints_failures_above_the_bar() -> None:
    import io

    from rich.console import Console

    from etl.load.progress import RichReporter
    from etl.load.summary import FileFailure, LoadSummary

    out = io.StringIO()
    reporter = RichReporter(Console(file=out, force_terminal=True, width=120))
    reporter.started(3)
    reporter.file_done("a.txt", "loaded")
    reporter.file_done("b.txt", "failed")
    reporter.file_failed(FileFailure("b.txt", "EmptyInputError", "b.txt: empty file (0 bytes)"))
    reporter.file_done("c.txt", "unchanged")
    reporter.finished(LoadSummary())
    assert "Error: b.txt: empty file (0 bytes)" in out.getvalue()
    assert reporter.progress.tasks[0].completed == 3 and reporter.failed == 1
