"""Loader mechanics with a tiny stand-in extractor (defined below).

These tests are about what the loader does when things go wrong -- a worker
process dies, the database refuses a document, a run was killed earlier --
which the real extractor cannot be made to do on demand. The stand-in is
imported by the worker processes by name (``test_load_mechanics:fake_extract``).
Tests of the loader with the real extractor are in ``test_load.py``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from datetime import date, datetime, timezone
from pathlib import Path

import psutil
import pytest
from sqlalchemy import Engine, func, insert, select, text

from etl.db.models import Document, Fact, LoadError, LoadRun, UnclassifiedMention
from etl.extract.model import DocumentInfo, Extraction
from etl.extract.model import Fact as FactRecord
from etl.extract.model import Mention as MentionRecord
from etl.extract.read import read_document
from etl.load import LoadSummary, load_paths
from etl.load.summary import FileFailure, Outcome

FAKE = "test_load_mechanics:fake_extract"
BROKEN = "test_load_mechanics:broken_extract"

# Marker words the stand-in extractor reacts to.
CRASH = "CRASH-THE-WORKER"
UNKNOWN_PLACE = "UNKNOWN-PLACE"
UNKNOWN_PROGRAM = "UNKNOWN-PROGRAM"
# A range whose high end is below its value: the database's check constraint refuses it.
BAD_RANGE = "BAD-RANGE"
SLOW = "SLOW-FILE"
# Catastrophic backtracking inside the C regex engine: hours of CPU that no
# Python-level signal handler can interrupt (it never returns to bytecode).
HANG = "HANG-THE-WORKER"

PERSONS = re.compile(r"(\d+)人")
YUAN = re.compile(r"(\d+)元")


def fake_extract(path: str, meta: object = None, *, max_bytes: int | None = None) -> Extraction:
    """One dibao-recipients fact per ``<n>人``, one mention per ``<n>元``; reacts to the markers."""
    document = read_document(path, max_bytes=max_bytes)
    if CRASH in document.text:
        os.kill(os.getpid(), signal.SIGKILL)
    if SLOW in document.text:
        time.sleep(0.05)
    if HANG in document.text:
        re.match(r"(a+)+$", "a" * 60 + "!")
    place = "999999" if UNKNOWN_PLACE in document.text else "340200"
    program = "no_such_program" if UNKNOWN_PROGRAM in document.text else "dibao"
    high = (lambda value: value - 1) if BAD_RANGE in document.text else (lambda value: None)
    facts = [
        FactRecord(
            document.name, place, "芜湖市", program, "recipients", "person", float(m.group(1)),
            high(float(m.group(1))), "exact",
            date(2023, 1, 1), date(2023, 12, 31), "actual", (m.start(), m.end()), m.group(0),
        )
        for m in PERSONS.finditer(document.text)
    ]
    mentions = [
        MentionRecord(document.name, (m.start(), m.end()), m.group(0), float(m.group(1)), "cny", "no_program")
        for m in YUAN.finditer(document.text)
    ]
    info = DocumentInfo(document.name, title=document.title, encoding=document.encoding)
    return Extraction(info, document.text, facts, mentions)


def broken_extract(path: str, meta: object = None, *, max_bytes: int | None = None) -> Extraction:
    """An extractor that fails on every file (to prove a file was not extracted)."""
    raise RuntimeError("extract called")


def write_docs(folder: Path, count: int, extra: str = "") -> list[Path]:
    """``count`` small distinct reports with 2 facts and 1 mention each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"doc{i:04d}.txt"
        path.write_text(f"报告{i}:城市低保对象{i + 100}人,农村{i + 7}人,发放{i + 1}元。{extra}\n", encoding="utf-8")
        paths.append(path)
    return paths


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()


