"""Helpers of the review and correction tests (import as ``from review_support import ...``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from etl.load import load_paths
from support import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
# A figure of the first sample report (芜湖市 2024) and its extracted fields.
WUHU = SAMPLE_FILES[0]
WUHU_QUOTE = "全市城乡低保对象8.3万人"


def clear_corrections(engine: Engine) -> None:
    """The shared PostgreSQL test database keeps tables the conftest does not empty: empty this one."""
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM correction"))


@pytest.fixture
def clean(engine: Engine) -> Iterator[Engine]:
    """``engine`` with no corrections before and after the test."""
    clear_corrections(engine)
    yield engine
    clear_corrections(engine)


def load(engine: Engine, *paths: Any) -> Any:
    """Load files with one worker; return the summary."""
    return load_paths(list(paths) or SAMPLE_FILES, engine=engine, workers=1)


def facts_where(engine: Engine, where: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of v_fact matching a WHERE clause."""
    with engine.connect() as connection:
        return [dict(r) for r in connection.execute(text(f"SELECT * FROM v_fact WHERE {where} ORDER BY fact_id"), params).mappings()]


def one_fact(engine: Engine, quote: str, program: str | None = None) -> dict[str, Any]:
    """The single v_fact row with this quote (and program)."""
    rows = [r for r in facts_where(engine, "quote = :q", q=quote) if program is None or r["program"] == program]
    assert len(rows) == 1, rows
    return rows[0]


def force_reextraction(engine: Engine) -> None:
    """As if every document had been loaded by an older parser version."""
    with engine.begin() as connection:
        connection.execute(text("UPDATE document SET parser_version = '0.0.1+old'"))
