"""Make a folder of good and bad input files for reader, loader and CLI tests.

Import it from any test module (pytest puts ``tests/`` on ``sys.path``;
there is no ``tests`` package, so ``from tests.fixtures_bad_input`` fails)::

    from fixtures_bad_input import make_bad_input_folder, EXPECTED_TEXT

    outcomes = make_bad_input_folder(tmp_path)   # {file name: "ok" | "EmptyInputError" | ...}

Every good file holds short report sentences written for these tests (not taken
from the dev set). :data:`EXPECTED_TEXT` gives the text each good file must
decode to, so a test can check decoding without trusting the code under test.

About ``unreadable.txt``: as a normal user it is a regular file with mode 000.
Tests often run as root, and root reads a mode-000 file anyway, so when the
file turns out to be readable it is replaced by a *dangling symbolic link*
(``unreadable.txt`` -> ``unreadable-target-is-missing.txt``). Either way
reading it must fail with ``UnreadableInputError``. A folder walker that keeps
only ``Path.is_file()`` entries will silently skip the dangling link; report
it instead (``Path.is_symlink()`` is still true for it).
"""

from __future__ import annotations

import io
import os
import random
import struct
import zlib
from pathlib import Path

OK = "ok"

REPORT_TITLE = "某县民政局2023年社会救助工作情况"
REPORT_LINES = (
    REPORT_TITLE,
    "2023年全县城市低保对象1305户1968人,全年发放低保金612万元。",
    "农村低保对象8120户13450人,发放资金3021.6万元;农村特困人员2987人,发放供养金1288万元。",
    "全年实施临时救助2150人次,支出救助资金318.5万元,同比增长4.2%。",
    "截至12月底,全县低保边缘家庭1036户,纳入低收入人口动态监测3.6万人。",
)
GOOD_REPORT_TEXT = "\n".join(REPORT_LINES) + "\n"

# The file with spaces and Chinese characters in its name.
SPACED_NAME = "民政 工作报告 2023年.txt"
UNREADABLE_NAME = "unreadable.txt"
UNREADABLE_TARGET = "unreadable-target-is-missing.txt"

# Text each good file must decode to (the truncated file loses its last character).
EXPECTED_TEXT: dict[str, str] = {
    "truncated-utf8.txt": GOOD_REPORT_TEXT.rstrip("\n")[:-1],
    "gbk-report.txt": GOOD_REPORT_TEXT,
    "utf8-bom-report.txt": GOOD_REPORT_TEXT,
    "utf16-report.txt": GOOD_REPORT_TEXT,
    SPACED_NAME: GOOD_REPORT_TEXT,
    "report.docx": "\n".join(REPORT_LINES[1:3])
    + "\n项目\t户数\t人数\n城市低保\t1305\t1968\n"
    + "\n".join(REPORT_LINES[3:]),
    "report.html": "\n".join(REPORT_LINES[1:3])
    + "\n项目\t户数\t人数\n城市低保\t1305\t1968\n"
    + "\n".join(REPORT_LINES[3:]),
    "report-gb2312.html": "\n".join(REPORT_LINES[1:]),
}

# Title each good file must report (files without a title report None).
EXPECTED_TITLE: dict[str, str] = {
    "report.docx": REPORT_TITLE,
    "report.html": REPORT_TITLE,
    "report-gb2312.html": REPORT_TITLE,
}


# Every file make_bad_input_folder writes, with the outcome reading it must have.
EXPECTED_OUTCOMES: dict[str, str] = {
    "empty.txt": "EmptyInputError",
    "blank.txt": "EmptyInputError",
    "binary.txt": "BinaryInputError",
    "nul.txt": "BinaryInputError",
    "pdf-as-text.txt": "BinaryInputError",
    "latin1-garbage.txt": "EncodingInputError",
    "truncated-utf8.txt": OK,
    "gbk-report.txt": OK,
    "utf8-bom-report.txt": OK,
    "utf16-report.txt": OK,
    SPACED_NAME: OK,
    "report.docx": OK,
    "corrupt.docx": "EncodingInputError",
    "report.html": OK,
    "report-gb2312.html": OK,
    UNREADABLE_NAME: "UnreadableInputError",
}


