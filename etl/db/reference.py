"""Load the reference data (catalogue CSVs under ``seeds/``) into the database, idempotently.

``sync_reference_data`` inserts what is missing, updates what changed and
removes aliases that left the catalogue; running it twice changes nothing.
The data migration calls it, and so does every ``etl load`` and
``etl db upgrade``, so that a new alias in ``seeds/`` reaches existing
databases without a new migration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Table, delete, select, tuple_, update

from etl import catalogue
from etl.db.models import Jurisdiction, JurisdictionAlias, Metric, Program, ProgramAlias, Unit

LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}


@dataclass
class SyncReport:
    """How many rows each reference table gained, changed or lost."""

    inserted: dict[str, int]
    updated: dict[str, int]
    deleted: dict[str, int]

    @property
    def changed(self) -> bool:
        """True when anything was written."""
        return any(self.inserted.values()) or any(self.updated.values()) or any(self.deleted.values())


def _jurisdiction_rows() -> list[dict[str, Any]]:
    # The catalogue's field names are the table's column names.
    rows = [asdict(j) for j in catalogue.jurisdictions()]
    # Parents before children so foreign keys hold while inserting.
    return sorted(rows, key=lambda row: (LEVEL_ORDER.get(row["level"], 9), row["code"]))


def _program_rows() -> list[dict[str, Any]]:
    rows = [
        {
            "code": p.code,
            "name_zh": p.name_zh,
            "category": p.category,
            "parent_code": p.parent,
            "is_subsidy": p.is_subsidy,
            "core": p.core,
        }
        for p in catalogue.programs()
    ]
    by_code = {row["code"]: row for row in rows}

    def depth(code: str | None) -> int:
        level = 0
        while code and by_code.get(code, {}).get("parent_code"):
            code = by_code[code]["parent_code"]
            level += 1
        return level

    return sorted(rows, key=lambda row: (depth(row["code"]), row["code"]))


def _upsert_by_key(connection: Connection, table: Table, key: str, rows: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
    """Insert rows whose key is new and update rows whose other columns changed."""
    columns = list(rows[0].keys()) if rows else []
    existing = {row._mapping[key]: dict(row._mapping) for row in connection.execute(select(*[table.c[c] for c in columns]))}
    inserts = [dict(row) for row in rows if row[key] not in existing]
    updates = [dict(row) for row in rows if row[key] in existing and existing[row[key]] != dict(row)]
    # Insert in order (parents first); executemany keeps it to few round trips.
    if inserts:
        connection.execute(table.insert(), inserts)
    for row in updates:
        values = {c: row[c] for c in columns if c != key}
        connection.execute(update(table).where(table.c[key] == row[key]).values(**values))
    return len(inserts), len(updates)


def _sync_pairs(connection: Connection, table: Table, columns: tuple[str, ...], wanted: Iterable[tuple[Any, ...]]) -> tuple[int, int]:
    """Make the set of (columns...) tuples in ``table`` equal ``wanted``."""
    wanted_set = set(wanted)
    have = {tuple(row) for row in connection.execute(select(*[table.c[c] for c in columns]))}
    missing = sorted(wanted_set - have)
    extra = sorted(have - wanted_set)
    if missing:
        connection.execute(table.insert(), [dict(zip(columns, values)) for values in missing])
    if extra:
        connection.execute(delete(table).where(tuple_(*[table.c[c] for c in columns]).in_(extra)))
    return len(missing), len(extra)


def sync_reference_data(connection: Connection) -> SyncReport:
    """Bring jurisdictions, programs, metrics, units and aliases in line with ``seeds/``."""
    report = SyncReport({}, {}, {})
    for name, table, key, rows in (
        ("jurisdiction", Jurisdiction.__table__, "code", _jurisdiction_rows()),
        ("program", Program.__table__, "code", _program_rows()),
        (
            "metric",
            Metric.__table__,
            "code",
            [asdict(m) for m in catalogue.metrics()],
        ),
        (
            "unit",
            Unit.__table__,
            "code",
            [asdict(u) for u in catalogue.units()],
        ),
    ):
        inserted, updated = _upsert_by_key(connection, table, key, rows)  # type: ignore[arg-type]
        report.inserted[name], report.updated[name] = inserted, updated
    known_codes = {j.code for j in catalogue.jurisdictions()}
    inserted, deleted = _sync_pairs(
        connection,
        JurisdictionAlias.__table__,  # type: ignore[arg-type]
        ("alias", "code", "kind"),
        ((a.alias, a.code, a.kind) for a in catalogue.jurisdiction_aliases() if a.code in known_codes),
    )
    report.inserted["jurisdiction_alias"], report.deleted["jurisdiction_alias"] = inserted, deleted
    inserted, deleted = _sync_pairs(
        connection,
        ProgramAlias.__table__,  # type: ignore[arg-type]
        ("program_code", "alias"),
        catalogue.program_aliases(),
    )
    report.inserted["program_alias"], report.deleted["program_alias"] = inserted, deleted
    return report
