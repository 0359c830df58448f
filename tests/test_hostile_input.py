"""Hostile and unlucky input for the reader (issue 10): decompression bombs,
pathological HTML, files a folder walk must not skip silently, BOM-less UTF-16,
and file names with control characters."""

from __future__ import annotations

import io
import json
import os
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from etl.cli import cli
from etl.errors import (
    BinaryInputError,
    EncodingInputError,
    InputError,
    TooLargeInputError,
    UnreadableInputError,
    printable_path,
)
from etl.extract.read import SUPPORTED_SUFFIXES, decode_bytes, read_document
from etl.load import load_paths
from etl.sources import SUPPORTED_SUFFIXES as SOURCE_SUFFIXES
from etl.sources import expand_paths
from fixtures_bad_input import GOOD_REPORT_TEXT, REPORT_LINES, small_docx

RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# A report with a real city in its title, so that it gives facts.
CITY_REPORT = "芜湖市民政局2023年社会救助工作总结\n2023年全市城市低保对象1305户1968人,全年发放低保金612万元。\n"

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


# ---------------------------------------------------------------------------
# UTF-16 without a byte-order mark
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_by_its_nul_pattern(codec: str) -> None:
    doc = decode_bytes(GOOD_REPORT_TEXT.encode(codec), "no-bom.txt")
    assert (doc.text, doc.encoding, doc.warnings) == (GOOD_REPORT_TEXT, codec, ())
    cut = decode_bytes(GOOD_REPORT_TEXT.encode(codec)[:-1], "cut.txt")
    assert cut.text == GOOD_REPORT_TEXT[:-1]
    assert cut.warnings and "truncated" in cut.warnings[0]


def test_traditional_chinese_utf16_without_bom_is_decoded() -> None:
    text = "本市低收入戶共計1,305戶、1,968人,發放補助金612萬元。\r\n"
    assert decode_bytes(text.encode("utf-16-le"), "trad.txt").text == text


@pytest.mark.parametrize(
    "raw",
    [
        "低保对象1200人\x00\x00\x00发放资金".encode("utf-8"),  # NULs in UTF-8 text
        b"report: 1305 households\x00 1968\x00 persons\x00 612\x00 yuan\x00",  # NULs at random sides
        bytes(range(256)) * 8,  # every byte value
        b"".join(n.to_bytes(2, "little") for n in range(0, 4096, 3)),  # 16-bit integers
    ],
    ids=["utf8-with-nuls", "ascii-with-nuls", "all-bytes", "int16-array"],
)
def test_nul_bytes_that_are_not_utf16_text_stay_binary(raw: bytes) -> None:
    with pytest.raises(BinaryInputError, match="contains NUL bytes"):
        decode_bytes(raw, "data.txt")


def test_a_folder_walk_is_in_the_order_of_sorted_paths(tmp_path: Path) -> None:
    # Names chosen so that comparing whole path strings would give another order than
    # comparing paths ('a b' < 'a/...' as strings, 'a' < 'a b' as parts).
    for name in ("a/x.txt", "a b.txt", "a-c/y.txt", "B.TXT", "a/b/z.htm", "ab.txt", "a.b/c.txt", "note.md", "x.txt."):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(CITY_REPORT, encoding="utf-8")
    found = list(expand_paths([tmp_path]))
    assert found == sorted(found)
    assert {path.relative_to(tmp_path).as_posix() for path in found} == {
        "a/x.txt", "a b.txt", "a-c/y.txt", "B.TXT", "a/b/z.htm", "ab.txt", "a.b/c.txt"}


