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
  retried more than once, so a crash can never loop or hang the run.

Workers are started with the ``forkserver`` method: they are forked from a
small clean server process rather than from the main process, so they do not
inherit its database connections, its threads (the progress bar) or the
write end of the task queue -- which is what lets orphaned workers exit at
once when the main process is killed.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from etl.errors import EtlError
from etl.load.worker import ERROR, Result, WorkItem, extract_chunk, init_worker

WORKER_CRASHED = "WorkerCrashedError"


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
    ) -> None:
        self.workers = max(1, workers)
        self.extractor = extractor
        self.max_bytes = max_bytes
        self.chunk_size = max(1, chunk_size)
        # Two chunks per worker keep every worker busy while the main process
        # writes, without queueing much.
        self.max_in_flight = max_in_flight or 16 * self.workers
        self.tick = tick
        self.crashes = 0
        self._executor: ProcessPoolExecutor | None = None

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
            try:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=context,
                    initializer=init_worker,
                    initargs=(self.extractor, self.max_bytes, os.getpid()),
                )
            except OSError as exc:
                raise EtlError(f"cannot start extraction worker processes: {exc}") from exc
        return self._executor

    def _restart(self) -> None:
        """Throw away a broken executor and make a new one on the next submit."""
        self.crashes += 1
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _submit(self, chunk: list[WorkItem]) -> Future[list[Result]]:
        try:
            return self._start().submit(extract_chunk, chunk)
        except BrokenProcessPool:
            # The executor broke between two submits; start over once.
            self._restart()
            return self._start().submit(extract_chunk, chunk)

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
        while True:
            if suspects:
                # After a crash: one suspect file at a time, alone in the pool,
                # so a crash now is certainly caused by that file.
                if not in_flight:
                    chunk = [suspects.popleft()]
                    in_flight[self._submit(chunk)] = (chunk, True)
            else:
                while not exhausted and len(in_flight) < self.max_in_flight:
                    chunk = list(islice(source, self.chunk_size))
                    if not chunk:
                        exhausted = True
                        break
                    in_flight[self._submit(chunk)] = (chunk, False)
            if not in_flight:
                if exhausted and not suspects:
                    return
                continue
            done, _ = wait(in_flight, timeout=self.tick, return_when=FIRST_COMPLETED)
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
                    if isolated:
                        yield from (_crashed(item) for item in chunk)
                    else:
                        suspects.extend(chunk)
            if broken:
                # Every other pending chunk of the dead executor fails too;
                # collect them now rather than one by one.
                for future, (chunk, isolated) in list(in_flight.items()):
                    try:
                        yield from future.result()
                    except BrokenProcessPool:
                        if isolated:
                            yield from (_crashed(item) for item in chunk)
                        else:
                            suspects.extend(chunk)
                    del in_flight[future]
                self._restart()


def _crashed(item: WorkItem) -> Result:
    index, path = item[0], item[1]
    return (
        ERROR, index, WORKER_CRASHED,
        f"{path}: the extraction worker process died while reading this file (crashed or was killed)",
    )


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
