"""Export a table, a view or a query to CSV, Excel or Parquet: the library side of ``etl export``.

The same data gives the same file on SQLite and PostgreSQL. Each column gets
one kind (integer, float, date, timestamp, boolean, text), taken from the
driver's type (PostgreSQL), else the declared column type (a SQLite table or a
view column that names a table column), else the values (SQLite stores dates as
ISO text), else the column name (a computed SQLite view column that is empty in
every row); see :data:`NAME_KINDS`. Parquet columns are typed by that kind,
Excel cells hold real dates under a frozen header row, CSV always has its
header (and a byte-order mark with ``bom`` for Excel on Chinese Windows).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, inspect, types

from etl.errors import ConfigError
from etl.query import QueryResult, check_relation, quoted, run_query

FORMATS = ("csv", "xlsx", "parquet")
EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}

# PostgreSQL type OIDs (pg_type) -> kind.
PG_OID_KINDS = {
    16: "bool", 20: "int", 21: "int", 23: "int", 700: "float", 701: "float", 1700: "float",
    1082: "date", 1114: "timestamp", 1184: "timestamp",
}
# Column names -> kind, for computed SQLite view columns with no value to look at
# (SQLite declares no type for them). The roll-up views' measures are floats.
NAME_KINDS: tuple[tuple[str, str], ...] = (
    (r"(^|_)(as_of|period_start|period_end|published|date)$", "date"),
    (r"(^|_)(year|id|counties_covered|counties_in_city|span_start|span_end)$", "int"),
    (r"(^|_)(code|name|name_zh|source|document|qualifier|status|program|metric|unit|quote|title|path)$", "text"),
)
DEFAULT_KIND = "float"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def export_format(output: str, fmt: str | None) -> str:
    """The format to write: ``fmt`` if given, else from the file extension (``-`` means CSV)."""
    if fmt:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown export format {fmt!r}: use csv, xlsx or parquet")
        return fmt
    if output == "-":
        return "csv"
    found = EXTENSIONS.get(Path(output).suffix.lower())
    if found is None:
        raise ConfigError(f"cannot export to {output}: use a .csv, .xlsx or .parquet file name (or --format)")
    return found


def _declared_kind(column_type: Any) -> str | None:
    if isinstance(column_type, types.Boolean):
        return "bool"
    if isinstance(column_type, types.Integer):
        return "int"
    if isinstance(column_type, (types.Float, types.Numeric)):
        return "float"
    if isinstance(column_type, types.DateTime):
        return "timestamp"
    if isinstance(column_type, types.Date):
        return "date"
    if isinstance(column_type, (types.String, types.Text)):
        return "text"
    return None


def _value_kind(values: list[Any]) -> str | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, bool) for v in present):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present):
        return "float"
    if all(isinstance(v, datetime) for v in present):
        return "timestamp"
    if all(isinstance(v, date) for v in present):
        return "date"
    if all(isinstance(v, str) and _ISO_DATE.match(v) for v in present):
        return "date"
    return "text"


def _name_kind(name: str) -> str:
    for pattern, kind in NAME_KINDS:
        if re.search(pattern, name):
            return kind
    return DEFAULT_KIND


def column_kinds(engine: Engine, result: QueryResult, relation: str | None) -> list[str]:
    """One kind per column of ``result`` (see the module docstring for the order of evidence)."""
    declared: dict[str, Any] = {}
    if relation is not None and engine.dialect.name == "sqlite":
        declared = {c["name"]: c["type"] for c in inspect(engine).get_columns(relation)}
    kinds = []
    for position, name in enumerate(result.columns):
        kind = None
        if engine.dialect.name != "sqlite" and position < len(result.type_codes):
            kind = PG_OID_KINDS.get(result.type_codes[position], "text")
        kind = kind or _declared_kind(declared.get(name)) or _value_kind([row[name] for row in result.rows])
        kinds.append(kind or _name_kind(name))
    return kinds


def _convert(value: Any, kind: str) -> Any:
    """``value`` as the Python type of ``kind`` (SQLite gives dates as text, PostgreSQL numerics as Decimal)."""
    if value is None:
        return None
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if kind == "timestamp" and isinstance(value, str) and _ISO_TIMESTAMP.match(value):
        value = datetime.fromisoformat(value)
    if kind == "timestamp" and isinstance(value, datetime) and value.tzinfo is not None:
        # Excel and naive Parquet timestamps hold no zone: UTC, as SQLite stores them.
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    if kind == "float" and not isinstance(value, float):
        return float(value)
    if kind == "int" and not isinstance(value, int):
        return int(value)
    if kind == "bool":
        return bool(value)
    if kind == "text" and not isinstance(value, str):
        return str(value)
    return value


def typed_rows(result: QueryResult, kinds: Sequence[str]) -> list[list[Any]]:
    """The rows of ``result`` as lists of values converted to their column's kind."""
    return [[_convert(row[name], kind) for name, kind in zip(result.columns, kinds)] for row in result.rows]


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # 1200.0 -> 1200, as people write it
    return value


