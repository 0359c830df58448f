"""Which files a load reads, which it skips, and which it refuses.

* Folders are searched by :func:`etl.sources.expand_paths` (report suffixes
  only); the other files found there are **skipped** and named in the summary
  rather than ignored without a word (hidden files and folders stay ignored).
* A file named directly whose extension is not a report type (``.pdf``,
  ``.doc``...) is **refused**: it fails with one line instead of being read as
  text into a document with no facts. A file without any extension is read
  (the reader recognises HTML and DOCX by content).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from etl.load.summary import FileFailure
from etl.sources import SUPPORTED_SUFFIXES, expand_paths

UNSUPPORTED = "UnsupportedInputError"


def unique_files(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, str]]:
    """(path as shown, absolute path) of every file, each file once, in a stable order."""
    seen: set[str] = set()
    files = []
    for path in expand_paths([Path(p) for p in paths]):
        absolute = os.path.abspath(path)
        if absolute not in seen:
            seen.add(absolute)
            files.append((os.fspath(path), absolute))
    return files


def refused(path: str) -> FileFailure | None:
    """The failure of a file named directly with an extension that is not a report type, else None."""
    suffix = Path(path).suffix.lower()
    if not suffix or suffix in SUPPORTED_SUFFIXES or os.path.isdir(path):
        return None
    return FileFailure(
        path, UNSUPPORTED,
        f"{path}: unsupported file type {suffix!r} (etl reads {', '.join(SUPPORTED_SUFFIXES)})",
    )


def skipped_in_folders(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files under the folders of ``paths`` that are not report files (sorted, hidden ones left out)."""
    skipped: set[str] = set()
    for raw in paths:
        folder = Path(raw)
        if not folder.is_dir():
            continue
        for candidate in folder.rglob("*"):
            if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                continue
            if any(part.startswith(".") for part in candidate.relative_to(folder).parts):
                continue
            try:
                if candidate.is_file():
                    skipped.add(os.fspath(candidate))
            except OSError:
                continue
    return sorted(skipped)
