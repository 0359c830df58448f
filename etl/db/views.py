"""View SQL kept in versioned files under ``schema/views/<name>/vNNN.sql``.

Migrations reference a view version by number (scenic / alembic-dddl style):
upgrading to a new version drops the view and creates it from the new file,
downgrading recreates the previous version. The SQL is written to run
unchanged on SQLite and PostgreSQL.

:func:`replace_view` also keeps what a DROP VIEW would lose on PostgreSQL: it
re-applies the view's descriptions (``COMMENT ON``, from
``schema/view_descriptions.csv``) and its grants (read before the DROP, see
:mod:`etl.db.grants`), so BI roles and column descriptions survive
``etl db downgrade 0004 && etl db upgrade``.
"""

from __future__ import annotations

from pathlib import Path

from etl.catalogue import PROJECT_ROOT
from etl.db.comments import apply_comments
from etl.db.grants import apply_grants, grants_to_restore
from etl.errors import CatalogueError

VIEWS_DIR = PROJECT_ROOT / "schema" / "views"


def view_path(name: str, version: int) -> Path:
    """Path of version ``version`` of view ``name``."""
    return VIEWS_DIR / name / f"v{version:03d}.sql"


def view_sql(name: str, version: int) -> str:
    """The SELECT statement of a view version (without CREATE VIEW)."""
    path = view_path(name, version)
    try:
        return path.read_text(encoding="utf-8").strip().rstrip(";")
    except FileNotFoundError as exc:
        raise CatalogueError(f"view definition missing: {path}") from exc


def create_view_statements(name: str, version: int) -> list[str]:
    """Statements that (re)create ``name`` at ``version``."""
    return [f"DROP VIEW IF EXISTS {name}", f"CREATE VIEW {name} AS\n{view_sql(name, version)}"]


def drop_view_statement(name: str) -> str:
    """Statement that drops ``name`` if it exists."""
    return f"DROP VIEW IF EXISTS {name}"


def replace_view(op, name: str, version: int) -> None:  # type: ignore[no-untyped-def]
    """For migrations: make ``name`` be ``version`` (``op`` is alembic.op).

    Its grants (read before the DROP) and its descriptions are applied again.
    """
    connection = op.get_bind()
    grants = grants_to_restore(connection, name)
    for statement in create_view_statements(name, version):
        op.execute(statement)
    apply_comments(connection, name)
    apply_grants(connection, name, grants)
