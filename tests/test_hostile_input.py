"""Hostile and unlucky input for the reader (issue 10): decompression bombs,
pathological HTML, files a folder walk must not skip silently, BOM-less UTF-16,
and file names with control characters."""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.errors import EncodingInputError, InputError, TooLargeInputError
from etl.extract.read import decode_bytes, read_document
from fixtures_bad_input import REPORT_LINES, small_docx

# ---------------------------------------------------------------------------
# .docx decompression bombs
# ---------------------------------------------------------------------------

PARAGRAPH = "<w:p><w:r><w:t>全县城市低保对象1305户1968人。</w:t></w:r></w:p>"


def _docx_with_body(body_xml: str) -> bytes:
    """A real .docx (from python-docx) whose word/document.xml body is ``body_xml``."""
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                start = xml.index("<w:body>") + len("<w:body>")
                data = (xml[:start] + body_xml + "</w:body></w:document>").encode("utf-8")
            target.writestr(info.filename, data)
    return out.getvalue()


def _lie_about_sizes(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of ``member`` in both ZIP headers to ``declared``."""
    raw = bytearray(data)
    name = member.encode()
    at = 0
    while (at := raw.find(b"PK\x03\x04", at)) != -1:  # local file headers
        name_len = struct.unpack_from("<H", raw, at + 26)[0]
        if raw[at + 30:at + 30 + name_len] == name:
            struct.pack_into("<I", raw, at + 22, declared)
        at += 4
    at = 0
    while (at := raw.find(b"PK\x01\x02", at)) != -1:  # central directory entries
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46:at + 46 + name_len] == name:
            struct.pack_into("<I", raw, at + 24, declared)
        at += 4
    return bytes(raw)


def test_docx_bomb_of_paragraphs_is_refused_by_its_uncompressed_size(tmp_path: Path) -> None:
    bomb = _docx_with_body(PARAGRAPH * 40_000)  # ~2.9 MB of XML in a ~20 KB file
    assert len(bomb) < 100_000
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    with pytest.raises(TooLargeInputError) as caught:
        read_document(path, max_bytes=1 << 20)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "uncompressed" in message and "1.0 MiB" in message
    assert "\n" not in message


def test_docx_with_one_huge_text_node_is_refused() -> None:
    bomb = _docx_with_body("<w:p><w:r><w:t>" + "救" * 1_500_000 + "</w:t></w:r></w:p>")
    with pytest.raises(TooLargeInputError, match=r"^huge\.docx: .*uncompressed"):
        decode_bytes(bomb, "huge.docx", suffix=".docx", max_bytes=1 << 20)


def test_docx_lying_about_its_size_is_refused_when_streamed() -> None:
    """Declared sizes are small, the stream is not: the cap while inflating catches it."""
    bomb = _lie_about_sizes(_docx_with_body(PARAGRAPH * 40_000), "word/document.xml", 1000)
    with pytest.raises(InputError, match=r"^liar\.docx: ") as caught:
        decode_bytes(bomb, "liar.docx", suffix=".docx", max_bytes=1 << 20)
    assert isinstance(caught.value, (TooLargeInputError, EncodingInputError))
    assert "\n" not in str(caught.value)


def test_docx_under_the_limit_still_reads_and_no_limit_means_none() -> None:
    body = _docx_with_body(PARAGRAPH * 40_000)
    doc = decode_bytes(body, "big.docx", suffix=".docx", max_bytes=None)
    assert doc.text.count("全县城市低保对象1305户1968人。") == 40_000
    small = decode_bytes(small_docx(), "small.docx", suffix=".docx", max_bytes=1 << 20)
    assert small.text.startswith(REPORT_LINES[1])


def test_docx_sniffed_by_content_obeys_the_limit_too() -> None:
    bomb = _docx_with_body(PARAGRAPH * 40_000)
    with pytest.raises(TooLargeInputError, match=r"^bomb\.dat: "):
        decode_bytes(bomb, "bomb.dat", suffix=".dat", max_bytes=1 << 20)


# ---------------------------------------------------------------------------
# HTML in linear time
# ---------------------------------------------------------------------------


def _count_calls(work: Callable[[], object]) -> int:
    """Python and C function calls made by ``work()``: a deterministic measure of its work."""
    calls = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


def _nested_divs(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "低保对象1305户" + "</div>" * depth + "</body></html>").encode()


def test_deeply_nested_html_is_converted_with_linear_work() -> None:
    """Four times the nesting may cost about four times the calls, not sixteen."""
    small = _count_calls(lambda: decode_bytes(_nested_divs(1000), "n.html", suffix=".html"))
    large = _count_calls(lambda: decode_bytes(_nested_divs(4000), "n.html", suffix=".html"))
    assert large < 6 * small, (small, large)


def test_deeply_nested_html_text() -> None:
    page = ("<body>" + "<div><p>" * 3000 + "低保对象1305户" + "</p></div>" * 3000
            + "<div>发放资金612万元</div></body>").encode()
    assert decode_bytes(page, "deep.html", suffix=".html").text == "低保对象1305户\n发放资金612万元"


def test_html_block_cell_and_break_marks_in_document_order() -> None:
    page = ("<body><div>甲<table><tr><td><p>1</p></td><td>2</td></tr><tr><th>3</th></tr></table>乙"
            "<pre>行一\n行二<!-- 注 --></pre>丙<br>丁<span>戊</span><script>x</script></div></body>").encode()
    text = decode_bytes(page, "marks.html", suffix=".html").text
    assert text.split("\n") == ["甲", "1", "2", "3", "乙", "行一", "行二", "丙", "丁戊"]