class Recorder:
    """A reporter that remembers every event."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.outcomes: dict[str, Outcome] = {}
        self.failures: list[FileFailure] = []
        self.finished_with: LoadSummary | None = None

    def started(self, total: int) -> None:
        self.total = total

    def file_done(self, path: str, outcome: Outcome) -> None:
        assert path not in self.outcomes, f"{path} reported twice"
        self.outcomes[path] = outcome

    def file_failed(self, failure: FileFailure) -> None:
        self.failures.append(failure)

    def finished(self, summary: LoadSummary) -> None:
        self.finished_with = summary


def test_loads_every_document_with_its_facts_and_mentions(engine: Engine, tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 30)
    reporter = Recorder()
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=FAKE, reporter=reporter)
    assert (summary.files_seen, summary.loaded, summary.unchanged, summary.failed) == (30, 30, 0, 0)
    assert (summary.facts, summary.mentions) == (60, 30)
    assert (count(engine, Document), count(engine, Fact), count(engine, UnclassifiedMention)) == (30, 60, 30)
    assert reporter.total == 30 and set(reporter.outcomes.values()) == {"loaded"} and len(reporter.outcomes) == 30
    assert reporter.finished_with is summary
    with engine.connect() as connection:
        run = connection.execute(select(LoadRun)).one()
        stored = connection.execute(select(Document.path, Document.name, Document.load_run_id)).all()
    assert (run.status, run.files_seen, run.files_loaded, run.facts_loaded, run.mentions_loaded) == (
        "finished", 30, 30, 60, 30)
    assert run.id == summary.load_run_id
    # Paths are stored absolute, so a load from another working directory finds them.
    assert all(os.path.isabs(path) and Path(path).name == name for path, name, _ in stored)
    assert {run_id for _, _, run_id in stored} == {run.id}


def test_already_loaded_files_are_not_extracted_again(engine: Engine, tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 12)
    load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=FAKE)
    # An extractor that fails on every file: the second run must not call it.
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=BROKEN)
    assert (summary.loaded, summary.unchanged, summary.failed) == (0, 12, 0)
    assert count(engine, Document) == 12


def test_duplicate_bytes_within_one_run_are_stored_once(engine: Engine, tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", 3)
    (tmp_path / "docs" / "copy-of-doc0.txt").write_bytes(docs[0].read_bytes())
    summary = load_paths([tmp_path / "docs", docs[1]], engine=engine, workers=2, extractor=FAKE)
    # docs[1] is named twice (directly and in its folder): seen once.
    assert (summary.files_seen, summary.loaded, summary.unchanged) == (4, 3, 1)
    assert count(engine, Document) == 3


def test_a_worker_crashing_on_one_file_fails_only_that_file(engine: Engine, tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 20)
    crash = tmp_path / "docs" / "doc0007.txt"
    crash.write_text(f"这份文件让工作进程崩溃 {CRASH} 5人\n", encoding="utf-8")
    reporter = Recorder()
    started = time.monotonic()
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=FAKE, reporter=reporter)
    assert time.monotonic() - started < 30
    assert summary.loaded == 19
    assert [(f.path, f.error) for f in summary.failures] == [(str(crash), "WorkerCrashedError")]
    assert "worker process died" in summary.failures[0].message and str(crash) in summary.failures[0].message
    assert reporter.outcomes[str(crash)] == "failed"
    assert count(engine, Document) == 19
    with engine.connect() as connection:
        errors = connection.execute(select(LoadError.path, LoadError.error, LoadError.load_run_id)).all()
    assert errors == [(str(crash), "WorkerCrashedError", summary.load_run_id)]


def test_a_worker_killed_from_outside_does_not_hang_or_lose_files(engine: Engine, tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 40, extra=SLOW)
    killed: list[int] = []

    class KillOnce(Recorder):
        def file_done(self, path: str, outcome: Outcome) -> None:
            super().file_done(path, outcome)
            if not killed:
                me = os.getpid()
                # Workers are children of the fork server, itself a child of this process.
                workers = [p for p in psutil.Process(me).children(recursive=True) if p.ppid() != me]
                assert workers, "no worker processes found"
                workers[0].send_signal(signal.SIGKILL)
                killed.append(workers[0].pid)

    reporter = KillOnce()
    # Tiny batches so that the first commit (and so the kill) happens early.
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=FAKE, reporter=reporter,
                         batch_documents=1)
    assert killed
    # The files that were in flight in the dead worker were retried one by one.
    assert (summary.loaded, summary.failed) == (40, 0)
    assert count(engine, Document) == 40 and count(engine, Fact) == 80


def test_a_document_the_database_refuses_fails_alone(engine: Engine, tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 10)
    bad = tmp_path / "docs" / "doc0004.txt"
    bad.write_text(f"{BAD_RANGE} 低保对象12人\n", encoding="utf-8")
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=FAKE)
    assert summary.loaded == 9
    assert [(f.path, f.error) for f in summary.failures] == [(str(bad), "DatabaseError")]
    assert "refused" in summary.failures[0].message
    # Nothing of the refused document is stored, everything of the others is.
    assert (count(engine, Document), count(engine, Fact), count(engine, UnclassifiedMention)) == (9, 18, 9)
    with engine.connect() as connection:
        assert connection.execute(select(Document.id).where(Document.path == str(bad))).first() is None


@pytest.mark.parametrize(("marker", "message"), [
    (UNKNOWN_PLACE, "unknown jurisdiction code '999999'"),
    (UNKNOWN_PROGRAM, "unknown program code 'no_such_program'"),
])
def test_a_document_with_an_unknown_code_fails_alone(engine: Engine, tmp_path: Path, marker: str, message: str) -> None:
    """fact has no foreign keys to the reference tables (0008): the loader checks the codes."""
    write_docs(tmp_path / "docs", 10)
    bad = tmp_path / "docs" / "doc0004.txt"
    # The first fact is fine, the second names the unknown code: nothing of the document is stored.
    bad.write_text(f"低保对象7人\n{marker} 低保对象12人 救助金5元\n", encoding="utf-8")
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=FAKE)
    assert summary.loaded == 9
    assert [(f.path, f.error) for f in summary.failures] == [(str(bad), "UnknownCodeError")]
    assert summary.failures[0].message.startswith(f"{bad}: {message}")
    assert "\n" not in summary.failures[0].message
    assert (count(engine, Document), count(engine, Fact), count(engine, UnclassifiedMention)) == (9, 18, 9)
    with engine.connect() as connection:
        assert connection.execute(select(Document.id).where(Document.path == str(bad))).first() is None
        errors = connection.execute(select(LoadError.path, LoadError.error)).all()
    assert errors == [(str(bad), "UnknownCodeError")]


def test_a_run_killed_earlier_is_marked_interrupted(engine: Engine, tmp_path: Path) -> None:
    # A 'running' row whose process is gone (no advisory lock on PostgreSQL,
    # a pid that does not exist on SQLite).
    dead = psutil.Popen(["true"])
    dead.wait()
    with engine.begin() as connection:
        orphan = connection.execute(
            insert(LoadRun).values(
                started_at=datetime.now(timezone.utc), status="running", parser_version="test",
                arguments=json.dumps({"pid": dead.pid, "host": os.uname().nodename}),
                files_seen=0, files_loaded=0, files_unchanged=0, files_failed=0, facts_loaded=0, mentions_loaded=0,
            ).returning(LoadRun.id)
        ).scalar_one()
    write_docs(tmp_path / "docs", 2)
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=1, extractor=FAKE)
    with engine.connect() as connection:
        statuses = dict(connection.execute(select(LoadRun.id, LoadRun.status)).all())
    assert statuses == {orphan: "interrupted", summary.load_run_id: "finished"}


def test_dry_run_extracts_without_a_database(tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 5)
    (tmp_path / "docs" / "empty.txt").write_bytes(b"")
    summary = load_paths([tmp_path / "docs"], db=f"sqlite:///{tmp_path / 'never.db'}", dry_run=True,
                         workers=2, extractor=FAKE)
    assert (summary.loaded, summary.facts, summary.mentions, summary.failed) == (5, 10, 5, 1)
    assert summary.load_run_id is None
    assert not (tmp_path / "never.db").exists()


def test_keyboard_interrupt_keeps_complete_documents_and_marks_the_run(engine: Engine, tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 30, extra=SLOW)

    class InterruptAfterFive(Recorder):
        def file_done(self, path: str, outcome: Outcome) -> None:
            super().file_done(path, outcome)
            if len(self.outcomes) == 5:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=FAKE, reporter=InterruptAfterFive(),
                   batch_documents=1)
    with engine.connect() as connection:
        run = connection.execute(select(LoadRun)).one()
        per_document = connection.execute(
            select(Document.id, func.count(Fact.id)).outerjoin(Document.facts).group_by(Document.id)
        ).all()
    assert run.status == "interrupted"
    assert 5 <= len(per_document) < 30
    assert all(facts == 2 for _, facts in per_document)
    # Running again finishes the job.
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=FAKE)
    assert summary.loaded + summary.unchanged == 30 and summary.unchanged == len(per_document)
    assert count(engine, Document) == 30 and count(engine, Fact) == 60


def test_postgres_advisory_lock_keeps_a_live_run_running(engine: Engine, tmp_path: Path) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL only")
    from etl.load.runs import RunRecorder

    alive = RunRecorder(engine, "test", {})
    alive.start()
    try:
        other = RunRecorder(engine, "test", {})
        assert other.mark_orphans() == []
    finally:
        alive.finish("finished", LoadSummary())
    with engine.connect() as connection:
        assert connection.execute(text("SELECT status FROM load_run")).scalar_one() == "finished"


def test_a_first_signal_requests_a_stop_and_a_second_stops_at_once() -> None:
    import os
    import signal as signals

    from etl.load import interrupts

    with interrupts.deferred_interrupts():
        os.kill(os.getpid(), signals.SIGTERM)
        assert interrupts.requested()  # nothing raised yet: the loop stops at its next safe point
        with pytest.raises(KeyboardInterrupt):
            interrupts.raise_if_requested()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signals.SIGINT)
    assert not interrupts.requested()
    assert signals.getsignal(signals.SIGTERM) is signals.SIG_DFL


def test_a_copy_keeps_its_document_when_the_original_path_changes(engine: Engine, tmp_path: Path) -> None:
    """a.txt and b.txt hold the same bytes (stored once, under a.txt); a.txt is edited."""
    folder = tmp_path / "docs"
    folder.mkdir()
    a, b = folder / "a.txt", folder / "b.txt"
    a.write_text("报告:城市低保对象100人,发放5元。\n", encoding="utf-8")
    b.write_bytes(a.read_bytes())
    first = load_paths([folder], engine=engine, workers=1, extractor=FAKE)
    assert (first.loaded, first.unchanged) == (1, 1)

    a.write_text("报告:城市低保对象200人,农村30人。\n", encoding="utf-8")
    second = load_paths([folder], engine=engine, workers=1, extractor=FAKE)
    assert (second.loaded, second.replaced, second.unchanged) == (1, 1, 1)
    with engine.connect() as connection:
        stored = dict(connection.execute(
            select(Document.name, func.count(Fact.id)).outerjoin(Document.facts).group_by(Document.id, Document.name)
        ).all())
        paths = set(connection.execute(select(Document.path)).scalars())
    # b.txt's bytes are still stored, now under b.txt, with their fact; a.txt has its new version.
    assert stored == {"a.txt": 2, "b.txt": 1}
    assert paths == {str(a), str(b)}
    # Nothing left to do.
    third = load_paths([folder], engine=engine, workers=1, extractor=BROKEN)
    assert (third.loaded, third.unchanged, third.failed) == (0, 2, 0)


def test_a_file_past_the_time_limit_is_stopped_and_reported_and_the_others_load(engine: Engine, tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 12)
    hang = tmp_path / "docs" / "doc0005.txt"
    hang.write_text(f"这份文件的抽取永不结束 {HANG} 5人\n", encoding="utf-8")
    reporter = Recorder()
    started = time.monotonic()
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=2, extractor=FAKE, reporter=reporter,
                         file_timeout=1.0)
    assert time.monotonic() - started < 30
    assert (summary.loaded, summary.failed) == (11, 1)
    [failure] = summary.failures
    assert (failure.path, failure.error) == (str(hang), "FileTimeoutError")
    assert "\n" not in failure.message and str(hang) in failure.message and "time limit of 1 s" in failure.message
    assert reporter.outcomes[str(hang)] == "failed"
    assert (count(engine, Document), count(engine, Fact)) == (11, 22)
    with engine.connect() as connection:
        assert connection.execute(select(LoadError.path, LoadError.error)).all() == [(str(hang), "FileTimeoutError")]
    # No worker is left spinning on the file.
    assert [p for p in psutil.Process().children(recursive=True) if _busy(p)] == []


def _busy(process: psutil.Process) -> bool:
    try:
        return process.cpu_percent(0.2) > 50
    except psutil.NoSuchProcess:
        return False



def test_the_default_workers_start_one_process_for_a_small_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting more workers than a small load needs made it slower than ``-j 1`` (#11)."""
    from etl.load.pipeline import FILES_PER_WORKER, default_workers

    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert [default_workers(n) for n in (0, 1, FILES_PER_WORKER - 1, 2 * FILES_PER_WORKER, 100 * FILES_PER_WORKER)] == [
        1, 1, 1, 2, 4]
    write_docs(tmp_path / "docs", 12)
    summary = load_paths([tmp_path / "docs"], dry_run=True, extractor="lean_extractor:modules_extract")
    workers = {failure.message.split("worker ")[1].split()[0] for failure in summary.failures}
    assert summary.failed == 12 and len(workers) == 1


