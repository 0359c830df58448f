"""Tests for etl.extract.read: decoding, detection, formats and input errors."""

from __future__ import annotations

import hashlib
import io
import os
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import etl.errors as errors
from etl.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    InputError,
    TooLargeInputError,
    UnreadableInputError,
)
from etl.extract import read as read_module
from etl.extract.read import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    TRUNCATED_WARNING,
    DecodedDocument,
    decode_bytes,
    read_decoded,
    read_document,
)
from fixtures_bad_input import (
    EXPECTED_OUTCOMES,
    EXPECTED_TEXT,
    EXPECTED_TITLE,
    GOOD_REPORT_TEXT,
    OK,
    REPORT_TITLE,
    SPACED_NAME,
    make_bad_input_folder,
    make_unreadable,
    small_docx,
    tiny_pdf,
    tiny_png,
)

# A report sentence with characters outside GBK (only GB18030 has them).
GB18030_ONLY = "㐀县民政局报告:城市低保对象1305户,发放资金612万元。\n"
RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad input")
    make_bad_input_folder(root)
    return root


# ---------------------------------------------------------------------------
# the shared bad-input folder
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "outcome"), sorted(EXPECTED_OUTCOMES.items()), ids=sorted(EXPECTED_OUTCOMES)
)
def test_bad_input_folder_case(bad_folder: Path, name: str, outcome: str) -> None:
    path = bad_folder / name
    if outcome == OK:
        doc = read_document(path)
        assert doc.text == EXPECTED_TEXT[name]
        assert doc.title == EXPECTED_TITLE.get(name)
        assert doc.name == name
        assert doc.path == str(path)
        return
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert type(caught.value).__name__ == outcome
    message = str(caught.value)
    assert str(path) in message, "the message must name the file"
    assert "\n" not in message
    assert caught.value.path == str(path)
    assert caught.value.problem and caught.value.problem in message


def test_bad_input_folder_outcomes_name_real_error_classes(tmp_path: Path) -> None:
    outcomes = make_bad_input_folder(tmp_path)
    for outcome in set(outcomes.values()) - {OK}:
        assert issubclass(getattr(errors, outcome), InputError)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(outcomes)


def test_truncated_download_loads_with_warning(bad_folder: Path) -> None:
    doc = read_document(bad_folder / "truncated-utf8.txt")
    assert doc.encoding == "utf-8"
    assert len(doc.warnings) == 1 and doc.warnings[0].startswith(TRUNCATED_WARNING)
    assert GOOD_REPORT_TEXT.startswith(doc.text)


def test_binary_messages_say_what_the_file_looks_like(bad_folder: Path) -> None:
    with pytest.raises(BinaryInputError, match=r"binary file \(looks like a PDF document; give it the \.pdf suffix\), not text"):
        read_document(bad_folder / "pdf-as-text.txt")
    with pytest.raises(BinaryInputError, match=r"PNG image"):
        read_document(bad_folder / "binary.txt")
    with pytest.raises(BinaryInputError, match=r"NUL bytes"):
        read_document(bad_folder / "nul.txt")


def test_undetectable_encoding_message(bad_folder: Path) -> None:
    with pytest.raises(EncodingInputError, match=r"cannot detect the text encoding \(tried utf-8, gb18030"):
        read_document(bad_folder / "latin1-garbage.txt")


# ---------------------------------------------------------------------------
# encodings
# ---------------------------------------------------------------------------