def make_bad_input_folder(root: Path) -> dict[str, str]:
    """Write one file per good or bad input case into ``root``.

    Returns ``{file name: expected outcome}`` where the outcome is ``"ok"`` or
    the name of the :class:`etl.errors.InputError` subclass that reading the
    file must raise.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        (root / name).write_bytes(data)
        outcomes[name] = outcome

    put("empty.txt", b"", "EmptyInputError")
    put("blank.txt", " \n\t\u3000\u3000\r\n   \n".encode("utf-8"), "EmptyInputError")
    put("binary.txt", tiny_png(), "BinaryInputError")
    put("nul.txt", "低保对象1200人\x00\x00\x00发放资金".encode("utf-8"), "BinaryInputError")
    put("pdf-as-text.txt", tiny_pdf(), "BinaryInputError")
    put("latin1-garbage.txt", latin1_garbage(), "EncodingInputError")
    put("truncated-utf8.txt", truncated_utf8(GOOD_REPORT_TEXT.rstrip("\n")), OK)
    put("gbk-report.txt", GOOD_REPORT_TEXT.encode("gbk"), OK)
    put("utf8-bom-report.txt", b"\xef\xbb\xbf" + GOOD_REPORT_TEXT.encode("utf-8"), OK)
    put("utf16-report.txt", GOOD_REPORT_TEXT.encode("utf-16"), OK)  # Python writes a BOM
    put(SPACED_NAME, GOOD_REPORT_TEXT.encode("utf-8"), OK)
    docx_bytes = small_docx()
    put("report.docx", docx_bytes, OK)
    put("corrupt.docx", docx_bytes[: len(docx_bytes) // 2], "EncodingInputError")
    put("report.html", report_html().encode("utf-8"), OK)
    put("report-gb2312.html", report_html_gb2312().encode("gb2312"), OK)
    make_unreadable(root / UNREADABLE_NAME)
    outcomes[UNREADABLE_NAME] = "UnreadableInputError"
    assert outcomes == EXPECTED_OUTCOMES, "EXPECTED_OUTCOMES is out of date"
    return outcomes


def make_unreadable(path: Path) -> str:
    """Make ``path`` a file that cannot be read; return how ("chmod" or "dangling-symlink").

    ``chmod 000`` is tried first; if the file is still readable (running as
    root), it is replaced by a symbolic link to a file that does not exist.
    """
    path.write_text("此文件不可读。\n", encoding="utf-8")
    path.chmod(0)
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        return "chmod"
    path.unlink()
    os.symlink(UNREADABLE_TARGET, path)
    return "dangling-symlink"


def truncated_utf8(text: str) -> bytes:
    """``text`` as UTF-8 with the last character cut after its first byte."""
    assert ord(text[-1]) > 0x7F, "the last character must be multi-byte"
    data = text.encode("utf-8")
    return data[: len(data) - len(text[-1].encode("utf-8")) + 1]


def latin1_garbage(size: int = 2000, seed: int = 20230101) -> bytes:
    """Random high bytes: valid Latin-1, but no plausible text in any encoding."""
    rnd = random.Random(seed)
    return bytes(rnd.randrange(0x80, 0x100) for _ in range(size))


def tiny_png() -> bytes:
    """A valid 1x1 PNG image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def tiny_pdf() -> bytes:
    """The start of a PDF file (enough for any signature check)."""
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def small_docx() -> bytes:
    """A real .docx: title property, two paragraphs, a table, two paragraphs."""
    import docx

    document = docx.Document()
    document.core_properties.title = REPORT_TITLE
    for line in REPORT_LINES[1:3]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, (("项目", "户数", "人数"), ("城市低保", "1305", "1968"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    for line in REPORT_LINES[3:]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_html() -> str:
    """A UTF-8 report page with head noise, a script, a table and nested blocks.

    One paragraph is wrapped in the source between two Chinese characters; as
    in a browser, that line break must vanish rather than become a space.
    """
    first, second, third, fourth = REPORT_LINES[1:]
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>{REPORT_TITLE}</title>
  <style>p {{ margin: 0 }}</style>
  <script>var visits = "阅读次数 12345";</script>
</head>
<body>
  <div class="content">
    <p>{first}</p>
    <p>{second[:4]}
       {second[4:]}</p>
    <table>
      <tr><th>项目</th><th>户数</th><th>人数</th></tr>
      <tr><td>城市低保</td><td>1305</td><td>1968</td></tr>
    </table>
    <!-- 注释里的数字999人不应出现 -->
    <p>{third}<br>{fourth}</p>
  </div>
  <script>document.write("脚本里的数字888人");</script>
</body>
</html>
"""


def report_html_gb2312() -> str:
    """An old-style page that declares gb2312 in a http-equiv meta tag."""
    body = "<br>\n".join(REPORT_LINES[1:])
    return (
        "<html><head>"
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"<title>{REPORT_TITLE}</title></head>"
        f"<body><font size=3>{body}</font></body></html>"
    )


def report_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    cjk: bool = True,
    image_only: bool = False,
    password: str | None = None,
) -> bytes:
    """A real PDF written with reportlab: one list of lines per page, top to bottom.

    ``cjk`` sets the text in reportlab's built-in Adobe CID font STSong-Light
    (Chinese without a font file), else in Helvetica (ASCII only).
    ``image_only`` draws each page as a picture and no text: what a scanner
    produces. ``password`` encrypts the file.
    """
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    if cjk:
        font = "STSong-Light"
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=password, invariant=True)
    if title is not None:
        pdf.setTitle(title)
    for lines in pages:
        if image_only:
            pdf.drawImage(ImageReader(io.BytesIO(tiny_png())), 72, 400, width=400, height=300)
        else:
            pdf.setFont(font, 11)
            for row, line in enumerate(lines):
                pdf.drawString(56, 780 - 18 * row, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