def test_progress_moves_per_file_not_per_committed_batch(engine: Engine, tmp_path: Path) -> None:
    """With one 200-document batch, every progress line used to wait for the commit."""
    import io

    from etl.load.progress import PlainReporter, RichReporter

    write_docs(tmp_path / "docs", 10)

    class Lines(io.StringIO):
        """Notes how many documents were committed when each progress line was written."""

        committed: list[int] = []

        def write(self, text: str) -> int:
            if "files done" in text:
                self.committed.append(count(engine, Document))
            return super().write(text)

    err = Lines()
    load_paths([tmp_path / "docs"], engine=engine, workers=1, extractor=FAKE, batch_documents=200,
               reporter=PlainReporter(every=1, err=err))
    assert len(err.committed) == 10 and err.committed[0] == 0
    assert "load: 10/10 files done, 0 failed" in err.getvalue()

    # The bar: a file counted at extraction is not counted again at its commit;
    # a document refused at the commit turns into a failure without a second step.
    from rich.console import Console

    bar = RichReporter(Console(file=io.StringIO(), force_terminal=True, width=120))
    bar.started(3)
    bar.file_extracted("a.txt")
    bar.file_extracted("b.txt")
    assert bar.progress.tasks[0].completed == 2
    bar.file_done("a.txt", "loaded")
    bar.file_done("b.txt", "failed")
    bar.file_done("c.txt", "unchanged")
    assert bar.progress.tasks[0].completed == 3 and bar.failed == 1
    bar.finished(LoadSummary())


