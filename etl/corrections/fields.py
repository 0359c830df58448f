"""The fields a correction may set, parsed and checked before anything is written.

Shared by the commands that make corrections (:mod:`etl.corrections.manage`),
the code that re-applies them after a load (:mod:`etl.corrections.apply`) and
CSV import (:mod:`etl.corrections.transfer`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from etl.db.models import QUALIFIERS, STATUSES, Jurisdiction, Metric, Program, Unit
from etl.errors import EtlError


class CorrectionError(EtlError):
    """A correction cannot be made: unknown fact or document, bad field, bad span..."""


# The fact columns a correction can set, in fact-table order.
FACT_FIELDS = (
    "jurisdiction_code", "program_code", "metric_code", "unit_code", "value", "value_high", "qualifier",
    "period_start", "period_end", "status",
)
# The columns that identify a fact within its document (uq_fact_identity, with the span).
IDENTITY_FIELDS = (
    "jurisdiction_code", "program_code", "metric_code", "unit_code", "period_start", "period_end", "status", "value",
)
# What a user may type on the command line (--set program=dibao_urban) -> fact column.
ALIASES = {
    "jurisdiction": "jurisdiction_code", "place": "jurisdiction_code", "program": "program_code",
    "metric": "metric_code", "unit": "unit_code",
}
DATE_FIELDS = ("period_start", "period_end")
NUMBER_FIELDS = ("value", "value_high")
_REFERENCE = {
    "jurisdiction_code": Jurisdiction.__table__.c.code,
    "program_code": Program.__table__.c.code,
    "metric_code": Metric.__table__.c.code,
    "unit_code": Unit.__table__.c.code,
}


def parse_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """``["value=83000", "program=dibao_urban"]`` -> ``{"value": "83000", "program_code": "dibao_urban"}``.

    ``year=2024`` is short for the calendar year's period_start and period_end.
    """
    parsed: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CorrectionError(f"--set {item!r}: expected FIELD=VALUE, e.g. value=83000")
        if name == "year":
            parsed["period_start"], parsed["period_end"] = f"{value.strip()}-01-01", f"{value.strip()}-12-31"
            continue
        column = ALIASES.get(name, name)
        if column not in FACT_FIELDS:
            known = ", ".join(sorted({*ALIASES, *FACT_FIELDS, "year"}))
            raise CorrectionError(f"--set {name}: not a field a correction can set (one of: {known})")
        parsed[column] = value.strip()
    return parsed


def check_fields(connection: Connection, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check and convert field values (text from the CLI or a CSV file) into fact values.

    Reference codes must exist (a jurisdiction may also be given by an
    unambiguous name); numbers must parse; dates are ISO (YYYY-MM-DD).
    Returns JSON-ready values (dates as ISO text, numbers as floats).
    """
    checked: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in FACT_FIELDS:
            raise CorrectionError(f"{name}: not a field a correction can set")
        checked[name] = _check_one(connection, name, value)
    if checked.get("value") is None and "value" in checked:
        raise CorrectionError("value: a fact needs a value")
    return checked


def _check_one(connection: Connection, name: str, value: Any) -> Any:
    text = "" if value is None else str(value).strip()
    if name in NUMBER_FIELDS:
        if text == "" and name == "value_high":
            return None
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            raise CorrectionError(f"{name}={text!r}: not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise CorrectionError(f"{name}={text!r}: not a finite number")
        return number
    if name in DATE_FIELDS:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise CorrectionError(f"{name}={text!r}: not a date (YYYY-MM-DD)") from None
    if name == "qualifier" and text not in QUALIFIERS:
        raise CorrectionError(f"qualifier={text!r}: one of {', '.join(QUALIFIERS)}")
    if name == "status" and text not in STATUSES:
        raise CorrectionError(f"status={text!r}: one of {', '.join(STATUSES)}")
    if name == "jurisdiction_code":
        return _jurisdiction(connection, text)
    if name in _REFERENCE:
        column = _REFERENCE[name]
        if connection.execute(select(column).where(column == text)).first() is None:
            raise CorrectionError(f"{name.removesuffix('_code')}={text!r}: no such code in table {column.table.name}")
    return text


def _jurisdiction(connection: Connection, text: str) -> str:
    table = Jurisdiction.__table__
    if connection.execute(select(table.c.code).where(table.c.code == text)).first() is not None:
        return text
    codes = list(connection.execute(select(table.c.code).where(table.c.name == text)).scalars())
    if len(codes) == 1:
        return str(codes[0])
    if codes:
        raise CorrectionError(f"jurisdiction={text!r} is ambiguous ({', '.join(codes)}); give the code")
    raise CorrectionError(f"jurisdiction={text!r}: no such code or name (see etl jurisdictions {text})")


def check_period(fields: Mapping[str, Any]) -> None:
    """A period must not end before it starts."""
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and str(start) > str(end):
        raise CorrectionError(f"period_start {start} is after period_end {end}")
    value, high = fields.get("value"), fields.get("value_high")
    if value is not None and high is not None and high < value:
        raise CorrectionError(f"value_high {high} is below value {value}")


def to_row(fields: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-ready field values -> values for the fact table (dates as ``date``)."""
    return {
        name: (date.fromisoformat(value) if name in DATE_FIELDS and isinstance(value, str) else value)
        for name, value in fields.items()
    }


def from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A fact row -> JSON-ready values of :data:`FACT_FIELDS` and the quote."""
    out: dict[str, Any] = {}
    for name in (*FACT_FIELDS, "quote"):
        value = row[name]
        if isinstance(value, date):
            value = value.isoformat()
        elif name in NUMBER_FIELDS and value is not None:
            value = float(value)
        out[name] = value
    return out


def dumps(fields: Mapping[str, Any] | None) -> str | None:
    """Stable JSON of a field mapping (sorted keys, UTF-8 kept readable)."""
    return None if fields is None else json.dumps(dict(fields), ensure_ascii=False, sort_keys=True)


def loads(text: str | None) -> dict[str, Any] | None:
    """Inverse of :func:`dumps`."""
    return None if text in (None, "") else dict(json.loads(text))  # type: ignore[arg-type]
