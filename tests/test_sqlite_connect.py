"""Opening a new SQLite file from two connections at once.

The first connection to a new file switches it to WAL mode. SQLite answers that
switch with "database is locked" at once, without waiting on busy_timeout, when
the other connection holds a lock at that moment: CI saw one of two ``etl load``
started together on a new file fail at connect. Threads race the same way as
processes and cost far less, so the test opens many new files from two threads.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from etl.db.engine import make_engine


def _open_together(path: Path) -> list[str]:
    """Two engines connect to ``path`` at the same moment; what each reported."""
    start = threading.Barrier(2)
    results: list[str] = []

    def connect() -> None:
        start.wait()
        try:
            engine = make_engine(f"sqlite:///{path}")
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            results.append(f"{type(exc).__name__}: {exc}")
            return
        with engine.connect() as connection:
            results.append(str(connection.exec_driver_sql("PRAGMA journal_mode").scalar()))
        engine.dispose()

    threads = [threading.Thread(target=connect) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_connections_opening_a_new_file_together_both_get_wal(tmp_path: Path) -> None:
    # Before the fix about a quarter of the pairs had one "database is locked".
    failures = []
    for trial in range(40):
        results = _open_together(tmp_path / f"new{trial}.db")
        if results != ["wal", "wal"]:
            failures.append(results)
    assert failures == []


def test_a_file_already_in_wal_mode_opens_while_another_connection_writes(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    make_engine(f"sqlite:///{path}").dispose()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE t (x INTEGER)")
    try:
        engine = make_engine(f"sqlite:///{path}")
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        engine.dispose()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
