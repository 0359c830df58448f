"""What runs inside the extraction worker processes.

A worker imports the extractor once (in :func:`init_worker`, so the catalogue
is compiled once per process, not once per file), then turns chunks of files
into compact tuples: pickling a few tuples of strings and numbers back to the
main process is much cheaper than pickling dataclass objects.

Nothing here touches the database; the main process does all the writing.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from etl.errors import InputError, printable_path

DEFAULT_EXTRACTOR = "etl.extract:extract_file"

OK = "ok"
ERROR = "error"

# Column order of the tuples a worker sends back; the writer uses the same
# names for its INSERT/COPY column lists.
DOCUMENT_FIELDS = (
    "title", "publisher", "url", "published", "jurisdiction_code", "period_start", "period_end", "encoding",
)
FACT_COLUMNS = (
    "jurisdiction_code", "program_code", "metric_code", "unit_code", "value", "value_high", "qualifier",
    "period_start", "period_end", "status", "span_start", "span_end", "quote",
)
MENTION_COLUMNS = ("span_start", "span_end", "quote", "value", "unit", "reason")

# Index of the fields of FACT_COLUMNS that make up the uq_fact_identity constraint.
_FACT_IDENTITY = tuple(
    FACT_COLUMNS.index(name)
    for name in (
        "jurisdiction_code", "program_code", "metric_code", "unit_code", "period_start", "period_end",
        "status", "span_start", "span_end", "value",
    )
)

_HASH_BLOCK = 1 << 20

# Set by init_worker in each worker process.
_extract: Callable[..., Any] | None = None
_max_bytes: int | None = None
# This worker's slot in the pool's shared progress array (see etl.load.pool): pid, file index, start time.
_slots: Any = None
_slot = -1

# A work item: (index in the run, path as shown, expected sha256 or None, meta record or None).
WorkItem = tuple[int, str, "str | None", Any]
# A result: (OK, index, sha256, size, document tuple, fact tuples, mention tuples, decoded text)
# (the text travels with the result so the writer stores it without reading the file again)
#       or  (ERROR, index, error class name, one-line message).
Result = tuple[Any, ...]


def resolve_extractor(spec: str) -> Callable[..., Any]:
    """Import ``module:function`` and return the function."""
    module_name, _, attribute = spec.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute or "extract_file")


def init_worker(extractor: str, max_bytes: int | None, main_pid: int | None = None, progress: Any = None) -> None:
    """Process initializer: import the extractor once, ignore Ctrl-C, die with the main process.

    ``progress`` is ``(shared array, shared counter)`` when the pool enforces a
    per-file time limit: the worker takes the next slot of the array and notes
    there which file it is extracting and since when.

    Ctrl-C in a terminal reaches every process of the foreground group; the
    main process handles it (and shuts the pool down), so a worker must not
    die half-way through a chunk because of it.
    """
    global _extract, _max_bytes, _slots, _slot
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if progress is not None:
        _slots, counter = progress
        with counter.get_lock():
            _slot = (counter.value % (len(_slots) // 3)) * 3
            counter.value += 1
        _slots[_slot] = float(os.getpid())
    if main_pid is not None:
        _exit_with(main_pid)
    _extract = resolve_extractor(extractor)
    _max_bytes = max_bytes
    _warm_up(importlib.import_module(extractor.partition(":")[0]))


def _exit_with(main_pid: int) -> None:
    """Exit this worker as soon as the main process is gone (e.g. killed with SIGKILL).

    A pool worker waits for work on a queue whose write end it holds itself,
    so it would never notice on its own and would live on as an orphan. A
    daemon thread watches the main process: through a pidfd where the
    platform has one (exact, no polling), else by checking every second.
    """

    def watch() -> None:
        try:
            fd = os.pidfd_open(main_pid)  # type: ignore[attr-defined]
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])  # readable when the process has exited
            os._exit(1)
        while True:
            time.sleep(1.0)
            try:
                os.kill(main_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="etl-load-watchdog", daemon=True).start()


def _warm_up(module: Any) -> None:
    """Compile the extractor's catalogue and grammars now, once per worker,
    rather than inside the first file's extraction."""
    warm_up = getattr(module, "warm_up", None)
    extract_text = getattr(module, "extract_text", None)
    try:
        if callable(warm_up):
            warm_up()
        elif callable(extract_text):
            extract_text("2023年全市城乡低保对象1000人。", "warm-up")
    except Exception:  # noqa: BLE001 - the first real file will report the problem
        pass


def hash_file(path: str) -> tuple[str, int, int]:
    """Return (sha256 hex, size, mtime_ns) of the file, reading it in blocks.

    Raises OSError when it cannot be read; callers let the reader produce the
    user-facing message for that case.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest(), info.st_size, info.st_mtime_ns


def extract_chunk(items: list[WorkItem]) -> list[Result]:
    """Extract every file of ``items``; one result tuple per file, never an exception."""
    if _slots is None:
        return [extract_one(item) for item in items]
    results = []
    for item in items:
        # Start time first, then the index: the pool reads the index as "busy".
        _slots[_slot + 2] = time.monotonic()
        _slots[_slot + 1] = float(item[0])
        try:
            results.append(extract_one(item))
        finally:
            _slots[_slot + 1] = -1.0
    return results


def extract_one(item: WorkItem) -> Result:
    """Hash and extract one file into a compact result tuple.

    The worker's own hash is the one stored: if the file changed after the main
    process hashed it, the stored sha256 still matches the extracted text. A
    file that changes *during* extraction is reported rather than stored.
    """
    index, path, _expected_sha, meta = item
    assert _extract is not None, "init_worker was not called"
    try:
        before = os.stat(path)
        extraction = _extract(path, meta, max_bytes=_max_bytes)
        sha256, size, mtime_ns = hash_file(path)
    except InputError as exc:
        return (ERROR, index, type(exc).__name__, _one_line(str(exc)))
    except OSError as exc:
        # The reader normally turns OS errors into InputErrors; this covers a
        # file that vanished between extracting and hashing.
        return (ERROR, index, "UnreadableInputError", _one_line(f"{printable_path(path)}: cannot read the file ({exc.strerror or exc})"))
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the run
        return (ERROR, index, type(exc).__name__, _one_line(f"{printable_path(path)}: the extractor failed ({type(exc).__name__}: {exc})"))
    if (size, mtime_ns) != (before.st_size, before.st_mtime_ns):
        return (ERROR, index, "InputError", f"{printable_path(path)}: the file changed while it was being loaded; run etl load again")
    info = extraction.info
    document = tuple(getattr(info, name, None) for name in DOCUMENT_FIELDS)
    facts = _unique_facts(
        (
            fact.jurisdiction_code, fact.program, fact.metric, fact.unit, float(fact.value),
            None if fact.value_high is None else float(fact.value_high), fact.qualifier,
            fact.period_start, fact.period_end, fact.status, int(fact.span[0]), int(fact.span[1]), fact.quote,
        )
        for fact in extraction.facts
    )
    mentions = [
        (int(m.span[0]), int(m.span[1]), m.quote, None if m.value is None else float(m.value), m.unit, m.reason)
        for m in extraction.mentions
    ]
    return (OK, index, sha256, size, document, facts, mentions, extraction.text)


def _unique_facts(rows: Any) -> list[tuple[Any, ...]]:
    """Drop facts identical under uq_fact_identity (the same figure at the same span).

    Such a repeat carries no information, and storing it would violate the
    constraint and so lose the whole document.
    """
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for row in rows:
        key = tuple(row[i] for i in _FACT_IDENTITY)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def _one_line(message: str) -> str:
    return " ".join(message.split())
