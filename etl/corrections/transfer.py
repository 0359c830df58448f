"""Move corrections between databases: ``etl corrections export|import FILE.csv``.

One CSV row per correction; ``original`` and ``fields`` are JSON objects. An
imported correction is applied at once to its document when that document is
loaded (and re-applied on every later load of it); a correction already
present (same document, span, action, original and fields) is skipped.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, insert, select

from etl.corrections.apply import CORRECTIONS, Outcome, apply_to_document, document_text, now
from etl.corrections.fields import CorrectionError, check_fields, dumps, loads
from etl.corrections.manage import DOCUMENTS, list_corrections, writing_facts
from etl.db.models import CORRECTION_ACTIONS

CSV_COLUMNS = (
    "id", "document_sha256", "document_name", "action", "span_start", "span_end", "span_text",
    "original", "fields", "note", "created_at", "status", "status_detail",
)


@dataclass(slots=True)
class ImportReport:
    """What ``import_corrections`` did."""

    imported: int = 0
    duplicates: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def unmatched(self) -> list[Outcome]:
        """Imported corrections that could not be applied to the loaded document."""
        return [o for o in self.outcomes if o.status != "applied"]


def export_corrections(engine: Engine, path: str | os.PathLike[str]) -> int:
    """Write every correction to a CSV file; return how many."""
    rows = list_corrections(engine)
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for r in rows:
                writer.writerow([
                    r.id, r.document_sha256, r.document_name, r.action, r.span_start, r.span_end, r.span_text,
                    dumps(r.original) or "", dumps(r.fields), r.note or "",
                    r.created_at.isoformat() if hasattr(r.created_at, "isoformat") else r.created_at,
                    r.status, r.status_detail or "",
                ])
    except OSError as exc:
        raise CorrectionError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return len(rows)


def import_corrections(engine: Engine, path: str | os.PathLike[str]) -> ImportReport:
    """Read corrections from a CSV file made by :func:`export_corrections` (all or none)."""
    records = _read(path)
    report = ImportReport()
    with writing_facts(engine) as connection:
        existing = {
            _key(r) for r in connection.execute(select(CORRECTIONS)).mappings()
        }
        new_ids: dict[str, list[int]] = {}
        for line, record in records:
            values = _values(connection, path, line, record)
            if _key(values) in existing:
                report.duplicates += 1
                continue
            existing.add(_key(values))
            new_id = connection.execute(insert(CORRECTIONS).values(**values).returning(CORRECTIONS.c.id)).scalar_one()
            new_ids.setdefault(values["document_sha256"], []).append(int(new_id))
            report.imported += 1
        for sha256, ids in new_ids.items():
            doc = connection.execute(select(DOCUMENTS.c.id).where(DOCUMENTS.c.sha256 == sha256)).first()
            if doc is not None:
                text = document_text(connection, doc[0])
                report.outcomes += apply_to_document(connection, doc[0], sha256, text, only=ids)
    return report


def _read(path: str | os.PathLike[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = set(CSV_COLUMNS[1:10]) - set(reader.fieldnames or ())
            if missing:
                raise CorrectionError(f"{path}: not a corrections file (missing columns: {', '.join(sorted(missing))})")
            return [(n, row) for n, row in enumerate(reader, start=2)]
    except OSError as exc:
        raise CorrectionError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CorrectionError(f"{path}: not a UTF-8 CSV file ({exc})") from exc


def _values(connection: Any, path: Any, line: int, record: dict[str, str]) -> dict[str, Any]:
    where = f"{path}, line {line}"
    action = (record.get("action") or "").strip()
    if action not in CORRECTION_ACTIONS:
        raise CorrectionError(f"{where}: action {action!r} is not one of {', '.join(CORRECTION_ACTIONS)}")
    try:
        start, end = int(record["span_start"]), int(record["span_end"])
        original = loads(record.get("original") or None)
        fields = loads(record.get("fields") or "{}") or {}
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise CorrectionError(f"{where}: bad span or JSON ({exc})") from exc
    if not 0 <= start < end:
        raise CorrectionError(f"{where}: bad span {start}-{end}")
    if action != "add" and not original:
        raise CorrectionError(f"{where}: a {action} correction needs the original fact")
    sha256 = (record.get("document_sha256") or "").strip().lower()
    if len(sha256) != 64:
        raise CorrectionError(f"{where}: document_sha256 must be 64 hex digits")
    try:
        fields = check_fields(connection, fields)
    except CorrectionError as exc:
        raise CorrectionError(f"{where}: {exc}") from exc
    return {
        "document_sha256": sha256, "document_name": (record.get("document_name") or "")[:255],
        "action": action, "span_start": start, "span_end": end, "span_text": record.get("span_text") or "",
        "original": dumps(original), "fields": dumps(fields), "note": record.get("note") or None,
        "created_at": now(), "status": "pending",
    }


def _key(values: Any) -> tuple[Any, ...]:
    return (
        values["document_sha256"], values["action"], values["span_start"], values["span_end"],
        values["original"] or "", values["fields"],
    )
