"""``etl load`` as real processes: killed with SIGKILL mid-run, and two loads at once.

Both tests run the installed ``etl`` command on a folder of 300 reports made
from the five samples (each with a distinct trailing line, so 300 distinct
documents), on SQLite and, with ETL_TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import Engine, func, select

from support import SAMPLES
from etl.db.engine import make_engine
from etl.db.models import Document, Fact, LoadRun
from etl.extract import extract_file
from etl.load.runs import RunRecorder

pytestmark = pytest.mark.slow

FILES = 300
ETL = Path(sys.executable).with_name("etl")


def expected_facts(path: Path) -> int:
    facts = extract_file(path).facts
    return len({(f.jurisdiction_code, f.program, f.metric, f.unit, f.period_start, f.period_end, f.status, f.span,
                 f.value) for f in facts})


def make_corpus(folder: Path) -> dict[str, int]:
    """Write FILES reports; return {file name: facts the loader must store}."""
    folder.mkdir()
    samples = sorted(SAMPLES.glob("*.txt"))
    base = {sample: expected_facts(sample) for sample in samples}
    want = {}
    for i in range(FILES):
        sample = samples[i % len(samples)]
        # A tag of letters, not digits, so the extra line holds no number.
        tag = "".join(chr(ord("a") + int(d)) for d in f"{i:03d}")
        name = f"报告 {i:03d}.txt"
        (folder / name).write_text(sample.read_text(encoding="utf-8") + f"\n抄送:{tag}\n", encoding="utf-8")
        want[name] = base[sample]
    # The extra line really changes nothing for the extractor.
    for name in list(want)[:5]:
        assert expected_facts(folder / name) == want[name]
    return want


def etl_load(folder: Path, db_url: str, *extra: str) -> list[str]:
    command = [str(ETL)] if ETL.exists() else [sys.executable, "-c", "from etl.cli import main; main()"]
    return [*command, "load", str(folder), "--db", db_url, "--workers", "2", "--quiet", *extra]


def stored(engine: Engine) -> dict[str, int]:
    """{document name: stored facts}, checking that no document is stored twice."""
    # One statement, so that a load committing meanwhile cannot make the counts disagree.
    with engine.connect() as connection:
        rows = connection.execute(
            select(Document.name, Document.path, func.count(Fact.id))
            .outerjoin(Document.facts)
            .group_by(Document.id, Document.name, Document.path)
        ).all()
    names = [name for name, _, _ in rows]
    paths = {path for _, path, _ in rows}
    assert len(names) == len(set(names)) == len(paths), "a document is stored twice"
    return {name: facts for name, _, facts in rows}


def session_processes(session: int) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == session:
                found.append(process)
        except (ProcessLookupError, psutil.NoSuchProcess):
            pass
    return found


def test_sigkill_mid_run_leaves_no_partial_document_and_a_rerun_finishes(db_url: str, tmp_path: Path) -> None:
    want = make_corpus(tmp_path / "docs")
    engine = make_engine(db_url)
    # Small batches: many commits, so the kill certainly lands between two.
    process = subprocess.Popen(
        etl_load(tmp_path / "docs", db_url, "--batch-size", "5"),
        start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not stored(engine) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, "the load finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()

        at_kill = stored(engine)
        assert 0 < len(at_kill) < FILES
        # Every stored document is complete.
        assert {name: want[name] for name in at_kill} == at_kill
        with engine.connect() as connection:
            killed_run = connection.execute(select(LoadRun.id, LoadRun.status)).one()
        assert killed_run.status == "running"

        # The workers notice their parent is gone and exit by themselves.
        deadline = time.monotonic() + 15
        while session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert session_processes(process.pid) == []
    finally:
        for leftover in session_processes(process.pid):
            leftover.kill()

    # On PostgreSQL the dead session's lock goes when the server notices; wait for that.
    deadline = time.monotonic() + 15
    while killed_run.id not in RunRecorder(engine, "test", {}).mark_orphans() and time.monotonic() < deadline:
        time.sleep(0.1)

    rerun = subprocess.run(etl_load(tmp_path / "docs", db_url), capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert stored(engine) == want
    with engine.connect() as connection:
        runs = connection.execute(
            select(LoadRun.status, LoadRun.files_loaded, LoadRun.files_unchanged).order_by(LoadRun.id)
        ).all()
    engine.dispose()
    assert runs[0].status == "interrupted"
    assert runs[1] == ("finished", FILES - len(at_kill), len(at_kill))


def test_two_loads_at_the_same_time_store_every_document_once(db_url: str, tmp_path: Path) -> None:
    want = make_corpus(tmp_path / "docs")
    command = etl_load(tmp_path / "docs", db_url, "--batch-size", "10")
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [p.communicate(timeout=180) for p in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), outputs
    engine = make_engine(db_url)
    try:
        assert stored(engine) == want
        with engine.connect() as connection:
            runs = connection.execute(select(LoadRun.status, LoadRun.files_loaded, LoadRun.files_unchanged)).all()
    finally:
        engine.dispose()
    assert [status for status, _, _ in runs] == ["finished", "finished"]
    # Each file was loaded by exactly one of the two and found unchanged by the other.
    assert sum(loaded for _, loaded, _ in runs) == FILES
    assert sum(unchanged for _, _, unchanged in runs) == FILES


def test_sigterm_ends_the_run_as_interrupted_with_its_counts(db_url: str, tmp_path: Path) -> None:
    want = make_corpus(tmp_path / "docs")
    engine = make_engine(db_url)
    process = subprocess.Popen(
        etl_load(tmp_path / "docs", db_url, "--batch-size", "5"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not stored(engine) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the load finished before it could be stopped"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Interrupted" in err
    documents = stored(engine)
    with engine.connect() as connection:
        run = connection.execute(select(LoadRun.status, LoadRun.files_loaded, LoadRun.facts_loaded)).one()
    engine.dispose()
    assert {name: want[name] for name in documents} == documents
    assert run == ("interrupted", len(documents), sum(documents.values()))


RUNNER = '''
import sys
import etl.cli  # what the etl console script imports (and with it pandas, SQLAlchemy...)
from etl.load import load_paths

if __name__ == "__main__":
    summary = load_paths([sys.argv[1]], db=sys.argv[2], workers=2, extractor="lean_extractor:modules_extract")
    for failure in summary.failures:
        print(failure.message)
'''


def test_workers_import_only_the_extractor_not_the_cli_or_the_database_layer(tmp_path: Path) -> None:
    """A plain script as main module (like the ``etl`` console script): workers must not re-run it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        (docs / f"r{i}.txt").write_text(f"报告{i}:城市低保对象{i + 1}人。\n", encoding="utf-8")
    script = tmp_path / "runner.py"
    script.write_text(RUNNER, encoding="utf-8")
    tests = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tests), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, str(script), str(docs), f"sqlite:///{tmp_path / 'x.db'}"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 6, result.stdout
    assert {line.rpartition("modules: ")[2] for line in lines} == {"none"}, result.stdout


def test_two_loads_started_together_on_a_new_sqlite_file_both_succeed(tmp_path: Path) -> None:
    """Both used to migrate the empty file; one failed with 'table jurisdiction already exists'."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, sample in enumerate(sorted(SAMPLES.glob("*.txt"))):
        (docs / f"r{i}.txt").write_bytes(sample.read_bytes())
    for trial in range(2):
        url = f"sqlite:///{tmp_path / f'new{trial}.db'}"
        command = etl_load(docs, url)
        loads = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [p.communicate(timeout=180) for p in loads]
        assert [p.returncode for p in loads] == [0, 0], outputs
        engine = make_engine(url)
        try:
            assert len(stored(engine)) == 5
        finally:
            engine.dispose()
