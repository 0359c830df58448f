"""Turn the PATH arguments of ``etl load``/``etl extract`` into a sorted list of report files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

# Kept equal to etl.extract.read.SUPPORTED_SUFFIXES (a test checks); not imported
# from there so that listing files does not import the extractor.
SUPPORTED_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx", ".pdf")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield files named directly, and the supported files found under folders (recursively).

    A file named directly is yielded whatever its suffix (the reader will say if
    it is not text); inside folders only supported suffixes are taken, hidden
    files and folders are skipped, and the order is sorted so runs are repeatable.

    Nothing else under a folder is skipped silently: an entry with a supported
    suffix is yielded whatever it is (a dangling link, a FIFO, a socket), and
    so is a folder that cannot be listed (no permission), so that reading them
    fails with a message that names them and the load counts them as failed.
    Symbolic links to folders are not followed (no loops).
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(_walk(path), key=_ORDER)
        else:
            yield path


# The order of sorted(paths), by a key: a POSIX path compares by its parts, and comparing
# their tuples costs no Python-level __lt__ per comparison (a folder of 8,000 reports made
# 100,000 of them). Other platforms compare case-folded parts: their paths sort themselves.
_ORDER: Callable[[Path], Any] | None = (lambda path: path.parts) if os.name == "posix" else None


def _walk(root: Path) -> Iterator[Path]:
    """Entries with a supported suffix under ``root``, and the folders that cannot be listed."""
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            yield folder  # the reader reports why it cannot be read
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            if _suffix(entry.name) in SUPPORTED_SUFFIXES:
                yield path
            if _is_real_folder(entry):
                pending.append(path)


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()`` of a name that does not start with a dot, without a Path."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _is_real_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False
