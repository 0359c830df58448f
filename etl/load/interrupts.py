"""Ctrl-C and SIGTERM as a request to stop at the next safe point.

A KeyboardInterrupt raised asynchronously can land inside the database
driver in the middle of a COPY, leaving a broken connection that can record
neither the documents already extracted nor the run's final status. Instead,
the first SIGINT/SIGTERM only sets a flag; the load loop checks it between
documents (:func:`raise_if_requested`) and stops there, after the write in
progress has committed. A second signal stops at once.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_requested = threading.Event()


def requested() -> bool:
    """True once a stop was asked for."""
    return _requested.is_set()


def raise_if_requested() -> None:
    """Raise KeyboardInterrupt at a safe point when a stop was asked for."""
    if _requested.is_set():
        raise KeyboardInterrupt


def _handler(signum: int, frame: Any) -> None:
    if _requested.is_set():
        raise KeyboardInterrupt  # asked twice: stop now
    _requested.set()


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM request a stop instead of raising at once.

    Only the main thread can install signal handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _requested.clear()
    previous = {sig: signal.signal(sig, _handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _requested.clear()
