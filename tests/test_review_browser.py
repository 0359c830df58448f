"""The review pages in a real browser: headless Chromium (Debian's chromium + chromium-driver) via Selenium.

Checks that the highlighted text of every fact equals its quote, that a
correction shows up (outlined, and in the fields shown on hover) and that a
``<script>`` in a document does not run. Skipped, saying why, where Chromium,
its driver or Selenium is missing; .ci/run installs them. Set
ETL_REVIEW_SCREENSHOT=docs/review.png to save the screenshot of the first
sample report's page that the test takes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from etl import corrections
from etl.corrections import parse_assignments
from etl.review import build_site
from etl.review.render import page_name
from review_support import SAMPLE_FILES, WUHU, WUHU_QUOTE, clean, facts_where, load, one_fact  # noqa: F401
from test_review import HOSTILE

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
DRIVER = shutil.which("chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000")

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
except ImportError:  # pragma: no cover - depends on the environment
    webdriver = None

pytestmark = [
    pytest.mark.usefixtures("clean"),
    pytest.mark.skipif(webdriver is None, reason="selenium is not installed (pip install -e '.[dev]')"),
    pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                       reason="no Chromium: apt-get install chromium chromium-driver (the browser test needs both)"),
]

# Text of each fact id on the page = the concatenated text of the highlights that carry it.
HIGHLIGHTED = """
const out = {};
document.querySelectorAll('.hl[data-facts]').forEach(function (el) {
  el.getAttribute('data-facts').split(' ').forEach(function (id) { out[id] = (out[id] || '') + el.textContent; });
});
return out;
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module, with a fresh profile, no network services."""
    profile = tempfile.mkdtemp(prefix="etl-chromium-")
    options = webdriver.ChromeOptions()
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _sha(engine: Engine, name: str) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT sha256 FROM document WHERE name = :n"), {"n": name}).scalar_one()


def test_the_review_pages_in_chromium(engine: Engine, browser: Any, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in SAMPLE_FILES:
        shutil.copyfile(path, docs / path.name)
    (docs / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    load(engine, docs)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    corrections.correct_fact(engine, fact["fact_id"], parse_assignments(["value=84000"]), note="checked by hand")
    site = tmp_path / "site"
    build_site(engine, site)

    names = {f["document"] for f in facts_where(engine, "1 = 1")}
    assert len(names) >= 5
    for name in sorted(names):
        browser.get((site / page_name(name, _sha(engine, name))).as_uri())
        shown = browser.execute_script(HIGHLIGHTED)
        quotes = {str(f["fact_id"]): f["quote"] for f in facts_where(engine, "document = :n", n=name)}
        assert shown == quotes, name

    browser.get((site / page_name(WUHU.name, _sha(engine, WUHU.name))).as_uri())
    [marked] = [el for el in browser.find_elements(By.CSS_SELECTOR, ".hl.corrected")
                if str(fact["fact_id"]) in (el.get_attribute("data-facts") or "").split()]
    assert browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", marked) == "solid"
    ActionChains(browser).move_to_element(marked).perform()
    details = browser.find_element(By.ID, "details").text
    assert "84000" in details and "checked by hand" in details and "yes" in details
    screenshot = tmp_path / "review.png"
    assert browser.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 10_000
    if os.environ.get("ETL_REVIEW_SCREENSHOT"):
        shutil.copyfile(screenshot, os.environ["ETL_REVIEW_SCREENSHOT"])

    browser.get((site / page_name("hostile.txt", _sha(engine, "hostile.txt"))).as_uri())
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert "<script>window.pwned = 1;</script>" in browser.find_element(By.ID, "text").text
    assert browser.find_elements(By.CSS_SELECTOR, "#text script, #text b") == []

    browser.get((site / "index.html").as_uri())
    link = browser.find_element(By.PARTIAL_LINK_TEXT, f"#{fact['fact_id']}")
    link.click()
    selected = browser.find_elements(By.CSS_SELECTOR, ".hl.selected")
    assert selected and "".join(el.text for el in selected) == WUHU_QUOTE