ENCODING_CASES = [
    # (id, raw bytes, expected text, expected encoding label)
    ("utf-8", GOOD_REPORT_TEXT.encode("utf-8"), GOOD_REPORT_TEXT, "utf-8"),
    ("utf-8-bom", b"\xef\xbb\xbf" + GOOD_REPORT_TEXT.encode("utf-8"), GOOD_REPORT_TEXT, "utf-8-sig"),
    ("utf-16-le-bom", b"\xff\xfe" + GOOD_REPORT_TEXT.encode("utf-16-le"), GOOD_REPORT_TEXT, "utf-16"),
    ("utf-16-be-bom", b"\xfe\xff" + GOOD_REPORT_TEXT.encode("utf-16-be"), GOOD_REPORT_TEXT, "utf-16"),
    ("utf-32-bom", GOOD_REPORT_TEXT.encode("utf-32"), GOOD_REPORT_TEXT, "utf-32"),
    ("gbk", GOOD_REPORT_TEXT.encode("gbk"), GOOD_REPORT_TEXT, "gb18030"),
    ("gb2312", GOOD_REPORT_TEXT.encode("gb2312"), GOOD_REPORT_TEXT, "gb18030"),
    ("gb18030", GB18030_ONLY.encode("gb18030"), GB18030_ONLY, "gb18030"),
    ("gb18030-bom", b"\x84\x31\x95\x33" + GOOD_REPORT_TEXT.encode("gb18030"), GOOD_REPORT_TEXT, "gb18030"),
    ("ascii", b"Total recipients: 1305 households.\n", "Total recipients: 1305 households.\n", "utf-8"),
    (
        "big5-via-detection",
        ("本縣民政局二零二三年社會救助工作總結。全年城市低保對象一千三百零五戶,發放資金六百一十二萬元。\n" * 2).encode("big5"),
        "本縣民政局二零二三年社會救助工作總結。全年城市低保對象一千三百零五戶,發放資金六百一十二萬元。\n" * 2,
        "big5",
    ),
    (
        "cp1251-via-detection",
        "Отчёт о работе за год: помощь получили 1200 человек, выплачено 3,5 млн рублей.\n".encode("cp1251"),
        "Отчёт о работе за год: помощь получили 1200 человек, выплачено 3,5 млн рублей.\n",
        "cp1251",
    ),
    (
        "shift-jis-via-detection",
        "日本語のテキストです。市の福祉事業について報告します。\n".encode("shift_jis"),
        "日本語のテキストです。市の福祉事業について報告します。\n",
        "cp932",
    ),
    (
        "cp1252-via-detection",
        "Le café était très animé, à côté de l'hôtel de ville. Résumé des activités.\n".encode("cp1252"),
        "Le café était très animé, à côté de l'hôtel de ville. Résumé des activités.\n",
        "cp1252",
    ),
]


@pytest.mark.parametrize(
    ("raw", "expected", "label"), [c[1:] for c in ENCODING_CASES], ids=[c[0] for c in ENCODING_CASES]
)
def test_encodings_decode_to_the_original_string(raw: bytes, expected: str, label: str) -> None:
    doc = decode_bytes(raw, "report.txt")
    assert doc.text == expected
    assert doc.encoding == label
    assert doc.warnings == ()
    assert not doc.text.startswith("\ufeff"), "the BOM must not be part of the text"


