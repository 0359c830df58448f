"""PDF reports (issue 11): the text layer of every page, in order; spans into that text;
``.pdf`` taken by ``etl extract`` and ``etl load``; a scan without text is a clear error.

Every PDF here is written by the test itself (reportlab, see fixtures_bad_input.report_pdf).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select

from etl.cli import cli
from etl.db.models import Document, Fact
from etl.errors import BinaryInputError, EmptyInputError, EncodingInputError, TooLargeInputError
from etl.extract import extract_file
from etl.extract.read import decode_bytes, read_document
from etl.load import load_paths
from fixtures_bad_input import REPORT_LINES, REPORT_TITLE, report_pdf

pytest.importorskip("reportlab")

CITY_TITLE = "芜湖市民政局2023年社会救助工作总结"
CITY_LINES = [
    "2023年全市城市低保对象1305户1968人,全年发放低保金612万元。",
    "农村特困人员2987人,发放供养金1288万元。",
]


def test_pages_come_in_order_with_their_lines() -> None:
    pages = [["Page 1: 1305 households", "and 1968 persons."], ["Page 2: 612.5"], ["Page 3: 3021.6 (10%)"]]
    doc = decode_bytes(report_pdf(pages, cjk=False), "ascii.pdf", suffix=".pdf")
    assert doc.text == "Page 1: 1305 households\nand 1968 persons.\nPage 2: 612.5\nPage 3: 3021.6 (10%)"
    assert doc.encoding == "pdf"


def test_chinese_text_and_title() -> None:
    data = report_pdf([list(REPORT_LINES[1:3]), list(REPORT_LINES[3:])], title=REPORT_TITLE)
    doc = decode_bytes(data, "report.pdf", suffix=".pdf")
    assert doc.text == "\n".join(REPORT_LINES[1:])
    assert doc.title == REPORT_TITLE


def test_facts_from_a_pdf_have_spans_into_the_extracted_text(tmp_path: Path) -> None:
    path = tmp_path / "wuhu-2023.pdf"
    path.write_bytes(report_pdf([[CITY_TITLE], CITY_LINES]))
    extraction = extract_file(path)
    doc = read_document(path)
    assert extraction.text == doc.text
    facts = {(f.program, f.metric, f.unit, f.value) for f in extraction.facts}
    assert ("dibao_urban", "recipients", "person", 1968) in facts
    assert ("tekun_rural", "recipients", "person", 2987) in facts
    for fact in extraction.facts:
        assert doc.text[fact.span[0]:fact.span[1]] == fact.quote


def test_scanned_pdf_without_text_layer_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(report_pdf([[], []], image_only=True))
    with pytest.raises(EmptyInputError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: no text layer in the PDF (2 page(s)")
    assert "OCR" in message and "\n" not in message


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"%PDF-1.7\n this is not really a PDF", EncodingInputError, "corrupt PDF document"),
        ("低保对象1305户".encode(), EncodingInputError, "not a valid PDF document"),
        (report_pdf([CITY_LINES], password="secret"), EncodingInputError, "encrypted PDF document"),
    ],
    ids=["garbage-after-header", "text-named-pdf", "password"],
)
def test_bad_pdfs(data: bytes, error: type[Exception], words: str) -> None:
    with pytest.raises(error) as caught:
        decode_bytes(data, "bad.pdf", suffix=".pdf")
    assert str(caught.value).startswith("bad.pdf: ")
    assert words in str(caught.value)


def test_pdf_text_larger_than_the_limit_is_refused() -> None:
    data = report_pdf([CITY_LINES] * 40)
    with pytest.raises(TooLargeInputError, match=r"^big\.pdf: .*limit"):
        decode_bytes(data, "big.pdf", suffix=".pdf", max_bytes=500)


def test_pdf_saved_as_txt_says_to_rename_it_and_unknown_suffix_is_sniffed() -> None:
    data = report_pdf([CITY_LINES])
    with pytest.raises(BinaryInputError, match=r"looks like a PDF document; give it the \.pdf suffix"):
        decode_bytes(data, "report.txt")
    assert decode_bytes(data, "report.bin", suffix=".bin").text == "\n".join(CITY_LINES)


def test_etl_extract_takes_pdf_files_and_finds_them_in_folders(tmp_path: Path) -> None:
    (tmp_path / "wuhu-2023.pdf").write_bytes(report_pdf([[CITY_TITLE], CITY_LINES]))
    (tmp_path / "scan.pdf").write_bytes(report_pdf([[]], image_only=True))
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(tmp_path)])
    assert result.exit_code == 1  # the scan failed, the other file was extracted
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert {f["document"] for f in facts} == {"wuhu-2023.pdf"}
    assert any(f["value"] == 1968 and f["metric"] == "recipients" for f in facts)
    assert "scan.pdf: no text layer in the PDF" in result.stderr


def test_etl_load_stores_a_pdf_report(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "wuhu-2023.pdf").write_bytes(report_pdf([[CITY_TITLE], CITY_LINES]))
    summary = load_paths([tmp_path], engine=engine, workers=1)
    assert (summary.loaded, summary.failed) == (1, 0)
    text = read_document(tmp_path / "wuhu-2023.pdf").text
    with engine.connect() as connection:
        names = connection.execute(select(Document.name)).scalars().all()
        rows = connection.execute(select(Fact.span_start, Fact.span_end, Fact.quote, Fact.value)).all()
    assert names == ["wuhu-2023.pdf"]
    assert 1968 in {float(row.value) for row in rows}
    for start, end, quote, _ in rows:
        assert text[start:end] == quote


def _hand_made_pdf(content: bytes, image: bytes | None = None) -> bytes:
    """A one-page PDF whose content stream is ``content`` (Flate-compressed), optionally
    with an unused Flate image of ``image`` bytes: the smallest case of a stream bomb."""
    import zlib

    def stream(dictionary: bytes, body: bytes) -> bytes:
        packed = zlib.compress(body, 9)
        return b"<< %s /Length %d /Filter /FlateDecode >>\nstream\n" % (dictionary, len(packed)) + packed + b"\nendstream"

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(b"", content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if image is not None:
        objects.append(stream(b"/Type /XObject /Subtype /Image /Width %d /Height 1 /ColorSpace /DeviceGray"
                              b" /BitsPerComponent 8" % len(image), image))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


TEXT_OPERATORS = b"BT /F1 12 Tf 72 712 Td (Households 1305, persons 1968) Tj ET\n"


def test_pdf_stream_bomb_is_refused_before_pdfium_inflates_it() -> None:
    bomb = _hand_made_pdf(TEXT_OPERATORS + b" " * (8 << 20))  # 8 MiB of content in ~8 KB
    assert len(bomb) < 20_000
    with pytest.raises(TooLargeInputError) as caught:
        decode_bytes(bomb, "bomb.pdf", suffix=".pdf", max_bytes=1 << 20)
    assert str(caught.value) == ("bomb.pdf: the PDF's compressed streams expand to more than 1.0 MiB (the limit); "
                                 "refused as a possible decompression bomb")
    assert decode_bytes(bomb, "bomb.pdf", suffix=".pdf", max_bytes=None).text == "Households 1305, persons 1968"


def test_pdf_images_have_a_larger_budget_than_text_streams() -> None:
    with_image = _hand_made_pdf(TEXT_OPERATORS, image=b"\x80" * (3 << 20))  # a 3 MiB picture
    doc = decode_bytes(with_image, "chart.pdf", suffix=".pdf", max_bytes=1 << 20)
    assert doc.text == "Households 1305, persons 1968"
    with pytest.raises(TooLargeInputError, match="image streams expand to more than 2.0 MiB"):
        decode_bytes(with_image, "chart.pdf", suffix=".pdf", max_bytes=512 << 10)
