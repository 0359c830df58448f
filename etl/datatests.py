"""Data checks in the dbt style: SQL queries under ``schema/checks/`` that return offending rows.

Each ``schema/checks/<name>.sql`` is one SELECT that must return no rows on a
healthy database (duplicate city-year rows in a roll-up view, negative values,
a fact whose quote does not fit its span ...). The SQL runs unchanged on SQLite
and PostgreSQL. ``run_checks`` runs them all; an ``etl check`` command can print
the result and fail when any check returns rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from etl import resources
from etl.errors import CatalogueError, DatabaseError

CHECKS_DIR = resources.checks_dir()


def check_names(checks_dir: Path = CHECKS_DIR) -> list[str]:
    """Names of the available checks (file stems), sorted."""
    return sorted(path.stem for path in checks_dir.glob("*.sql"))


def check_sql(name: str, checks_dir: Path = CHECKS_DIR) -> str:
    """The SELECT statement of check ``name``."""
    path = checks_dir / f"{name}.sql"
    try:
        return path.read_text(encoding="utf-8").strip().rstrip(";")
    except FileNotFoundError as exc:
        raise CatalogueError(f"data check missing: {path}") from exc


def run_check(engine: Engine, name: str, *, limit: int | None = None, checks_dir: Path = CHECKS_DIR) -> list[dict[str, Any]]:
    """Run one check; return its offending rows as dicts (at most ``limit`` of them)."""
    sql = check_sql(name, checks_dir)
    try:
        with engine.connect() as connection:
            result = connection.execute(text(sql))
            rows = result.fetchall() if limit is None else result.fetchmany(limit)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()
        raise DatabaseError(f"data check {name!r} failed to run: {reason[0] if reason else exc}") from exc
    return [dict(row._mapping) for row in rows]


def run_checks(
    engine: Engine,
    names: list[str] | None = None,
    *,
    limit: int | None = None,
    checks_dir: Path = CHECKS_DIR,
) -> dict[str, list[dict[str, Any]]]:
    """Run the checks ``names`` (default: all); map each name to its offending rows.

    A healthy database maps every name to an empty list.
    """
    return {name: run_check(engine, name, limit=limit, checks_dir=checks_dir) for name in (names or check_names(checks_dir))}


def failing(results: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The subset of ``results`` whose check returned rows."""
    return {name: rows for name, rows in results.items() if rows}