def test_gbk_offsets_point_into_the_original_string(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(GOOD_REPORT_TEXT.encode("gbk"))
    doc = read_document(path)
    assert doc.text == GOOD_REPORT_TEXT
    quote = "农村特困人员2987人"
    start = GOOD_REPORT_TEXT.index(quote)
    assert doc.text[start : start + len(quote)] == quote


def test_bom_offsets_count_from_after_the_bom() -> None:
    doc = decode_bytes(b"\xef\xbb\xbf" + "低保1305户".encode(), "bom.txt")
    assert doc.text == "低保1305户"
    assert doc.text.index("1305") == 2


def test_crlf_is_kept_so_offsets_match_the_bytes() -> None:
    text = "第一行1305户\r\n第二行1968人\r\n"
    assert decode_bytes(text.encode("gbk"), "crlf.txt").text == text


@pytest.mark.parametrize("codec", ["gb18030", "utf-8"])
def test_character_cut_at_end_is_dropped_with_warning(codec: str) -> None:
    raw = GOOD_REPORT_TEXT.rstrip("\n").encode(codec)[:-1]
    doc = decode_bytes(raw, f"cut-{codec}.txt")
    assert doc.text == GOOD_REPORT_TEXT.rstrip("\n")[:-1]
    assert doc.encoding == codec
    assert len(doc.warnings) == 1 and doc.warnings[0].startswith(TRUNCATED_WARNING)


def test_utf16_with_odd_length_drops_last_byte_with_warning() -> None:
    raw = GOOD_REPORT_TEXT.encode("utf-16")[:-1]
    doc = decode_bytes(raw, "odd.txt")
    assert doc.text == GOOD_REPORT_TEXT[:-1]
    assert doc.warnings and doc.warnings[0].startswith(TRUNCATED_WARNING)


def test_a_few_invalid_bytes_in_utf8_are_replaced_with_warning() -> None:
    body = ("全县城市低保对象1305户1968人,全年发放低保金612万元。\n" * 80).encode("utf-8")
    cut = body.index(b"\n", 3000) + 1  # a character boundary
    raw = body[:cut] + b"\xff" + body[cut:]
    doc = decode_bytes(raw, "glitch.txt")
    assert doc.encoding == "utf-8"
    assert doc.text.count("\ufffd") == 1
    assert doc.text.replace("\ufffd", "") == body.decode("utf-8")
    assert len(doc.warnings) == 1
    assert "1 invalid UTF-8 byte(s) replaced" in doc.warnings[0]
    assert f"byte offset {cut}" in doc.warnings[0]


def test_many_invalid_bytes_in_utf8_are_an_encoding_error() -> None:
    body = ("全县城市低保对象1305户1968人,全年发放低保金612万元。\n" * 80).encode("utf-8")
    cut = body.index(b"\n", 3000) + 1  # a character boundary
    raw = body[:cut] + b"\xff" * 30 + body[cut:]
    with pytest.raises(EncodingInputError, match=r"^glitch\.txt: cannot detect the text encoding") as caught:
        decode_bytes(raw, "glitch.txt")
    assert f"almost UTF-8 but has 30 invalid bytes, first at byte offset {cut}" in str(caught.value)


def test_utf8_mojibake_of_gb_bytes_is_not_accepted_as_chinese() -> None:
    # The same sentence as GBK and as UTF-8: each must come back as itself, not
    # as mojibake from reading the bytes with the other codec.
    text = "全县低保边缘家庭1036户,纳入低收入人口动态监测3.6万人。\n"
    assert decode_bytes(text.encode("gbk"), "a.txt").text == text
    assert decode_bytes(text.encode("utf-8"), "b.txt").text == text


@pytest.mark.parametrize("seed", range(5))
def test_random_printable_high_bytes_are_not_taken_for_text(seed: int) -> None:
    # No NUL and no control bytes, so only plausibility can reject these: a
    # multi-byte codec "decodes" them into a mix of scripts, Latin-1 into symbols.
    rnd = random.Random(seed)
    raw = bytes(rnd.choice(range(0x20, 0x100)) for _ in range(300))
    with pytest.raises(EncodingInputError):
        decode_bytes(raw, "noise.txt")


def test_valid_utf8_never_consults_charset_normalizer(monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("charset-normalizer must not run on UTF-8 or plausible GB18030")

    monkeypatch.setattr(charset_normalizer, "from_bytes", boom)
    big = GOOD_REPORT_TEXT * 20_000  # ~4 MB of UTF-8
    assert decode_bytes(big.encode("utf-8"), "big.txt").text == big
    assert decode_bytes(GOOD_REPORT_TEXT.encode("gbk"), "gbk.txt").text == GOOD_REPORT_TEXT


# ---------------------------------------------------------------------------
# empty and binary
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "suffix"),
    [
        (b"", ".txt"),
        (b"   \n\n\t  ", ".txt"),
        ("\u3000\u3000\n".encode("utf-8"), ".txt"),
        (b"\xef\xbb\xbf", ".txt"),
        (b"\xef\xbb\xbf  \n", ".txt"),
        ("\u3000\n".encode("gbk") + "\u3000".encode("gbk"), ".txt"),
        (b"", ".html"),
        (b"<html><head><title>T</title></head><body>  <p> </p> </body></html>", ".html"),
        (b"", ".docx"),
    ],
    ids=["zero-bytes", "whitespace", "ideographic-space", "bom-only", "bom-and-spaces",
         "gbk-spaces", "empty-html", "html-without-body-text", "empty-docx"],
)
def test_empty_inputs(raw: bytes, suffix: str) -> None:
    with pytest.raises(EmptyInputError, match=r"^empty\S*: "):
        decode_bytes(raw, "empty" + suffix, suffix=suffix)


