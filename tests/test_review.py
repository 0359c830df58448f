"""``etl review``: the static review site (structure, spans, escaping, filters, --serve), without a browser.

tests/test_review_browser.py checks the same pages in headless Chromium.
"""

from __future__ import annotations

import threading
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from etl import corrections
from etl.cli import cli
from etl.corrections import parse_assignments
from etl.review import Filters, ReviewError, build_site, make_server
from etl.review.render import page_name, segments
from review_support import SAMPLE_FILES, WUHU, WUHU_QUOTE, clean, facts_where, load, one_fact  # noqa: F401

pytestmark = pytest.mark.usefixtures("clean")

HOSTILE = "关于<script>window.pwned = 1;</script>的报告\n2023年全市城乡低保对象1000人。<b>加粗</b> & 其他。\n"


class Highlights(HTMLParser):
    """Collects, per fact id, the text of the segments that carry it (what a reader sees highlighted)."""

    def __init__(self) -> None:
        super().__init__()
        self.facts: dict[str, str] = {}
        self.classes: dict[str, set[str]] = {}
        self.mentions = 0
        self._stack: list[list[str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self._in_script = a.get("type") != "application/json"
        if tag == "span" and "hl" in (a.get("class") or "").split():
            ids = (a.get("data-facts") or "").split()
            self.mentions += bool(a.get("data-mentions"))
            for i in ids:
                self.classes.setdefault(i, set()).update((a.get("class") or "").split())
            self._stack.append(ids)
        elif tag == "span":
            self._stack.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._stack:
            self._stack.pop()
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        for ids in self._stack:
            for i in ids:
                self.facts[i] = self.facts.get(i, "") + data


def parse(path: Path) -> Highlights:
    parser = Highlights()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_fact_is_highlighted_exactly_at_its_span(engine: Engine, tmp_path: Path) -> None:
    load(engine)
    report = build_site(engine, tmp_path / "site")
    assert report.documents == 5 and report.without_text == []
    by_document: dict[str, list[dict]] = {}
    for fact in facts_where(engine, "1 = 1"):
        by_document.setdefault(fact["document"], []).append(fact)
    for name, facts in by_document.items():
        sha = _sha(engine, name)
        highlights = parse(tmp_path / "site" / page_name(name, sha))
        assert set(highlights.facts) == {str(f["fact_id"]) for f in facts}
        for fact in facts:
            assert highlights.facts[str(fact["fact_id"])] == fact["quote"], fact
        assert highlights.mentions > 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="000_686f70dac24498b1_') >= 1 and "Roll-ups per city and year" in index
    assert "芜湖市 (340200) 2024" in index


def _sha(engine: Engine, name: str) -> str:
    from sqlalchemy import text

    with engine.connect() as connection:
        return connection.execute(text("SELECT sha256 FROM document WHERE name = :n"), {"n": name}).scalar_one()


def test_corrected_and_rejected_figures_are_shown_distinctly(engine: Engine, tmp_path: Path) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    corrections.correct_fact(engine, fact["fact_id"], parse_assignments(["value=84000"]), note="checked")
    tekun = one_fact(engine, "特困供养1.8万人")
    corrections.reject_fact(engine, tekun["fact_id"])
    build_site(engine, tmp_path)
    page = tmp_path / page_name(WUHU.name, _sha(engine, WUHU.name))
    highlights = parse(page)
    assert "corrected" in highlights.classes[str(fact["fact_id"])]
    others = [c for i, c in highlights.classes.items() if i != str(fact["fact_id"])]
    assert others and all("corrected" not in c for c in others)
    html = page.read_text(encoding="utf-8")
    assert str(tekun["fact_id"]) not in highlights.facts
    assert 'class="hl rejected"' in html and "84000" in html


def test_document_text_and_quotes_are_escaped(engine: Engine, tmp_path: Path) -> None:
    doc = tmp_path / "docs" / "hostile.txt"
    doc.parent.mkdir()
    doc.write_text(HOSTILE, encoding="utf-8")
    summary = load(engine, doc)
    assert summary.loaded == 1
    build_site(engine, tmp_path / "site")
    page = tmp_path / "site" / page_name("hostile.txt", _sha(engine, "hostile.txt"))
    html = page.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in html and "<b>加粗" not in html
    assert "&lt;script&gt;window.pwned = 1;&lt;/script&gt;" in html
    assert "window.pwned" not in "".join(parse(page).scripts)  # no script element holds the document's code
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in index


def test_filters_select_documents_and_facts(engine: Engine, tmp_path: Path) -> None:
    load(engine)
    report = build_site(engine, tmp_path, Filters(city="芜湖", year=2024, program="dibao"))
    assert report.documents == 1 and report.facts > 0
    html = (tmp_path / page_name(WUHU.name, _sha(engine, WUHU.name))).read_text(encoding="utf-8")
    assert "Filtered: city 芜湖, year 2024, program dibao" in html
    wanted = facts_where(engine, "city_code = '340200' AND year = 2024 AND program IN ('dibao', 'dibao_urban', 'dibao_rural')")
    assert set(parse(tmp_path / page_name(WUHU.name, _sha(engine, WUHU.name))).facts) == {str(f["fact_id"]) for f in wanted}
    only = build_site(engine, tmp_path / "one", Filters(document=SAMPLE_FILES[1].name))
    assert only.documents == 1
    with pytest.raises(ReviewError, match="--city 不存在"):
        build_site(engine, tmp_path / "x", Filters(city="不存在"))
    with pytest.raises(ReviewError, match="--document nope.txt"):
        build_site(engine, tmp_path / "x", Filters(document="nope.txt"))


def test_segments_cover_the_text_and_overlapping_spans() -> None:
    pieces = segments(10, [(2, 6, "facts", 1), (4, 8, "facts", 2), (4, 6, "mentions", 9)])
    assert [(a, b) for a, b, _ in pieces] == [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)]
    assert [c for _, _, c in pieces] == [{}, {"facts": [1]}, {"facts": [1, 2], "mentions": [9]}, {"facts": [2]}, {}]


def test_the_cli_writes_the_site_and_serves_it_on_localhost_only(engine: Engine, tmp_path: Path) -> None:
    load(engine, WUHU)
    db = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(cli, ["review", "-o", str(tmp_path / "site"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "Wrote 1 document page(s)" in result.output and (tmp_path / "site" / "index.html").is_file()
    server = make_server(tmp_path / "site", 0)
    assert server.server_address[0] == "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/index.html", timeout=10) as response:
            assert response.status == 200 and "Review: 1 documents" in response.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_exports_with_provenance_carry_url_quote_and_parser_version(engine: Engine, tmp_path: Path) -> None:
    import pandas as pd

    from etl.errors import ConfigError
    from etl.extract import PARSER_VERSION
    from etl.review.provenance import export_with_provenance

    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    corrections.correct_fact(engine, fact["fact_id"], parse_assignments(["value=84000"]))
    rows = export_with_provenance(engine, "v_fact", tmp_path / "facts.csv")
    frame = pd.read_csv(tmp_path / "facts.csv")
    assert rows == len(frame) == len(facts_where(engine, "1 = 1"))
    assert (frame["source_quote"] == frame["quote"]).all()
    assert set(frame["source_parser_version"]) == {PARSER_VERSION}
    assert frame.loc[frame["fact_id"] == fact["fact_id"], "source_corrected"].tolist() == [1]
    best = export_with_provenance(engine, "v_city_year_best", tmp_path / "best.csv")
    assert best > 0 and "source_url" in pd.read_csv(tmp_path / "best.csv").columns
    with pytest.raises(ConfigError, match="no fact_id column"):
        export_with_provenance(engine, "v_dibao_city_year", tmp_path / "x.csv")


def test_cli_export_with_provenance(engine: Engine, tmp_path: Path) -> None:
    import csv

    from click.testing import CliRunner

    from etl.cli import cli

    load(engine, WUHU)
    url = engine.url.render_as_string(hide_password=False)
    out = tmp_path / "facts.csv"
    result = CliRunner().invoke(cli, ["export", "v_fact", "--provenance", "-o", str(out), "--db", url])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["source_quote"] == row["quote"] for row in rows)
    assert {"source_url", "source_parser_version", "source_corrected"} <= set(rows[0])
    refused = CliRunner().invoke(cli, ["export", "v_dibao_city_year", "--provenance", "-o", str(out), "--db", url])
    assert refused.exit_code != 0 and "no fact_id column" in refused.output
