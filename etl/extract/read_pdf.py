"""Read a PDF report: the text layer of every page, in page order, with PDFium (pypdfium2).

Many 统计公报 are published as PDFs. The text returned is what PDFium
extracts from each page's text layer (its reading order), pages joined by one
line break, PDFium's ``\\r\\n`` line ends made ``\\n`` and control characters
(PDFium marks soft hyphens and other artefacts with them) dropped; every span
the extractor reports is an offset into that extracted text. A PDF without a
text layer (a scan: pages that are only images) has nothing to extract and is
refused with a message that says so; OCR is out of scope.
"""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING

from etl.errors import EmptyInputError, EncodingInputError, TooLargeInputError
from etl.extract.read_common import Decoded, human_size, one_line

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument

__all__ = ["PDF_SIGNATURE", "decode_pdf", "looks_like_pdf"]

PDF_SIGNATURE = b"%PDF-"
# PDF readers accept a header anywhere in the first kilobyte (after junk bytes).
PDF_HEADER_WINDOW = 1024
# Joins the text of consecutive pages.
PAGE_BREAK = "\n"

# The keyword that starts a stream's data (not the one in "endstream").
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
# How far before a stream its dictionary is looked for (to skip images).
_STREAM_DICT_WINDOW = 2048
_INFLATE_CHUNK = 1 << 16
_IMAGE_SUBTYPE = re.compile(rb"/Subtype\s*/Image\b")
# Image streams may inflate to this many times --max-bytes (see _check_inflated_size).
IMAGE_BUDGET_FACTOR = 4

_LINE_ENDS = re.compile(r"\r\n?")
# C0 controls but TAB and LF, DEL, and the non-characters PDFium emits for
# glyphs without a Unicode value.
_ARTEFACTS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def looks_like_pdf(data: bytes) -> bool:
    """Does ``data`` carry a PDF header in its first kilobyte?"""
    return PDF_SIGNATURE in data[:PDF_HEADER_WINDOW]


def decode_pdf(data: bytes, path: str, max_bytes: int | None = None) -> tuple[Decoded, str | None]:
    """The text of every page of a PDF, in order, and its title (document information).

    Raises :class:`~etl.errors.EncodingInputError` for data that is not a PDF,
    a damaged or password-protected PDF, :class:`~etl.errors.EmptyInputError`
    for a PDF without a text layer, and
    :class:`~etl.errors.TooLargeInputError` when the extracted text passes
    ``max_bytes`` characters.
    """
    if not looks_like_pdf(data):
        raise EncodingInputError(path, "not a valid PDF document (no %PDF- header)")
    if max_bytes is not None:
        _check_inflated_size(data, path, max_bytes)
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise EncodingInputError(path, _load_problem(exc)) from exc
    try:
        pages = _page_texts(pdf, path, max_bytes)
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
    except pdfium.PdfiumError as exc:
        raise EncodingInputError(path, f"corrupt PDF document ({one_line(exc)})") from exc
    finally:
        pdf.close()
    text = PAGE_BREAK.join(pages)
    if not text.strip():
        raise EmptyInputError(
            path,
            f"no text layer in the PDF ({len(pages)} page(s) of images only: a scan?); "
            "run OCR on it first, or load a text version",
        )
    return Decoded(text, "pdf"), title


def _check_inflated_size(data: bytes, path: str, max_bytes: int) -> None:
    """Refuse a PDF whose compressed streams inflate past the limit (a decompression bomb).

    PDFium inflates a page's content streams, fonts and object streams in
    memory (a 300 KB PDF holding a 300 MB content stream costs 300 MB), so the
    Flate streams are inflated here first, with a running count and without
    keeping the output: at most ``max_bytes`` in all. Image streams have a
    budget of their own, :data:`IMAGE_BUDGET_FACTOR` times larger: text
    extraction does not decode them and reports hold large ones.
    """
    limits = {False: max_bytes, True: IMAGE_BUDGET_FACTOR * max_bytes}
    totals = {False: 0, True: 0}
    for match in _STREAM_START.finditer(data):
        head = data[max(0, match.start() - _STREAM_DICT_WINDOW):match.start()]
        image = _IMAGE_SUBTYPE.search(head, head.rfind(b" obj") + 1) is not None
        totals[image] += _inflated_size(data, match.end(), limits[image] - totals[image] + 1)
        if totals[image] > limits[image]:
            what = "image streams" if image else "compressed streams"
            raise TooLargeInputError(
                path, f"the PDF's {what} expand to more than {human_size(limits[image])} "
                "(the limit); refused as a possible decompression bomb",
            )


def _inflated_size(data: bytes, start: int, cap: int) -> int:
    """Bytes the zlib stream at ``data[start:]`` inflates to, counting up to ``cap``
    (0 for data that is not zlib: another filter, or no filter)."""
    inflater = zlib.decompressobj()
    size = 0
    at = start
    pending = b""
    try:
        while size < cap and not inflater.eof:
            if not pending:
                pending = data[at:at + _INFLATE_CHUNK]
                at += _INFLATE_CHUNK
                if not pending:
                    break
            size += len(inflater.decompress(pending, _INFLATE_CHUNK))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not Flate data, or damaged: PDFium will judge it
    return size


def _page_texts(pdf: PdfDocument, path: str, max_bytes: int | None) -> list[str]:
    """Each page's cleaned text, stopping once the total passes ``max_bytes`` characters."""
    pages: list[str] = []
    total = 0
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                raw = textpage.get_text_range()
            finally:
                textpage.close()
        finally:
            page.close()
        text = _ARTEFACTS.sub("", _LINE_ENDS.sub("\n", raw))
        total += len(text)
        if max_bytes is not None and total > max_bytes:
            raise TooLargeInputError(
                path, f"the PDF's text is larger than the limit of {human_size(max_bytes)} (by page {index + 1})"
            )
        pages.append(text)
    return pages


def _load_problem(exc: Exception) -> str:
    """Why PDFium could not open the document, in plain words."""
    message = one_line(exc)
    if "password" in message.lower():
        return "encrypted PDF document (it needs a password); save an unprotected copy"
    return f"corrupt PDF document ({message})"
