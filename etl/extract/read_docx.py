"""Read a Word ``.docx`` document: paragraphs and table rows in document order, one per line."""

from __future__ import annotations

import io
import zipfile
import zlib

from etl.errors import BinaryInputError, EmptyInputError, EncodingInputError, TooLargeInputError
from etl.extract.read_common import Decoded, human_size, one_line

__all__ = ["decode_docx"]

# Inflated per read while counting a part's uncompressed size.
_INFLATE_CHUNK = 1 << 16
# What zipfile raises on damaged or unsupported archives (a bad CRC, a cut
# stream, an unknown compression method, an encrypted part).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, RuntimeError, NotImplementedError)


def decode_docx(data: bytes, path: str, max_bytes: int | None = None) -> tuple[Decoded, str | None]:
    """Paragraphs and table rows of a .docx, in document order, and its title.

    With ``max_bytes``, an archive whose parts expand to more than that many
    bytes is refused (:class:`~etl.errors.TooLargeInputError`) before any part
    is parsed: first by the sizes the archive declares, then by inflating
    every part with a running count (declared sizes can lie).
    """
    _check_docx_container(data, path, max_bytes)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.append(block.text)
        title = (document.core_properties.title or "").strip() or None
    # python-docx and lxml raise many unrelated types on damaged input
    # (KeyError, ValueError, XMLSyntaxError...); all mean "corrupt document".
    except Exception as exc:  # noqa: BLE001
        raise EncodingInputError(
            path, f"corrupt .docx document ({exc.__class__.__name__}: {one_line(exc)})"
        ) from exc
    text = "\n".join(lines)
    if not text or text.isspace():
        raise EmptyInputError(path, "no text in the .docx document")
    return Decoded(text, "docx"), title


def _check_docx_container(data: bytes, path: str, max_bytes: int | None) -> None:
    """Reject data that is not a ZIP holding a Word document, with a clear reason."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise BinaryInputError(
            path, "an old binary Word .doc file, not .docx (save it as .docx or .txt)"
        )
    if not data.startswith(b"PK"):
        raise EncodingInputError(path, "not a valid .docx document (it is not a ZIP archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise BinaryInputError(path, "a ZIP archive but not a Word .docx document")
            if max_bytes is not None:
                _check_uncompressed_size(archive, path, max_bytes)
    except _ZIP_ERRORS as exc:
        raise EncodingInputError(
            path, f"corrupt .docx document (damaged ZIP archive: {one_line(exc)})"
        ) from exc


def _check_uncompressed_size(archive: zipfile.ZipFile, path: str, max_bytes: int) -> None:
    """Raise TooLargeInputError when the archive's parts expand past ``max_bytes``."""
    members = archive.infolist()
    declared = sum(info.file_size for info in members)
    if declared > max_bytes:
        raise TooLargeInputError(path, _expands_to(f"{human_size(declared)}", max_bytes))
    inflated = 0
    for info in members:
        with archive.open(info) as member:
            while chunk := member.read(_INFLATE_CHUNK):
                inflated += len(chunk)
                if inflated > max_bytes:
                    raise TooLargeInputError(path, _expands_to(f"more than {human_size(max_bytes)}", max_bytes))


def _expands_to(size: str, limit: int) -> str:
    return (f".docx document expands to {size} uncompressed (the limit is {human_size(limit)}); "
            "refused as a possible decompression bomb")


def _table_lines(table: object) -> list[str]:
    """One line per table row, cells joined by tabs (merged cells once)."""
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        seen: list[object] = []
        cells = []
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column it spans.
            if any(cell._tc is element for element in seen):
                continue
            seen.append(cell._tc)
            cells.append(cell.text.replace("\n", " ").strip())
        line = "\t".join(cells)
        if line.strip():
            lines.append(line)
    return lines
