"""Run the extraction in worker processes and stream the results back.

:class:`ExtractionPool` wraps a :class:`concurrent.futures.ProcessPoolExecutor`:

* files go out in small chunks and at most ``max_in_flight`` chunks are
  pending, so neither the input nor the results pile up in memory however
  many files there are;
* results come back as they complete (not in input order);
* a worker that dies (killed, segfault, out of memory) breaks the executor.
  The pool then starts a fresh executor and retries the files that were in
  flight one at a time, so the one file that kills a worker every time is
  found and reported as failed, while the others still load. No file is
  retried more than once, so a crash can never loop or hang the run;
* a file whose extraction runs longer than ``file_timeout`` seconds is
  stopped: each worker notes in shared memory which file it is on and since
  when, the main process kills a worker that is past the limit (a signal
  inside the worker could not interrupt C code such as a regular expression
  or lxml), reports that file failed with a one-line reason and re-queues the
  other files that were in flight (their cause is known, so they are not
  suspects).

Workers are started with the ``forkserver`` method: they are forked from a
small clean server process rather than from the main process, so they do not
inherit its database connections, its threads (the progress bar) or the
write end of the task queue -- which is what lets orphaned workers exit at
once when the main process is killed. The server preloads only the worker
module and the extractor, and workers do not re-run the main script (see
:func:`_main_script_hidden`), so a worker holds the extractor and nothing of
the CLI, the database layer or pandas.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
import types
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from etl.errors import EtlError
from etl.load.worker import ERROR, Result, WorkItem, extract_chunk, init_worker

WORKER_CRASHED = "WorkerCrashedError"
FILE_TIMEOUT = "FileTimeoutError"

# Fields of a worker's slot in the shared progress array: its pid, the index
# of the file it is extracting (-1: none) and since when (time.monotonic()).
SLOT_FIELDS = 3


class ExtractionPool:
    """A process pool that yields one result tuple per file (see :mod:`etl.load.worker`)."""

    def __init__(
        self,
        workers: int,
        extractor: str,
        max_bytes: int | None,
        *,
        chunk_size: int = 8,
        max_in_flight: int | None = None,
        tick: float = 0.25,
        file_timeout: float | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.extractor = extractor
        self.max_bytes = max_bytes
        self.chunk_size = max(1, chunk_size)
        # Two chunks per worker keep every worker busy while the main process
        # writes, without queueing much.
        self.max_in_flight = max_in_flight or 16 * self.workers
        self.tick = tick if not file_timeout else min(tick, file_timeout / 4)
        self.file_timeout = file_timeout or None
        self.crashes = 0
        self._executor: ProcessPoolExecutor | None = None
        self._slots: Any = None
        # index -> seconds, for files stopped at the time limit (their worker was killed).
        self._timed_out: dict[int, float] = {}
        self._killed = False

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (running chunks finish; queued ones are dropped)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _start(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = _context(self.extractor.partition(":")[0])
            progress = None
            if self.file_timeout:
                # Lock-free: each worker writes only its own slot; a torn read
                # costs at most one tick.
                slots = context.Array("d", [-1.0] * (SLOT_FIELDS * self.workers), lock=False)
                progress = (slots, context.Value("i", 0))
            self._slots = progress[0] if progress else None
            try:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=context,
                    initializer=init_worker,
                    initargs=(self.extractor, self.max_bytes, os.getpid(), progress),
                )
            except OSError as exc:
                raise EtlError(f"cannot start extraction worker processes: {exc}") from exc
        return self._executor

    def _restart(self) -> None:
        """Throw away a broken executor and make a new one on the next submit."""
        self.crashes += 1
        self._killed = False
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _submit(self, chunk: list[WorkItem]) -> Future[list[Result]]:
        # The executor starts its worker processes inside submit().
        with _main_script_hidden(self.extractor):
            try:
                return self._start().submit(extract_chunk, chunk)
            except BrokenProcessPool:
                # The executor broke between two submits; start over once.
                self._restart()
                return self._start().submit(extract_chunk, chunk)

    def _stop_overdue(self) -> None:
        """Kill a worker whose current file has run past ``file_timeout``."""
        slots = self._slots
        if slots is None or self.file_timeout is None:
            return
        now = time.monotonic()
        for slot in range(0, len(slots), SLOT_FIELDS):
            pid, index, since = slots[slot : slot + SLOT_FIELDS]
            if index < 0 or pid <= 0 or now - since <= self.file_timeout:
                continue
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                continue
            self._timed_out[int(index)] = now - since
            self._killed = True
            slots[slot + 1] = -1.0

    def results(self, items: Iterable[WorkItem]) -> Iterator[Result | None]:
        """Yield one result per item of ``items``, as they complete.

        ``items`` is consumed lazily, a chunk at a time. ``None`` is yielded
        every ``tick`` seconds while waiting, so that the caller can flush
        batches on time even when extraction is slow.
        """
        source = iter(items)
        exhausted = False
        in_flight: dict[Future[list[Result]], tuple[list[WorkItem], bool]] = {}
        suspects: deque[WorkItem] = deque()
        again: deque[WorkItem] = deque()  # in flight when a worker was stopped for time: not suspects
        while True:
            if suspects:
                # After a crash: one suspect file at a time, alone in the pool,
                # so a crash now is certainly caused by that file.
                if not in_flight:
                    chunk = [suspects.popleft()]
                    in_flight[self._submit(chunk)] = (chunk, True)
            else:
                while len(in_flight) < self.max_in_flight:
                    chunk = [again.popleft() for _ in range(min(len(again), self.chunk_size))]
                    if not chunk and not exhausted:
                        chunk = list(islice(source, self.chunk_size))
                        exhausted = not chunk
                    if not chunk:
                        break
                    in_flight[self._submit(chunk)] = (chunk, False)
            if not in_flight:
                if exhausted and not suspects and not again:
                    return
                continue
            done, _ = wait(in_flight, timeout=self.tick, return_when=FIRST_COMPLETED)
            self._stop_overdue()
            if not done:
                yield None
                continue
            broken = False
            for future in done:
                chunk, isolated = in_flight.pop(future)
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    broken = True
                    yield from self._after_break(chunk, isolated, suspects, again)
            if broken:
                # Every other pending chunk of the dead executor fails too;
                # collect them now rather than one by one.
                for future, (chunk, isolated) in list(in_flight.items()):
                    try:
                        yield from future.result()
                    except BrokenProcessPool:
                        yield from self._after_break(chunk, isolated, suspects, again)
                    del in_flight[future]
                self._restart()

    def _after_break(
        self, chunk: list[WorkItem], isolated: bool, suspects: deque[WorkItem], again: deque[WorkItem]
    ) -> Iterator[Result]:
        """Sort the files of a chunk lost with its executor: timed out, crashed, suspect or to redo."""
        for item in chunk:
            if item[0] in self._timed_out:
                yield _timed_out(item, self._timed_out.pop(item[0]), self.file_timeout or 0)
            elif isolated:
                yield _crashed(item)
            elif self._killed:
                again.append(item)
            else:
                suspects.append(item)


def _timed_out(item: WorkItem, seconds: float, limit: float) -> Result:
    index, path = item[0], item[1]
    return (
        ERROR, index, FILE_TIMEOUT,
        f"{path}: extraction stopped after {seconds:.0f} s, over the per-file time limit of {limit:g} s "
        "(--file-timeout)",
    )


def _crashed(item: WorkItem) -> Result:
    index, path = item[0], item[1]
    return (
        ERROR, index, WORKER_CRASHED,
        f"{path}: the extraction worker process died while reading this file (crashed or was killed)",
    )


@contextmanager
def _main_script_hidden(extractor: str) -> Iterator[None]:
    """Start worker processes without making them run the main script again.

    multiprocessing prepares a new forkserver/spawn process by running the
    parent's main script (as ``__mp_main__``) when it is a plain file -- for
    the ``etl`` console script that means importing the whole CLI, pandas
    included, in every worker. The workers need only the extractor, which
    they import by name, so while they start the main module is a bare
    stand-in with no file. (``python -m etl`` has a module spec, which
    multiprocessing skips anyway.) An extractor defined in ``__main__`` itself
    needs the script: then nothing is hidden.
    """
    main = sys.modules.get("__main__")
    if (
        main is None
        or getattr(main, "__spec__", None) is not None
        or not getattr(main, "__file__", None)
        or extractor.partition(":")[0] == "__main__"
    ):
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _context(extractor_module: str) -> Any:
    """``forkserver`` where available (Linux, macOS), else ``spawn``.

    Both start a worker by re-importing the main script; when there is no
    script to import (code piped into ``python -``), ``fork`` is the only
    method that works.
    """
    methods = multiprocessing.get_all_start_methods()
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file is not None and not os.path.isfile(main_file) and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # Import the worker module and the extractor once in the fork server;
        # every worker forked from it shares those modules instead of
        # importing them again. (Only takes effect when the server starts.)
        context.set_forkserver_preload(["etl.load.worker", extractor_module])
        return context
    return multiprocessing.get_context("spawn")
