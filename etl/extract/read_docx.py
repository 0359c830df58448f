"""Read a Word ``.docx`` document: paragraphs and table rows in document order, one per line."""

from __future__ import annotations

import io
import zipfile

from etl.errors import BinaryInputError, EmptyInputError, EncodingInputError
from etl.extract.read_common import Decoded, one_line

__all__ = ["decode_docx"]


def decode_docx(data: bytes, path: str) -> tuple[Decoded, str | None]:
    """Paragraphs and table rows of a .docx, in document order, and its title."""
    _check_docx_container(data, path)
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


def _check_docx_container(data: bytes, path: str) -> None:
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
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise EncodingInputError(
            path, f"corrupt .docx document (damaged ZIP archive: {one_line(exc)})"
        ) from exc
    if "word/document.xml" not in names:
        raise BinaryInputError(path, "a ZIP archive but not a Word .docx document")


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
