"""Descriptions of the views and their columns, kept in one file: ``schema/view_descriptions.csv``.

The file is the single source (like dbt's ``schema.yml``) of

* the ``COMMENT ON VIEW`` / ``COMMENT ON COLUMN`` statements applied on
  PostgreSQL whenever a migration (re)creates a view (BI tools show them as
  dataset and column descriptions), and
* the data dictionary ``docs/views.md`` (:func:`render_data_dictionary`,
  written by ``scripts/build_views_doc.py``).

One row per view (``column`` empty; ``role`` is the view's layer: facts,
staging, intermediate, mart) and one row per column: its logical ``type``
(text, integer, number, date, timestamp: what a BI tool should see on
PostgreSQL), its ``role`` for a BI user (dimension, time, measure, lineage) and
a one-line ``description``. A test fails when a view column has no row.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, inspect

from etl.catalogue import PROJECT_ROOT
from etl.errors import CatalogueError

DESCRIPTIONS_FILE = PROJECT_ROOT / "schema" / "view_descriptions.csv"
FIELDS = ["view", "column", "type", "role", "description"]
TYPES = ("text", "integer", "number", "date", "timestamp")
ROLES = ("dimension", "time", "measure", "lineage")
LAYERS = ("facts", "mart", "staging", "intermediate")  # also the order of the data dictionary


@dataclass(frozen=True, slots=True)
class ColumnDoc:
    """One documented column of a view."""

    name: str
    type: str
    role: str
    description: str


@dataclass(frozen=True, slots=True)
class ViewDoc:
    """One documented view: its layer, description and columns in file order."""

    name: str
    layer: str
    description: str
    columns: tuple[ColumnDoc, ...]

    def column(self, name: str) -> ColumnDoc | None:
        """The documented column ``name``, or None."""
        return next((column for column in self.columns if column.name == name), None)


def load_descriptions(path: Path = DESCRIPTIONS_FILE) -> dict[str, ViewDoc]:
    """Read the descriptions file: view name -> :class:`ViewDoc`, in file order.

    Raises :class:`CatalogueError` naming the file and line for a malformed row.
    """
    return dict(_load_cached(path))


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path) -> tuple[tuple[str, ViewDoc], ...]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != FIELDS:
                raise CatalogueError(f"{path}: header must be {','.join(FIELDS)}, got {reader.fieldnames}")
            rows = list(reader)
    except FileNotFoundError as exc:
        raise CatalogueError(f"view descriptions missing: {path}") from exc
    views: dict[str, tuple[str, str]] = {}
    columns: dict[str, list[ColumnDoc]] = {}
    for line, row in enumerate(rows, start=2):
        _check_row(path, line, row, views, columns)
        if not row["column"]:
            views[row["view"]] = (row["role"], row["description"])
            columns[row["view"]] = []
        else:
            columns[row["view"]].append(ColumnDoc(row["column"], row["type"], row["role"], row["description"]))
    return tuple(
        (name, ViewDoc(name, layer, description, tuple(columns[name]))) for name, (layer, description) in views.items()
    )


def _check_row(
    path: Path, line: int, row: dict[str, str], views: dict[str, tuple[str, str]], columns: dict[str, list[ColumnDoc]]
) -> None:
    where = f"{path}:{line}"
    view, column = row["view"], row["column"]
    if not view or not (row["description"] or "").strip():
        raise CatalogueError(f"{where}: every row needs a view and a description")
    if not column:
        if view in views:
            raise CatalogueError(f"{where}: view {view} is described twice")
        if row["role"] not in LAYERS:
            raise CatalogueError(f"{where}: layer {row['role']!r} of {view} is not one of {', '.join(LAYERS)}")
        return
    if view not in views:
        raise CatalogueError(f"{where}: column {column} comes before the row describing view {view}")
    if any(existing.name == column for existing in columns[view]):
        raise CatalogueError(f"{where}: column {view}.{column} is described twice")
    if row["type"] not in TYPES:
        raise CatalogueError(f"{where}: type {row['type']!r} of {view}.{column} is not one of {', '.join(TYPES)}")
    if row["role"] not in ROLES:
        raise CatalogueError(f"{where}: role {row['role']!r} of {view}.{column} is not one of {', '.join(ROLES)}")


def documented_views() -> list[str]:
    """Names of the documented views (the ones a BI role is granted), in file order."""
    return list(load_descriptions())


def undocumented_columns(connection: Connection, path: Path = DESCRIPTIONS_FILE) -> list[str]:
    """``view`` or ``view.column`` for every view and column in the database that has no description."""
    docs = load_descriptions(path)
    inspector = inspect(connection)
    missing = []
    for view in sorted(inspector.get_view_names()):
        doc = docs.get(view)
        if doc is None:
            missing.append(view)
            continue
        missing += [f"{view}.{column['name']}" for column in inspector.get_columns(view) if doc.column(column["name"]) is None]
    return missing


def stale_descriptions(connection: Connection, path: Path = DESCRIPTIONS_FILE) -> list[str]:
    """``view`` or ``view.column`` for every description whose view or column the database does not have."""
    inspector = inspect(connection)
    views = set(inspector.get_view_names())
    stale = []
    for doc in load_descriptions(path).values():
        if doc.name not in views:
            stale.append(doc.name)
            continue
        present = {column["name"] for column in inspector.get_columns(doc.name)}
        stale += [f"{doc.name}.{column.name}" for column in doc.columns if column.name not in present]
    return stale


def _literal(text: str) -> str:
    """A SQL string literal (COMMENT takes no bind parameters)."""
    return "'" + text.replace("'", "''") + "'"


def comment_statements(connection: Connection, view: str) -> list[str]:
    """COMMENT statements for ``view`` and each of its columns as the database has them.

    Only columns the view has get a comment, so an older view version (fewer
    columns) is commented too. A view that is not documented gets none.
    """
    doc = load_descriptions().get(view)
    if doc is None:
        return []
    quote = connection.dialect.identifier_preparer.quote
    statements = [f"COMMENT ON VIEW {quote(view)} IS {_literal(doc.description)}"]
    for column in inspect(connection).get_columns(view):
        described = doc.column(column["name"])
        if described is not None:
            statements.append(
                f"COMMENT ON COLUMN {quote(view)}.{quote(column['name'])} IS {_literal(described.description)}"
            )
    return statements


def apply_comments(connection: Connection, view: str) -> int:
    """Comment ``view`` and its columns (PostgreSQL; SQLite has no comments). Returns the statements run."""
    if connection.dialect.name != "postgresql":
        return 0
    statements = comment_statements(connection, view)
    for statement in statements:
        # exec_driver_sql: a description may contain ':name' that text() would take for a parameter.
        connection.exec_driver_sql(statement)
    return len(statements)


def apply_all_comments(connection: Connection) -> int:
    """Comment every documented view the database has (PostgreSQL); returns the statements run.

    For databases whose views were created before the descriptions existed, and
    after a change to the descriptions file alone (no view re-created).
    """
    if connection.dialect.name != "postgresql":
        return 0
    present = set(inspect(connection).get_view_names())
    return sum(apply_comments(connection, view) for view in load_descriptions() if view in present)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_data_dictionary(path: Path = DESCRIPTIONS_FILE) -> str:
    """The Markdown data dictionary (``docs/views.md``) generated from the descriptions file."""
    views = sorted(load_descriptions(path).values(), key=lambda doc: LAYERS.index(doc.layer))
    lines = [
        "# Data dictionary: the views",
        "",
        "Generated from `schema/view_descriptions.csv` by `python scripts/build_views_doc.py`;",
        "do not edit by hand (a test checks that this file is up to date). The same",
        "descriptions are the `COMMENT`s on the PostgreSQL views, which BI tools show.",
        "",
        "Types are what PostgreSQL reports. Roles: **time** a date column to use as a time",
        "axis, **measure** a figure to aggregate, **dimension** a column to group or filter",
        "by, **lineage** where a figure comes from (source, coverage, document, fact id).",
        "",
        "| view | layer | columns |",
        "|---|---|---|",
    ]
    lines += [f"| [`{doc.name}`](#{doc.name}) | {doc.layer} | {len(doc.columns)} |" for doc in views]
    for doc in views:
        lines += ["", f"## {doc.name}", "", f"*{doc.layer}.* {_cell(doc.description)}", ""]
        lines += ["| column | type | role | description |", "|---|---|---|---|"]
        lines += [
            f"| `{column.name}` | {column.type} | {column.role} | {_cell(column.description)} |" for column in doc.columns
        ]
    return "\n".join(lines) + "\n"