def test_skipped_refused_and_factless_files_are_counted_and_named(engine: Engine, tmp_path: Path) -> None:
    from etl.load.progress import format_summary

    folder = tmp_path / "docs"
    write_docs(folder, 3)
    (folder / "scan.tif").write_bytes(b"II*\x00 not a report file")
    (folder / "sub").mkdir()
    (folder / "sub" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / ".hidden.tif").write_bytes(b"x")  # hidden: ignored as before
    (folder / "no-figures.txt").write_text("一份没有数字的报告。\n", encoding="utf-8")
    named = tmp_path / "named.xls"
    named.write_bytes(b"\xd0\xcf\x11\xe0 named on the command line")
    summary = load_paths([folder, named], engine=engine, workers=1, extractor=FAKE)
    assert summary.skipped == [str(folder / "scan.tif"), str(folder / "sub" / "old.doc")]
    assert (summary.loaded, summary.no_facts) == (4, 1)
    assert [(f.path, f.error) for f in summary.failures] == [(str(named), "UnsupportedInputError")]
    assert "unsupported file type '.xls'" in summary.failures[0].message
    text = format_summary(summary)
    assert "skipped       2 not report files: scan.tif, old.doc" in text
    assert "(1 document with no fact)" in text
    with engine.connect() as connection:
        assert connection.execute(select(LoadError.path)).scalars().all() == [str(named)]


