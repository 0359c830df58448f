"""The ``load_run`` row of a run: created as ``running``, ended as finished/failed/interrupted.

A run killed with SIGKILL cannot end its own row. The next run recognises
such a row and marks it ``interrupted``:

* on PostgreSQL every run holds a session-level advisory lock keyed on its
  run id for as long as it lives; the lock vanishes with the dead process's
  session, so a ``running`` row whose lock can be taken is orphaned;
* on SQLite the row records the host and process id, and a ``running`` row
  of this host whose process no longer exists is orphaned.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text, update

from etl.db.engine import ADVISORY_CLASS, is_sqlite
from etl.db.models import LoadRun
from etl.load.summary import LoadSummary


RUNS = LoadRun.__table__


def now() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(timezone.utc)


class RunRecorder:
    """Creates, updates and ends one ``load_run`` row."""

    def __init__(self, engine: Engine, parser_version: str, arguments: dict[str, Any]) -> None:
        self.engine = engine
        self.sqlite = is_sqlite(engine)
        self.parser_version = parser_version
        self.arguments = dict(arguments, pid=os.getpid(), host=socket.gethostname())
        self.run_id: int | None = None
        self._lock_connection: Connection | None = None

    def start(self) -> int:
        """Mark orphaned runs interrupted, insert this run's row, return its id."""
        self.mark_orphans()
        with self.engine.begin() as connection:
            self.run_id = connection.execute(
                insert(RUNS)
                .values(
                    started_at=now(), status="running", parser_version=self.parser_version[:32],
                    arguments=json.dumps(self.arguments, ensure_ascii=False),
                    files_seen=0, files_loaded=0, files_unchanged=0, files_failed=0,
                    facts_loaded=0, mentions_loaded=0,
                )
                .returning(RUNS.c.id)
            ).scalar_one()
        if not self.sqlite:
            # Held until finish() (or until the process dies): proof of life.
            self._lock_connection = self.engine.connect()
            self._lock_connection.execute(
                text("SELECT pg_advisory_lock(:c, :k)"), {"c": ADVISORY_CLASS, "k": self.run_id}
            )
            self._lock_connection.commit()
        return self.run_id

    def counts(self, summary: LoadSummary) -> dict[str, int]:
        """The load_run columns for ``summary``."""
        return {
            "files_seen": summary.files_seen,
            "files_loaded": summary.loaded,
            "files_unchanged": summary.unchanged,
            "files_failed": summary.failed,
            "facts_loaded": summary.facts,
            "mentions_loaded": summary.mentions,
        }

    def update(self, connection: Connection, values: dict[str, int]) -> None:
        """Write the running counts (inside the caller's transaction)."""
        connection.execute(update(RUNS).where(RUNS.c.id == self.run_id).values(**values))

    def touch(self, connection: Connection) -> None:
        """A write that changes nothing: makes ``connection`` take the write lock now."""
        connection.execute(update(RUNS).where(RUNS.c.id == self.run_id).values(status=RUNS.c.status))

    def finish(self, status: str, summary: LoadSummary) -> None:
        """End the run with ``status`` and the final counts; release the lock."""
        try:
            with self.engine.begin() as connection:
                counts = self.counts(summary)
                # Every write transaction stored its counts with its data. An
                # interruption can land after a commit but before the summary
                # caught up, so never lower a stored count.
                stored = connection.execute(
                    select(*(RUNS.c[name] for name in counts)).where(RUNS.c.id == self.run_id)
                ).one()
                counts = {name: max(value, stored[i] or 0) for i, (name, value) in enumerate(counts.items())}
                connection.execute(
                    update(RUNS).where(RUNS.c.id == self.run_id).values(status=status, finished_at=now(), **counts)
                )
        finally:
            if self._lock_connection is not None:
                self._lock_connection.close()
                self._lock_connection = None

    def mark_orphans(self) -> list[int]:
        """Mark ``running`` rows of dead processes as ``interrupted``; return their ids."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(RUNS.c.id, RUNS.c.arguments).where(RUNS.c.status == "running")).all()
            orphans = [run_id for run_id, arguments in rows if self._is_orphan(connection, run_id, arguments)]
            if orphans:
                connection.execute(
                    update(RUNS)
                    .where(RUNS.c.id.in_(orphans), RUNS.c.status == "running")
                    .values(status="interrupted", finished_at=now())
                )
            connection.commit()
        return orphans

    def _is_orphan(self, connection: Connection, run_id: int, arguments: str | None) -> bool:
        if not self.sqlite:
            taken = connection.execute(
                text("SELECT pg_try_advisory_lock(:c, :k)"), {"c": ADVISORY_CLASS, "k": run_id}
            ).scalar_one()
            if taken:
                connection.execute(text("SELECT pg_advisory_unlock(:c, :k)"), {"c": ADVISORY_CLASS, "k": run_id})
            return bool(taken)
        try:
            recorded = json.loads(arguments or "{}")
        except ValueError:
            return False
        if recorded.get("host") != socket.gethostname() or not isinstance(recorded.get("pid"), int):
            return False
        return not _process_exists(recorded["pid"])


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
