"""Render rows (lists of dicts) as a table, vertical records, CSV, JSON or JSON lines.

``auto`` (the default of ``etl query``) prints a table when it fits the
terminal and one record per block (``column | value`` lines, like psql's
``\\x``) when it does not: a 69-column view stays readable at 120 columns.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

# rich (~50 ms to import) is imported by the functions that draw tables and align cells:
# `etl extract --format jsonl` and the CSV and JSON outputs never need it.

FORMATS = ("auto", "table", "vertical", "csv", "json", "jsonl")


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


def _line_encoder() -> Any:
    """``json.JSONEncoder(ensure_ascii=False).encode``, made once for every line.

    json.dumps with a keyword argument builds a new encoder per call, and ``encode`` still
    builds its C encoder (and a dict of the objects seen, for cycles) per call: the C
    encoder is made once here instead (~30% faster a fact; the rows are plain dicts, which
    have no cycles). Where the C encoder is missing or differs, ``encode`` is used."""
    encoder = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    try:
        chunks = make(None, encoder.default, json.encoder.encode_basestring, None, encoder.key_separator,
                      encoder.item_separator, False, False, True)

        def encode(row: Any) -> str:
            return "".join(chunks(row, 0))

        sample = {"a": "低保\n\"x\"", "b": [1, 2.5], "c": None, "d": 1e16, "e": True}
        if encode(sample) == encoder.encode(sample):
            return encode
    except Exception:  # a C encoder of another signature: the plain path below
        pass
    return encoder.encode


# One encoder for every line (see _line_encoder).
_ENCODE = _line_encoder()


def to_jsonl(rows: Sequence[dict[str, Any]]) -> str:
    """One JSON object per line, UTF-8 characters kept readable."""
    return "".join([_ENCODE({k: _plain(v) for k, v in row.items()}) + "\n" for row in rows])


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    """A JSON array of objects."""
    return json.dumps([{k: _plain(v) for k, v in row.items()} for row in rows], ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, *, bom: bool = False) -> str:
    """CSV with a header row (also when there are no rows, if ``columns`` is given); lists as JSON.

    ``bom`` starts the text with a UTF-8 byte-order mark, so that Excel on a
    Chinese Windows reads UTF-8 rather than GBK.
    """
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
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
    from rich.console import Console
    from rich.table import Table

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


def _cell_text(value: Any) -> str:
    return "" if value is None else str(_plain(value))


def table_width(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> int:
    """Screen cells a boxed table of ``rows`` needs without folding any cell (CJK counts double)."""
    from rich.cells import cell_len

    width = 1
    for column in columns:
        cells = [column] + [_cell_text(row.get(column)) for row in rows]
        width += 3 + max(cell_len(line) for cell in cells for line in (cell.splitlines() or [""]))
    return width


def screen_width() -> int | None:
    """Columns of the terminal stdout writes to; ``COLUMNS`` when set; None (unlimited) for a pipe."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else None


def choose_layout(rows: Sequence[dict[str, Any]], columns: Sequence[str], width: int | None) -> str:
    """``table`` when the table fits ``width`` screen cells (or width is unlimited), else ``vertical``."""
    if width is None or table_width(rows, columns) <= width:
        return "table"
    return "vertical"


def to_vertical(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """One block per row: a ``-[ RECORD n ]-`` line, then ``column | value`` lines, names aligned."""
    from rich.cells import cell_len

    columns = list(columns or (rows[0].keys() if rows else []))
    name_width = max((cell_len(c) for c in columns), default=0)
    lines: list[str] = []
    for number, row in enumerate(rows, start=1):
        lines.append(f"-[ RECORD {number} ]" + "-" * max(3, name_width - 8))
        for column in columns:
            pad = " " * (name_width - cell_len(column))
            value = _cell_text(row.get(column)).replace("\n", "\n" + " " * (name_width + 3))
            lines.append(f"{column}{pad} | {value}".rstrip())
    if not rows:
        lines.append("(0 rows)")
    return "\n".join(lines) + "\n"


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    *,
    bom: bool = False,
) -> None:
    """Write rows to stdout in ``fmt`` (auto, table, vertical, csv, json, jsonl)."""
    if fmt == "auto":
        fmt = choose_layout(rows, list(columns or (rows[0].keys() if rows else [])), screen_width())
    if fmt == "table":
        print_table(rows, columns, title)
    elif fmt == "vertical":
        click.echo(to_vertical(rows, columns), nl=False)
    elif fmt == "csv":
        click.echo(to_csv(rows, columns, bom=bom), nl=False)
    elif fmt == "json":
        click.echo(to_json(rows), nl=False)
    else:
        click.echo(to_jsonl(rows), nl=False)