# ---------------------------------------------------------------------------
# nothing under a folder is skipped silently
# ---------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_folder_is_listed_and_fails_by_name(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(CITY_REPORT, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    assert list(expand_paths([tmp_path])) == [tmp_path / "pipe.txt", tmp_path / "report.txt"]
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(tmp_path)])
    assert result.exit_code == 1
    assert _error_lines(result.stderr) == [f"Error: {tmp_path / 'pipe.txt'}: not a regular file (a device, pipe or socket)"]
    assert {json.loads(line)["document"] for line in result.stdout.splitlines()} == {"report.txt"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_loading_a_folder_with_a_fifo_does_not_block(engine: Engine, tmp_path: Path) -> None:
    """The loader hashes files before handing them to workers; a FIFO must not be opened for that."""
    (tmp_path / "report.txt").write_text(CITY_REPORT, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    summary = load_paths([tmp_path], engine=engine, workers=1)
    assert summary.loaded == 1
    assert [(f.path, f.message) for f in summary.failures] == [
        (str(tmp_path / "pipe.txt"), f"{tmp_path / 'pipe.txt'}: not a regular file (a device, pipe or socket)")]


def _error_lines(stderr: str) -> list[str]:
    """The error lines of a command's stderr (notes about other files aside)."""
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


def _deny_listing(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Make ``os.scandir`` fail on ``denied`` as it does for a folder without read permission
    (the tests may run as root, who can list any folder)."""
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path) == os.fspath(denied):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_subfolder_is_listed_and_fails_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "report.txt").write_text(CITY_REPORT, encoding="utf-8")
    locked = tmp_path / "2023"
    locked.mkdir()
    (locked / "hidden-by-permissions.txt").write_text(GOOD_REPORT_TEXT, encoding="utf-8")
    _deny_listing(monkeypatch, locked)
    assert list(expand_paths([tmp_path])) == [locked, tmp_path / "report.txt"]
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(tmp_path)])
    assert result.exit_code == 1
    assert _error_lines(result.stderr) == [
        f"Error: {locked}: folder cannot be read (permission denied); the reports in it were not loaded"
    ]


@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root lists folders with mode 000")
def test_a_folder_without_permission_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(GOOD_REPORT_TEXT, encoding="utf-8")
    locked.chmod(0)
    try:
        assert list(expand_paths([tmp_path])) == [locked]
        with pytest.raises(UnreadableInputError, match="folder cannot be read"):
            read_document(locked)
    finally:
        locked.chmod(0o755)


def test_load_counts_an_unlistable_folder_as_failed(engine: Engine, tmp_path: Path) -> None:
    """The walk yields a folder it cannot list; the load records it as a failure naming it."""
    (tmp_path / "report.txt").write_text(GOOD_REPORT_TEXT, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir
    calls = {"n": 0}

    def scandir(path: Any = ".") -> Any:  # denied to the walk, the first lister
        if os.fspath(path) == os.fspath(locked) and calls["n"] == 0:
            calls["n"] += 1
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "scandir", scandir)
        summary = load_paths([tmp_path], engine=engine, workers=1)
    assert (summary.files_seen, summary.loaded, summary.failed) == (2, 1, 1)
    assert summary.failures[0].message.startswith(f"{locked}: ")


def test_folder_walk_suffixes_match_the_reader() -> None:
    assert SOURCE_SUFFIXES == SUPPORTED_SUFFIXES


# ---------------------------------------------------------------------------
# file names with control characters
# ---------------------------------------------------------------------------


def test_printable_path() -> None:
    assert printable_path("民政 工作报告 2023年.txt") == "民政 工作报告 2023年.txt"
    assert printable_path("a\nb.txt") == "'a\\nb.txt'"
    assert printable_path("tab\there\r.txt") == "'tab\\there\\r.txt'"
    assert printable_path("x\u202etxt.exe") == "'x\\u202etxt.exe'"


def test_a_newline_in_a_file_name_is_escaped_in_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad\nname.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    (tmp_path / "report.txt").write_text(CITY_REPORT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(tmp_path)])
    assert result.exit_code == 1
    assert _error_lines(result.stderr) == [f"Error: {str(bad)!r}: binary file (looks like a PNG image), not text"]


def test_a_newline_in_a_file_name_is_escaped_in_the_load_summary(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad\nname.txt"
    bad.write_bytes(b"")
    summary = load_paths([tmp_path], engine=engine, workers=1)
    assert [failure.message for failure in summary.failures] == [f"{str(bad)!r}: empty file (0 bytes)"]
