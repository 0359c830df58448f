"""Types and helpers shared by the reader's format modules (text, HTML, DOCX).

Kept below :mod:`etl.extract.read_text`, :mod:`etl.extract.read_html` and
:mod:`etl.extract.read_docx` so that none of them imports another for a
shared piece; :mod:`etl.extract.read` (the entry point) sits above them all.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

__all__ = ["Decoded", "human_size", "is_docx_zip", "one_line"]


@dataclass(frozen=True, slots=True)
class Decoded:
    """Intermediate result of decoding bytes into text."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def is_docx_zip(data: bytes) -> bool:
    """A ZIP archive containing ``word/document.xml``."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def human_size(n: int) -> str:
    """``n`` bytes as a short human-readable size (``1.5 MiB``)."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def one_line(exc: BaseException) -> str:
    """An exception's message on one line, at most 200 characters."""
    return " ".join(str(exc).split())[:200] or exc.__class__.__name__