def write_csv(columns: Sequence[str], rows: list[list[Any]], sink: IO[bytes], *, bom: bool = False) -> None:
    """CSV with a header row (also when there are no rows), UTF-8, optionally with a byte-order mark."""
    text_sink = io.TextIOWrapper(sink, encoding="utf-8-sig" if bom else "utf-8", newline="", write_through=True)
    writer = csv.writer(text_sink, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    text_sink.flush()
    text_sink.detach()


def write_xlsx(columns: Sequence[str], kinds: Sequence[str], rows: list[list[Any]], sink: IO[bytes], sheet: str) -> None:
    """An Excel workbook: a bold, frozen header row; dates as Excel dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = _SHEET_FORBIDDEN.sub("_", sheet)[:31] or "export"
    worksheet.append(list(columns))
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    worksheet.freeze_panes = "A2"
    for row in rows:
        worksheet.append(row)
    for position, kind in enumerate(kinds, start=1):
        letter = get_column_letter(position)
        if kind in ("date", "timestamp"):
            fmt = "yyyy-mm-dd" if kind == "date" else "yyyy-mm-dd hh:mm:ss"
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = fmt
        worksheet.column_dimensions[letter].width = max(10, min(40, len(str(columns[position - 1])) + 2))
    workbook.save(sink)


def write_parquet(columns: Sequence[str], kinds: Sequence[str], rows: list[list[Any]], sink: IO[bytes]) -> None:
    """A Parquet file whose column types follow the kinds (dates as date32, integers as int64)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {"int": pa.int64(), "float": pa.float64(), "date": pa.date32(), "timestamp": pa.timestamp("us"),
                   "bool": pa.bool_(), "text": pa.string()}
    schema = pa.schema([pa.field(name, arrow_types[kind]) for name, kind in zip(columns, kinds)])
    arrays = [pa.array([row[i] for row in rows], type=schema.field(i).type) for i in range(len(columns))]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), sink)


def select_relation(engine: Engine, name: str) -> str:
    """``SELECT * FROM`` the table or view ``name``, quoted for the dialect, after checking it exists."""
    check_relation(engine, name)
    return f"SELECT * FROM {quoted(engine, name)}"


def export(
    engine: Engine,
    sink: IO[bytes],
    fmt: str,
    *,
    relation: str | None = None,
    sql: str | None = None,
    params: dict[str, Any] | None = None,
    bom: bool = False,
) -> int:
    """Write ``relation`` (a table or view) or the result of ``sql`` to ``sink`` as ``fmt``; return the row count."""
    if (relation is None) == (sql is None):
        raise ConfigError("export needs either a table or view name or --sql, not both")
    statement = select_relation(engine, relation) if relation is not None else str(sql)
    result = run_query(engine, statement, params)
    if not result.columns:
        raise ConfigError("the SQL to export returned no columns (it must be a SELECT)")
    kinds = column_kinds(engine, result, relation)
    rows = typed_rows(result, kinds)
    if fmt == "csv":
        write_csv(result.columns, rows, sink, bom=bom)
    elif fmt == "xlsx":
        write_xlsx(result.columns, kinds, rows, sink, relation or "query")
    else:
        write_parquet(result.columns, kinds, rows, sink)
    return len(rows)


def export_to_path(engine: Engine, output: str | Path, fmt: str, **options: Any) -> int:
    """:func:`export` into a file, written completely or not at all."""
    output = Path(output)
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("wb") as sink:
            count = export(engine, sink, fmt, **options)
        partial.replace(output)
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return count