def test_docx_without_text_is_empty() -> None:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(EmptyInputError, match="no text in the .docx"):
        decode_bytes(buffer.getvalue(), "blank.docx", suffix=".docx")


def _zip_with(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "x")
    return buffer.getvalue()


BINARY_CASES = [
    ("png", tiny_png(), "PNG image"),
    ("pdf", tiny_pdf(), "PDF"),
    ("zip", _zip_with("data.csv"), "ZIP archive"),
    ("docx-saved-as-txt", small_docx(), "Word .docx document"),
    ("gzip", b"\x1f\x8b\x08\x00" + b"\x00" * 16, "gzip"),
    ("elf", b"\x7fELF\x02\x01\x01" + b"\x00" * 32, "ELF executable"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    ("old-office", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "old Microsoft Office"),
    ("nul-bytes", "低保\x00对象".encode("utf-8"), "NUL bytes"),
    ("control-chars", b"\x01\x02\x03\x04 data \x05\x06\x07\x08" * 10, "control characters"),
    ("utf-16-bom-then-garbage", b"\xff\xfe" + bytes(range(1, 32)) * 4, "UTF-16 byte-order mark but is not text"),
]


@pytest.mark.parametrize(("raw", "kind"), [c[1:] for c in BINARY_CASES], ids=[c[0] for c in BINARY_CASES])
def test_binary_inputs(raw: bytes, kind: str) -> None:
    with pytest.raises(BinaryInputError) as caught:
        decode_bytes(raw, "input.txt")
    message = str(caught.value)
    assert message.startswith("input.txt: binary file (")
    assert kind in message


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def test_html_body_text_blocks_and_title(bad_folder: Path) -> None:
    doc = read_document(bad_folder / "report.html")
    assert doc.encoding == "html:utf-8"
    assert doc.title == REPORT_TITLE
    lines = doc.text.split("\n")
    assert lines[0] == "2023年全县城市低保对象1305户1968人,全年发放低保金612万元。"
    assert "城市低保\t1305\t1968" in lines
    # script, style, comment and head content are not text
    for noise in ("阅读次数", "888", "999", "margin", REPORT_TITLE):
        assert noise not in doc.text


def test_html_source_wrap_between_chinese_characters_vanishes() -> None:
    page = "<p>农村低保\n     对象8120户</p><p>临时救助 2150人次</p>".encode("utf-8")
    doc = decode_bytes(page, "wrap.html", suffix=".html")
    assert doc.text == "农村低保对象8120户\n临时救助 2150人次"


def test_html_declared_gb2312_is_decoded_as_gb18030() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>标题</title></head><body>㐀县城市低保对象1305户<br>发放资金612万元</body></html>"
    ).encode("gb18030")  # 㐀 is outside GB2312: real "gb2312" pages contain such characters
    doc = decode_bytes(page, "gb.html", suffix=".html")
    assert doc.encoding == "html:gb18030"
    assert doc.text == "㐀县城市低保对象1305户\n发放资金612万元"
    assert doc.title == "标题"


def test_html_wrongly_declared_latin1_is_detected_as_gbk() -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><p>'
        + GOOD_REPORT_TEXT
        + "</p></body></html>"
    ).encode("gbk")
    doc = decode_bytes(page, "lying.htm", suffix=".htm")
    assert doc.encoding == "html:gb18030"
    assert REPORT_TITLE in doc.text


