"""Fuzz read -> extract (issue 10): random bytes, truncations and byte-level mutations of
the sample reports, and random HTML, DOCX and PDF structure.

For every input the outcome is an extraction or an :class:`~etl.errors.EtlError`, never
another exception; every fact's and mention's span reproduces its quote in the decoded
text; and each case stays within a CPU-time and memory bound (generous guards against a
hang or a blow-up, not speed measurements).

Short by default (the "ci" Hypothesis profile, tests/conftest.py); at length with::

    python -m pytest tests/test_fuzz.py --hypothesis-profile=long
"""

from __future__ import annotations

import html
import io
import resource
import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from etl.errors import EtlError
from etl.extract import extract_text
from etl.extract.read import decode_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "seeds" / "samples"
SUFFIXES = (".txt", ".html", ".docx", ".pdf", ".dat")
# Limits per case: the reader's own size limit, then guards far above what a case needs.
MAX_BYTES = 1 << 20
CASE_CPU_SECONDS = 30.0
CASE_MEMORY_GROWTH = 512 << 20


@cache
def sample_texts() -> tuple[str, ...]:
    texts = tuple(path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt")))
    assert texts, f"no sample reports under {SAMPLES}"
    return texts


@cache
def sample_lines() -> tuple[str, ...]:
    return tuple(line for text in sample_texts() for line in text.splitlines() if line.strip())


@cache
def sample_encodings() -> tuple[bytes, ...]:
    """Every sample report in the encodings the reader detects."""
    return tuple(
        text.encode(codec)
        for text in sample_texts()
        for codec in ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be")
    )


def _max_rss() -> int:
    """Peak resident memory of this process so far, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def read_then_extract(data: bytes, suffix: str) -> None:
    """Decode and extract ``data``; fail on anything but a result or an EtlError."""
    rss, cpu = _max_rss(), time.process_time()
    try:
        doc = decode_bytes(data, "fuzz" + suffix, suffix=suffix, max_bytes=MAX_BYTES)
        extraction = extract_text(doc.text, doc.name, None, title=doc.title)
    except EtlError as exc:
        message = str(exc)
        assert message and "\n" not in message, message
        event(type(exc).__name__)
        return
    finally:
        assert time.process_time() - cpu < CASE_CPU_SECONDS
        assert _max_rss() - rss < CASE_MEMORY_GROWTH
    assert extraction.text == doc.text
    event("extracted, with facts" if extraction.facts else "extracted, no facts")
    for item in (*extraction.facts, *extraction.mentions):
        start, end = item.span
        assert doc.text[start:end] == item.quote, item


# ---------------------------------------------------------------------------
# bytes: random, truncated, mutated
# ---------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, source: st.SearchStrategy[bytes]) -> bytes:
    """``source`` with a few byte-level edits: flips, inserts, deletes, repeats, a cut."""
    data = bytearray(draw(source))
    for _ in range(draw(st.integers(0, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(("flip", "set", "insert", "delete", "repeat", "cut")))
        if op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[at] = draw(st.sampled_from((0x00, 0x0A, 0x0D, 0x3C, 0x80, 0xA1, 0xE4, 0xFE, 0xFF)))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 16))]
        elif op == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


@given(st.binary(max_size=2048), st.sampled_from(SUFFIXES))
def test_random_bytes(data: bytes, suffix: str) -> None:
    read_then_extract(data, suffix)


@given(st.sampled_from(sample_encodings()), st.floats(0, 1), st.sampled_from(SUFFIXES))
def test_truncated_sample_reports(data: bytes, share: float, suffix: str) -> None:
    read_then_extract(data[: int(len(data) * share)], suffix)


@given(mutated(st.sampled_from(sample_encodings())), st.sampled_from((".txt", ".html", ".dat")))
def test_mutated_sample_reports(data: bytes, suffix: str) -> None:
    read_then_extract(data, suffix)


# ---------------------------------------------------------------------------
# structure: HTML, DOCX, PDF
# ---------------------------------------------------------------------------

HTML_TAGS = ("div", "p", "span", "table", "tr", "td", "th", "br", "pre", "script", "style", "li", "ul",
             "h1", "font", "b", "section", "title", "head", "body", "ruby", "rt", "svg", "template")
text_pieces = st.one_of(
    st.sampled_from(sample_lines()).map(html.escape),
    st.sampled_from(("\n", " ", "&nbsp;", "&amp;", "&#x4e00;", "<!-- 注释 -->", "<![CDATA[1305]]>", "万元\n。")),
    st.text(max_size=20).map(html.escape),
)
html_trees = st.recursive(
    text_pieces,
    lambda children: st.builds(
        lambda tag, inner, closed: f"<{tag}>{''.join(inner)}{f'</{tag}>' if closed else ''}",
        st.sampled_from(HTML_TAGS), st.lists(children, max_size=4), st.booleans(),
    ),
    max_leaves=30,
)


@given(html_trees, st.sampled_from(("utf-8", "gb18030", "utf-16")), st.booleans(), st.integers(0, 300))
def test_random_html(tree: str, codec: str, declare: bool, depth: int) -> None:
    head = f'<head><meta charset="{codec}"></head>' if declare else ""
    page = f"<html>{head}<body>{'<div>' * depth}{tree}{'</div>' * depth}</body></html>"
    read_then_extract(page.encode(codec, errors="replace"), ".html")


docx_blocks = st.lists(
    st.one_of(
        st.sampled_from(sample_lines()).map(lambda line: ("p", line)),
        st.lists(st.lists(st.sampled_from(sample_lines()), min_size=1, max_size=3), min_size=1, max_size=3)
        .map(lambda rows: ("table", rows)),
        st.text(max_size=30).map(lambda line: ("p", line)),
    ),
    max_size=12,
)


def build_docx(blocks: list[tuple[str, object]]) -> bytes:
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind == "p":
            # XML cannot carry most C0 controls; python-docx refuses them.
            document.add_paragraph("".join(ch for ch in str(content) if ch >= " " or ch in "\t\n"))
        else:
            rows = list(content)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for row, cells in zip(table.rows, rows):
                for cell, value in zip(row.cells, cells):
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@given(docx_blocks, st.booleans(), st.data())
def test_random_docx(blocks: list[tuple[str, object]], mutate: bool, data: st.DataObject) -> None:
    raw = build_docx(blocks)
    if mutate:
        raw = data.draw(mutated(st.just(raw)))
    read_then_extract(raw, ".docx")


@given(st.lists(st.lists(st.sampled_from(sample_lines()), max_size=6), min_size=1, max_size=4),
       st.booleans(), st.data())
def test_random_pdf(pages: list[list[str]], mutate: bool, data: st.DataObject) -> None:
    pytest.importorskip("reportlab")
    from fixtures_bad_input import report_pdf

    # reportlab draws each line on one row; long sample lines simply run off the page.
    raw = report_pdf([[line[:60] for line in page] for page in pages])
    if mutate:
        raw = data.draw(mutated(st.just(raw)))
    read_then_extract(raw, ".pdf")
