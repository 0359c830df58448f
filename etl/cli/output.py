"""Render rows (lists of dicts) as a rich table, CSV, JSON or JSON lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click
from rich.console import Console
from rich.table import Table


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def to_jsonl(rows: Sequence[dict[str, Any]]) -> str:
    """One JSON object per line, UTF-8 characters kept readable."""
    return "".join(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n" for row in rows)


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    """A JSON array of objects."""
    return json.dumps([{k: _plain(v) for k, v in row.items()} for row in rows], ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """CSV with a header row; lists are written as JSON."""
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        out = []
        for column in columns:
            value = _plain(row.get(column))
            out.append(json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value)
        writer.writerow(out)
    return buffer.getvalue()


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Print rows as a rich table on stdout (plain when not a terminal)."""
    columns = list(columns or (rows[0].keys() if rows else []))
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*["" if row.get(c) is None else str(_plain(row.get(c))) for c in columns])
    console = Console()
    if not console.is_terminal:
        # Piped output: never fold cells to an imaginary 80-column screen.
        console = Console(width=100_000)
    console.print(table)


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Write rows to stdout in ``fmt`` (table, csv, json, jsonl)."""
    if fmt == "table":
        print_table(rows, columns, title)
    elif fmt == "csv":
        click.echo(to_csv(rows, columns), nl=False)
    elif fmt == "json":
        click.echo(to_json(rows), nl=False)
    else:
        click.echo(to_jsonl(rows), nl=False)
