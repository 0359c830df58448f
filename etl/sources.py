"""Turn the PATH arguments of ``etl load``/``etl extract`` into a sorted list of report files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx", ".pdf")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield files named directly, and the supported files found under folders (recursively).

    A file named directly is yielded whatever its suffix (the reader will say if
    it is not text); inside folders only supported suffixes are taken, hidden
    files and folders are skipped, and the order is sorted so runs are repeatable.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (
                candidate
                for candidate in path.rglob("*")
                if candidate.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
                and (candidate.is_file() or candidate.is_symlink() or candidate.is_dir())
            )
            yield from sorted(found)
        else:
            yield path