def test_html_pre_keeps_line_breaks_and_entities_are_decoded() -> None:
    page = b"<body><pre>line one\nline two</pre><p>A &amp; B&nbsp;&lt;3</p></body>"
    doc = decode_bytes(page, "pre.html", suffix=".html")
    assert doc.text == "line one\nline two\nA & B <3"
    assert doc.title is None


def test_html_with_bom() -> None:
    page = b"\xef\xbb\xbf<html><body><p>" + "低保1305户".encode() + b"</p></body></html>"
    doc = decode_bytes(page, "bom.html", suffix=".html")
    assert doc.text == "低保1305户"
    assert doc.encoding == "html:utf-8-sig"


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_title(bad_folder: Path) -> None:
    doc = read_document(bad_folder / "report.docx")
    assert doc.encoding == "docx"
    assert doc.title == REPORT_TITLE
    assert doc.text.split("\n")[2:4] == ["项目\t户数\t人数", "城市低保\t1305\t1968"]


def test_docx_merged_cells_appear_once() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "城乡低保合计"
    for cell, value in zip(table.rows[1].cells, ("城市", "1305户", "1968人")):
        cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    doc = decode_bytes(buffer.getvalue(), "merged.docx", suffix=".docx")
    assert doc.text == "城乡低保合计\n城市\t1305户\t1968人"
    assert doc.title is None


@pytest.mark.parametrize(
    ("raw", "error", "words"),
    [
        (small_docx()[:300], EncodingInputError, "corrupt .docx document (damaged ZIP archive"),
        (b"just some text", EncodingInputError, "not a valid .docx document (it is not a ZIP archive)"),
        (_zip_with("xl/workbook.xml"), BinaryInputError, "a ZIP archive but not a Word .docx document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, BinaryInputError, "old binary Word .doc"),
        (
            _zip_with("word/document.xml"),
            EncodingInputError,
            "corrupt .docx document (",
        ),
    ],
    ids=["truncated-zip", "text-named-docx", "xlsx-named-docx", "doc-named-docx", "zip-with-bad-xml"],
)
def test_bad_docx(raw: bytes, error: type[InputError], words: str) -> None:
    with pytest.raises(error) as caught:
        decode_bytes(raw, "bad.docx", suffix=".docx")
    assert str(caught.value).startswith("bad.docx: ")
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


# ---------------------------------------------------------------------------
# suffixes, paths and file-system failures
# ---------------------------------------------------------------------------


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".text", ".html", ".htm", ".docx", ".pdf")
    assert DEFAULT_MAX_BYTES == 64 * 1024 * 1024


@pytest.mark.parametrize(
    ("filename", "raw", "encoding"),
    [
        ("notes.md", GOOD_REPORT_TEXT.encode("gbk"), "gb18030"),
        ("no-suffix", GOOD_REPORT_TEXT.encode("utf-8"), "utf-8"),
        ("REPORT.TXT", GOOD_REPORT_TEXT.encode("utf-8"), "utf-8"),
        ("report.TEXT", GOOD_REPORT_TEXT.encode("utf-8"), "utf-8"),
        ("saved.doc-copy", small_docx(), "docx"),
        ("page.php", b"<!DOCTYPE html><html><body><p>" + "低保".encode() + b"</p></body></html>", "html:utf-8"),
    ],
    ids=["md", "no-suffix", "upper-case-suffix", "text-suffix", "docx-content", "html-content"],
)
def test_other_suffixes_are_sniffed(tmp_path: Path, filename: str, raw: bytes, encoding: str) -> None:
    path = tmp_path / filename
    path.write_bytes(raw)
    assert read_document(path).encoding == encoding


def test_unknown_suffix_binary_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "picture.bin"
    path.write_bytes(tiny_png())
    with pytest.raises(BinaryInputError, match=r"picture\.bin: binary file \(looks like a PNG image\)"):
        read_document(path)


