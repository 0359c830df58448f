"""Read a source document from disk (or memory) and decode it into one string.

This is the first stage of the pipeline. Everything after it (normalising,
finding mentions, building facts) works on :attr:`DecodedDocument.text`, and
every ``span`` in the product is a pair of offsets into that exact string, so
this module never rewrites the text after decoding (no newline or width
normalisation for plain text).

Supported inputs:

* ``.txt`` / ``.text``: UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM,
  GB18030/GBK/GB2312 (always decoded as GB18030, their superset), and, as a
  last resort, whatever charset-normalizer detects when the result is
  plausible text.
* ``.html`` / ``.htm``: decoded as above (BOM, then ``<meta charset>``, then
  detection), then the visible text of the body, one block element per line.
* ``.docx``: paragraphs and table rows in document order, one per line.
* ``.pdf``: the text layer of every page, in page order (PDFium).

The formats live in sibling modules: :mod:`etl.extract.read_text` (decoding
and encoding detection), :mod:`etl.extract.read_html`,
:mod:`etl.extract.read_docx`, :mod:`etl.extract.read_pdf`; the pieces they share are in
:mod:`etl.extract.read_common`. This module reads the file and dispatches.

Anything that cannot become text raises a subclass of
:class:`etl.errors.InputError` whose one-line message names the file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass

from etl.errors import EmptyInputError, TooLargeInputError, UnreadableInputError
from etl.extract.read_common import Decoded, human_size, is_docx_zip
from etl.extract.read_docx import decode_docx
from etl.extract.read_html import LOOKS_LIKE_HTML, decode_html
from etl.extract.read_pdf import decode_pdf, looks_like_pdf
from etl.extract.read_text import BINARY_SIGNATURES, TRUNCATED_WARNING, decode_text

__all__ = [
    "BINARY_SIGNATURES",
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "TRUNCATED_WARNING",
    "DecodedDocument",
    "decode_bytes",
    "read_decoded",
    "read_document",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx", ".pdf")

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIX = ".docx"
PDF_SUFFIX = ".pdf"


@dataclass(frozen=True, slots=True)
class DecodedDocument:
    """A source document decoded into the text that all offsets point into."""

    path: str
    name: str
    text: str
    encoding: str
    sha256: str
    size: int
    title: str | None
    warnings: tuple[str, ...]


# ---------------------------------------------------------------------------
# public entry points
# ---------------------------------------------------------------------------


def read_document(
    path: str | os.PathLike[str], *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> DecodedDocument:
    """Read and decode the document at ``path``.

    The size is checked with ``stat`` before anything is read, so an oversized
    file costs nothing. ``max_bytes=None`` disables the limit. Raises an
    :class:`~etl.errors.InputError` subclass (never a raw ``OSError`` or
    ``UnicodeDecodeError``) when the file cannot be read or decoded.
    """
    shown = os.fsdecode(os.fspath(path))
    data = _read_bytes(shown, max_bytes)
    decoded, title = _decode_format(data, shown, os.path.splitext(shown)[1], max_bytes)
    return _document(data, shown, decoded, title)


def read_decoded(
    path: str | os.PathLike[str], *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> tuple[str, Decoded, str | None]:
    """``(name, decoded, title)`` of the document at ``path``: what :func:`read_document`
    reads and decodes, with the same checks and errors, without what extracting does not
    use (the SHA-256 of the bytes, the :class:`DecodedDocument`). ``etl extract`` reads
    thousands of small files, where each of these steps counts."""
    shown = os.fsdecode(os.fspath(path))
    decoded, title = _decode_format(_read_bytes(shown, max_bytes), shown, os.path.splitext(shown)[1], max_bytes)
    return os.path.basename(shown) or shown, decoded, title


def decode_bytes(
    data: bytes, name: str, *, suffix: str = ".txt", max_bytes: int | None = DEFAULT_MAX_BYTES
) -> DecodedDocument:
    """Decode in-memory ``data`` as :func:`read_document` would decode a file.

    ``name`` is used as the path in messages and (its base name) as the
    document name; ``suffix`` picks the format (``.txt``, ``.html``, ``.docx``...).
    ``max_bytes`` limits what a compressed format (``.docx``) may expand to.
    """
    data = bytes(data)
    decoded, title = _decode_format(data, name, suffix, max_bytes)
    return _document(data, name, decoded, title)


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------


def _read_bytes(path: str, max_bytes: int | None) -> bytes:
    """Return the file's bytes, mapping every OS failure to an InputError."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UnreadableInputError(path, _os_problem(path, exc)) from exc
    except ValueError as exc:  # e.g. an embedded NUL in the path
        raise UnreadableInputError(path, f"invalid path ({exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInputError(path, _directory_problem(path))
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end; refuse before opening.
        raise UnreadableInputError(path, "not a regular file (a device, pipe or socket)")
    if max_bytes is not None and info.st_size > max_bytes:
        raise TooLargeInputError(path, _too_large(info.st_size, max_bytes))
    try:
        fd = _open_file(path, _OPEN_FLAGS)
        try:
            data = _read_fd(fd, info.st_size, None if max_bytes is None else max_bytes + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise UnreadableInputError(path, _os_problem(path, exc)) from exc
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLargeInputError(path, _too_large(len(data), max_bytes))
    return data


# The file is read through its descriptor: ``open()`` adds a file object, a buffer and
# three system calls (fstat, the isatty ioctl, lseek) to each file, a sizeable share of
# reading a small report. O_BINARY: no newline translation on Windows.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_open_file = os.open  # (a name of this module, so that tests can make opening fail)
_GROWN_CHUNK = 1 << 20  # bytes asked for at a time once the file has outgrown its stat size


def _read_fd(fd: int, size: int, limit: int | None) -> bytes:
    """The bytes of the open file, up to ``limit`` bytes (None: all of them).

    The first read asks for the size ``stat`` gave plus one byte, not for ``limit``: a read
    of 64 MB allocates 64 MB, which cost more than the rest of reading a small report.
    Reading goes on until the end of the file (a read that returns nothing; a short read
    need not be the end) or the limit, when the file has grown since."""
    want = size + 1 if limit is None else min(limit, size + 1)
    chunks: list[bytes] = []
    got = 0
    while True:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
        if limit is not None and got >= limit:
            break
        want = _GROWN_CHUNK if limit is None else min(_GROWN_CHUNK, limit - got)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _directory_problem(path: str) -> str:
    """Why a folder is not a document; a folder walk yields the folders it cannot list."""
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"folder cannot be read ({_os_problem(path, exc)}); the reports in it were not loaded"
    return "is a directory, not a file"


def _os_problem(path: str, exc: OSError) -> str:
    """Describe an OS error in plain words (one line, no path repeated)."""
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return "broken symbolic link (its target does not exist)"
        return "file not found (missing, moved or deleted)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(exc, NotADirectoryError):
        return "file not found (a part of the path is not a directory)"
    reason = exc.strerror or exc.__class__.__name__
    return f"cannot read the file ({reason.lower()})"


def _too_large(size: int, limit: int) -> str:
    return f"file is too large ({human_size(size)}; the limit is {human_size(limit)})"


# ---------------------------------------------------------------------------
# dispatch by format
# ---------------------------------------------------------------------------


def _decode_format(data: bytes, path: str, suffix: str, max_bytes: int | None) -> tuple[Decoded, str | None]:
    """Decode ``data`` by format: the decoded text and the title the format gives, if any.

    ``max_bytes`` also bounds the uncompressed size of a ``.docx`` (a small
    archive can expand to gigabytes: a decompression bomb).
    """
    suffix = suffix.lower()
    if not suffix.startswith(".") and suffix:
        suffix = "." + suffix
    if not data:
        raise EmptyInputError(path, "empty file (0 bytes)")
    if suffix == DOCX_SUFFIX or (suffix not in SUPPORTED_SUFFIXES and is_docx_zip(data)):
        return decode_docx(data, path, max_bytes)
    if suffix == PDF_SUFFIX or (suffix not in SUPPORTED_SUFFIXES and looks_like_pdf(data)):
        return decode_pdf(data, path, max_bytes)
    if suffix in HTML_SUFFIXES or (suffix not in SUPPORTED_SUFFIXES and LOOKS_LIKE_HTML.match(data[:4096])):
        return decode_html(data, path)
    decoded = decode_text(data, path)
    if not decoded.text or decoded.text.isspace():
        raise EmptyInputError(path, "no text (the file holds only whitespace)")
    return decoded, None


def _document(data: bytes, path: str, decoded: Decoded, title: str | None) -> DecodedDocument:
    """The decoded text of ``data`` with its hash, size and name."""
    return DecodedDocument(
        path=path,
        name=os.path.basename(path) or path,
        text=decoded.text,
        encoding=decoded.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        title=title,
        warnings=decoded.warnings,
    )
