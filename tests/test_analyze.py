"""Planner statistics after a load: the tables a load wrote are analyzed (sqlite_stat1, pg_stat_user_tables)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text

from etl.db.stats import analyze_after_load, analyzed_tables
from support import SAMPLES


def _pg_analyzed(engine: Engine) -> dict[str, tuple[datetime | None, float]]:
    """table -> (last manual ANALYZE, reltuples) on PostgreSQL."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.relname, s.last_analyze, c.reltuples FROM pg_stat_user_tables s"
                " JOIN pg_class c ON c.oid = s.relid WHERE s.schemaname = current_schema()"
            )
        ).all()
    return {name: (last, tuples) for name, last, tuples in rows}


def _sqlite_stats(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
        if not exists:
            return set()
        return set(connection.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1")).scalars())


def _now(engine: Engine) -> datetime:
    with engine.connect() as connection:
        return connection.execute(text("SELECT clock_timestamp()")).scalar_one()


def test_a_load_that_wrote_documents_leaves_fresh_statistics(engine: Engine) -> None:
    from etl.load import load_paths

    before = _now(engine) if engine.dialect.name == "postgresql" else None
    summary = load_paths([SAMPLES], engine=engine, workers=1)
    assert summary.loaded == 5 and summary.facts > 0
    if engine.dialect.name == "sqlite":
        assert {"fact", "document", "jurisdiction", "unclassified_mention"} <= _sqlite_stats(engine)
        return
    stats = _pg_analyzed(engine)
    for table in ("fact", "document", "jurisdiction", "unclassified_mention", "load_run"):
        last, _ = stats[table]
        assert last is not None and last >= before, (table, last, before)
    with engine.connect() as connection:
        facts = connection.execute(text("SELECT count(*) FROM fact")).scalar_one()
    assert stats["fact"][1] == facts  # ANALYZE read the whole (small) table
    assert stats["jurisdiction"][1] > 3000


def test_a_load_that_wrote_nothing_analyzes_nothing(engine: Engine, tmp_path: Path) -> None:
    from etl.load import load_paths

    assert analyze_after_load(engine, 0) == []
    only = tmp_path / "docs"
    only.mkdir()
    shutil.copy(next(SAMPLES.glob("*.txt")), only)
    load_paths([only], engine=engine, workers=1)
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM sqlite_stat1"))
        summary = load_paths([only], engine=engine, workers=1)
        assert summary.loaded == 0 and summary.unchanged == 1
        assert _sqlite_stats(engine) == set()
        return
    first = _pg_analyzed(engine)["fact"][0]
    summary = load_paths([only], engine=engine, workers=1)
    assert summary.loaded == 0 and summary.unchanged == 1
    assert _pg_analyzed(engine)["fact"][0] == first


def test_every_table_of_the_model_is_analyzed() -> None:
    assert {"fact", "document", "unclassified_mention", "load_run", "load_error", "jurisdiction", "program"} <= set(
        analyzed_tables()
    )