def test_path_with_spaces_and_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "民政 报告 目录"
    folder.mkdir()
    path = folder / SPACED_NAME
    raw = GOOD_REPORT_TEXT.encode("utf-8")
    path.write_bytes(raw)
    for given_path in (path, str(path)):
        doc = read_document(given_path)
        assert doc.name == SPACED_NAME
        assert doc.path == str(path)
        assert doc.text == GOOD_REPORT_TEXT


def test_hash_size_and_decode_bytes_agree_with_read_document(tmp_path: Path) -> None:
    raw = GOOD_REPORT_TEXT.encode("gbk")
    path = tmp_path / "hash.txt"
    path.write_bytes(raw)
    from_disk = read_document(path)
    from_memory = decode_bytes(raw, "hash.txt")
    assert from_disk.sha256 == hashlib.sha256(raw).hexdigest() == from_memory.sha256
    assert from_disk.size == len(raw) == from_memory.size
    assert (from_disk.text, from_disk.encoding) == (from_memory.text, from_memory.encoding)
    assert from_memory.path == from_memory.name == "hash.txt"
    assert isinstance(from_disk, DecodedDocument)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(UnreadableInputError, match=r"gone\.txt: file not found"):
        read_document(path)


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(UnreadableInputError, match=r"folder\.txt: is a directory, not a file"):
        read_document(path)


def test_dangling_symlink(tmp_path: Path) -> None:
    path = tmp_path / "link.txt"
    os.symlink(tmp_path / "nowhere.txt", path)
    with pytest.raises(UnreadableInputError, match=r"link\.txt: broken symbolic link"):
        read_document(path)