def test_dry_run_compares_with_the_database_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    docs = write_docs(folder, 4)
    load_paths([folder], engine=engine, workers=1, extractor=FAKE)
    docs[0].write_text("改过的报告:城市低保对象300人。\n", encoding="utf-8")  # would replace
    write_docs(tmp_path / "more", 2, extra="另一批")  # would load
    before = (count(engine, Document), count(engine, Fact), count(engine, LoadRun))

    summary = load_paths([folder, tmp_path / "more"], engine=engine, dry_run=True, workers=1, extractor=FAKE)
    assert (summary.loaded, summary.replaced, summary.unchanged, summary.failed) == (3, 1, 3, 0)
    assert summary.facts == 1 + 2 * 2
    assert summary.database is not None
    assert (count(engine, Document), count(engine, Fact), count(engine, LoadRun)) == before

    from etl.load.progress import format_summary

    text = format_summary(summary)
    assert "compared with" in text and "would load    3  (1 replacing an older version)" in text
    assert "unchanged     3" in text


def test_meta_records_matching_no_file_or_no_place_are_warned_about(engine: Engine, tmp_path: Path) -> None:
    import io

    from etl.extract import read_meta
    from etl.load.progress import QuietReporter

    write_docs(tmp_path / "docs", 3)
    meta_file = tmp_path / "meta.jsonl"
    meta_file.write_text(
        "\n".join(json.dumps(record, ensure_ascii=False) for record in (
            {"document": "doc0000.txt", "jurisdiction": "芜湖市"},
            {"document": "doc0001.txt", "jurisdiction": "不存在的地方市"},
            {"document": "doc0002.txt", "jurisdiction": "340200"},
            {"document": "typo-doc.txt", "url": "https://example.org/x"},
        )) + "\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    summary = load_paths([tmp_path / "docs"], engine=engine, workers=1, extractor=FAKE,
                         meta=read_meta(meta_file), reporter=QuietReporter(err=err))
    assert summary.ok and summary.loaded == 3
    assert summary.warnings == [
        "--meta: 1 record(s) name no file of this load: typo-doc.txt",
        "--meta: doc0001.txt: jurisdiction '不存在的地方市' is no known division (the document's place is taken "
        "from its text)",
    ]
    assert err.getvalue().splitlines() == [f"Warning: {message}" for message in summary.warnings]