@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root reads files with mode 000")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    assert make_unreadable(path) == "chmod"
    with pytest.raises(UnreadableInputError, match=r"secret\.txt: permission denied"):
        read_document(path)


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (IsADirectoryError(21, "Is a directory"), "is a directory, not a file"),
        (FileNotFoundError(2, "No such file or directory"), "file not found (missing, moved or deleted)"),
        (OSError(5, "Input/output error"), "cannot read the file (input/output error)"),
    ],
    ids=["permission", "became-directory", "vanished", "io-error"],
)
def test_os_errors_while_opening_become_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: OSError, words: str
) -> None:
    # Simulates what root cannot reproduce (mode 000) and races (the file
    # vanishes or is replaced between stat and open).
    path = tmp_path / "racy.txt"
    path.write_bytes(GOOD_REPORT_TEXT.encode("utf-8"))

    def failing_open(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(read_module, "_open_file", failing_open)
    with pytest.raises(UnreadableInputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {words}"


def test_make_unreadable_always_yields_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    how = make_unreadable(path)
    assert how == ("dangling-symlink" if RUNNING_AS_ROOT else "chmod")
    with pytest.raises(UnreadableInputError):
        read_document(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(UnreadableInputError, match="not a regular file"):
        read_document(path)


def test_path_with_nul_is_unreadable() -> None:
    with pytest.raises(UnreadableInputError, match="invalid path"):
        read_document("bad\x00name.txt")


def test_read_decoded_reads_and_fails_as_read_document(bad_folder: Path) -> None:
    # read_decoded is read_document without the hash: the same text, encoding and title,
    # or the same error, for every good and bad file of the folder.
    for path in sorted(bad_folder.iterdir()):
        try:
            doc = read_document(path)
        except errors.InputError as exc:
            with pytest.raises(type(exc)) as caught:
                read_decoded(path)
            assert str(caught.value) == str(exc)
            continue
        name, decoded, title = read_decoded(path)
        assert (name, decoded.text, decoded.encoding, decoded.warnings, title) == (
            doc.name, doc.text, doc.encoding, doc.warnings, doc.title)


@pytest.mark.parametrize("ahead", [1, 3, 1000])
def test_extract_files_yields_what_extract_file_gives_each_file_in_order(
    bad_folder: Path, monkeypatch: pytest.MonkeyPatch, ahead: int
) -> None:
    # Good and bad files mixed, read ahead in batches of every size: each file's facts, or
    # the error that names it, in the order of the paths.
    import etl.extract as extract

    monkeypatch.setattr(extract, "READ_AHEAD_FILES", ahead)
    paths = sorted(bad_folder.iterdir()) * 2
    expected: list[tuple[Path, object]] = []
    for path in paths:
        try:
            ex = extract.extract_file(path)
        except errors.InputError as exc:
            expected.append((path, f"{type(exc).__name__}: {exc}"))
        else:
            expected.append((path, ([f.to_dict() for f in ex.facts], ex.mentions, ex.info)))
    got = [(path, f"{type(r).__name__}: {r}" if isinstance(r, errors.InputError)
            else ([f.to_dict() for f in r.facts], r.mentions, r.info))
           for path, r in extract.extract_files(iter(paths))]
    assert got == expected
    assert any(isinstance(outcome, str) for _, outcome in got) and any(not isinstance(o, str) for _, o in got)


def test_a_file_longer_than_its_stat_size_is_read_to_the_end(tmp_path: Path) -> None:
    # The first read asks for the size stat gave (plus one byte); a file that has grown
    # since is read on to its end, or to the limit.
    path = tmp_path / "grown.txt"
    path.write_bytes(b"0123456789" * 300_000)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert read_module._read_fd(fd, 5, None) == path.read_bytes()
        os.lseek(fd, 0, os.SEEK_SET)
        assert read_module._read_fd(fd, 5, 2_000_001) == path.read_bytes()[:2_000_001]
        os.lseek(fd, 0, os.SEEK_SET)
        assert read_module._read_fd(fd, 0, 1) == b"0"
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------
# max_bytes
# ---------------------------------------------------------------------------


def test_max_bytes(tmp_path: Path) -> None:
    raw = GOOD_REPORT_TEXT.encode("utf-8")
    path = tmp_path / "sized.txt"
    path.write_bytes(raw)
    assert read_document(path, max_bytes=len(raw)).size == len(raw)
    assert read_document(path, max_bytes=None).text == GOOD_REPORT_TEXT
    with pytest.raises(TooLargeInputError, match=rf"sized\.txt: file is too large \({len(raw)} bytes; the limit is 100 bytes\)"):
        read_document(path, max_bytes=100)


def test_too_large_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(3 * 1024 * 1024)  # sparse: 3 MiB of size, nothing written

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("an oversized file must not be opened")

    monkeypatch.setattr(read_module, "_open_file", no_open)
    with pytest.raises(TooLargeInputError, match=r"3\.0 MiB; the limit is 1\.0 MiB"):
        read_document(path, max_bytes=1024 * 1024)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

# Text as people write it: any character except control characters (other
# than tab and line breaks) and surrogates, which no text file holds.
TEXT_CHARS = st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\t\n\r")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(TEXT_CHARS, min_size=1))
def test_any_text_round_trips_through_utf8(text: str) -> None:
    assume(not text.isspace())
    assume(not text.startswith("\ufeff"))  # indistinguishable from a BOM, which is stripped
    assume(not any(text.encode("utf-8").startswith(sig) for sig, _ in read_module.BINARY_SIGNATURES))
    doc = decode_bytes(text.encode("utf-8"), "prop.txt")
    assert doc.text == text
    assert doc.encoding == "utf-8"
    assert doc.warnings == ()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from([".txt", ".html", ".docx", ".dat"]))
def test_arbitrary_bytes_decode_or_raise_an_input_error(raw: bytes, suffix: str) -> None:
    try:
        doc = decode_bytes(raw, "fuzz" + suffix, suffix=suffix)
    except InputError as exc:
        assert str(exc).startswith("fuzz" + suffix + ": ")
        assert "\n" not in str(exc)
    else:
        assert doc.text and not doc.text.isspace()
        assert doc.size == len(raw)
