"""What the review pages show, read from the database: documents, texts, facts, mentions, roll-ups.

Filters (:class:`Filters`) select the facts shown (city, year, program) and the
documents (those holding a selected fact, or the one named by ``document``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, text

from etl.corrections.fields import loads
from etl.errors import EtlError


class ReviewError(EtlError):
    """The review site cannot be built (unknown filter value, unwritable folder...)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """``etl review --city --year --program --document``; None: no filter."""

    city: str | None = None
    year: int | None = None
    program: str | None = None
    document: str | None = None

    def describe(self) -> str:
        """'city 芜湖, year 2024' (empty when nothing is filtered)."""
        parts = [f"{name} {value}" for name, value in
                 (("city", self.city), ("year", self.year), ("program", self.program), ("document", self.document))
                 if value is not None]
        return ", ".join(parts)


@dataclass(slots=True)
class DocumentView:
    """One document and everything its page shows."""

    row: dict[str, Any]
    text: str | None
    facts: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    all_facts: int = 0

    @property
    def context_missing(self) -> list[str]:
        """What the extractor could not infer about the document (place, period)."""
        missing = []
        if self.row.get("jurisdiction_code") is None:
            missing.append("place")
        if self.row.get("period_start") is None:
            missing.append("period")
        return missing


_FACTS = """
SELECT f.fact_id, f.document_id, f.jurisdiction_code, f.jurisdiction_name, f.city_code, f.city_name,
       f.program, f.program_name_zh, f.metric, f.unit, f.value, f.value_high, f.qualifier,
       f.period_start, f.period_end, f.year, f.status, f.quote, f.span_start, f.span_end, f.corrected,
       f.correction_id, c.note AS correction_note, c.original AS correction_original
FROM v_fact f
LEFT JOIN correction c ON c.id = f.correction_id
"""


def resolve_city(connection: Connection, city: str) -> list[str]:
    """City codes named by ``city``: a code, a full name (芜湖市) or a name without its suffix (芜湖)."""
    rows = connection.execute(
        text("SELECT code FROM jurisdiction WHERE code = city_code AND (code = :c OR name = :c OR name LIKE :p)"),
        {"c": city, "p": f"{city}%"},
    ).scalars().all()
    exact = connection.execute(
        text("SELECT code FROM jurisdiction WHERE code = city_code AND (code = :c OR name = :c)"), {"c": city}
    ).scalars().all()
    codes = list(exact or rows)
    if not codes:
        raise ReviewError(f"--city {city}: no prefecture-level city or 直辖市 of that name or code")
    return [str(c) for c in codes]


def program_codes(connection: Connection, program: str) -> list[str]:
    """The program and its sub-programs (dibao -> dibao, dibao_urban, dibao_rural)."""
    codes = connection.execute(
        text("SELECT code FROM program WHERE code = :p OR parent_code = :p"), {"p": program}
    ).scalars().all()
    if not codes:
        raise ReviewError(f"--program {program}: no such program code (see the program table)")
    return [str(c) for c in codes]


def _fact_filter(connection: Connection, filters: Filters) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if filters.city is not None:
        clauses.append("f.city_code IN :cities")
        params["cities"] = resolve_city(connection, filters.city)
    if filters.year is not None:
        clauses.append("f.year = :year")
        params["year"] = filters.year
    if filters.program is not None:
        clauses.append("f.program IN :programs")
        params["programs"] = program_codes(connection, filters.program)
    return " AND ".join(clauses), params


def _execute(connection: Connection, sql: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    statement = text(sql)
    expanding: list[Any] = [bindparam(k, expanding=True) for k, v in params.items() if isinstance(v, (list, tuple))]
    if expanding:
        statement = statement.bindparams(*expanding)
    return [dict(r) for r in connection.execute(statement, dict(params)).mappings()]


def load_documents(engine: Engine, filters: Filters) -> list[DocumentView]:
    """The documents to review, with their texts, selected facts, mentions and corrections."""
    with engine.connect() as connection:
        where, params = _fact_filter(connection, filters)
        doc_sql = (
            "SELECT d.id, d.sha256, d.name, d.path, d.title, d.publisher, d.url, d.published, d.jurisdiction_code,"
            " j.name AS jurisdiction_name, d.period_start, d.period_end, d.parser_version, d.loaded_at, t.text"
            " FROM document d LEFT JOIN jurisdiction j ON j.code = d.jurisdiction_code"
            " LEFT JOIN document_text t ON t.document_id = d.id"
        )
        doc_params: dict[str, Any] = {}
        conditions = []
        if filters.document is not None:
            conditions.append("(d.name = :doc OR d.sha256 = :doc OR d.path = :doc)")
            doc_params["doc"] = filters.document
        if where:
            conditions.append(f"d.id IN (SELECT f.document_id FROM v_fact f WHERE {where})")
            doc_params.update(params)
        if conditions:
            doc_sql += " WHERE " + " AND ".join(conditions)
        documents = _execute(connection, doc_sql + " ORDER BY d.name, d.id", doc_params)
        if filters.document is not None and not documents:
            raise ReviewError(f"--document {filters.document}: no loaded document of that name or sha256"
                              + (" with facts matching the other filters" if where else ""))
        views = [DocumentView(row=d, text=d.pop("text")) for d in documents]
        _attach(connection, views, where, params)
    return views


def _attach(connection: Connection, views: Sequence[DocumentView], where: str, params: dict[str, Any]) -> None:
    """Facts (filtered), all mentions and the corrections of each document (a few queries per batch of 500)."""
    for start in range(0, len(views), 500):
        part = {v.row["id"]: v for v in views[start:start + 500]}
        ids = {"ids": list(part)}
        fact_where = "f.document_id IN :ids" + (f" AND {where}" if where else "")
        for fact in _execute(connection, f"{_FACTS} WHERE {fact_where} ORDER BY f.span_start, f.fact_id",
                             {**ids, **params}):
            fact["correction_original"] = loads(fact["correction_original"])
            part[fact["document_id"]].facts.append(fact)
        counts = _execute(connection, "SELECT document_id, COUNT(*) AS n FROM fact WHERE document_id IN :ids"
                          " GROUP BY document_id", ids)
        for row in counts:
            part[row["document_id"]].all_facts = int(row["n"])
        for mention in _execute(connection, "SELECT id, document_id, span_start, span_end, quote, value, unit, reason"
                                " FROM unclassified_mention WHERE document_id IN :ids ORDER BY span_start, id", ids):
            part[mention["document_id"]].mentions.append(mention)
        by_sha = {v.row["sha256"]: v for v in part.values()}
        for c in _execute(connection, "SELECT * FROM correction WHERE document_sha256 IN :shas ORDER BY id",
                          {"shas": list(by_sha)}):
            view = by_sha[c["document_sha256"]]
            c["original"], c["fields"] = loads(c["original"]), loads(c["fields"])
            if c["status"] == "unmatched":
                view.unmatched.append(c)
            elif c["action"] == "reject":
                view.rejected.append(c)


_ROLLUP = """
SELECT b.city_code, c.name AS city_name, b.year, b.program_code AS program, b.metric_code AS metric,
       b.unit_code AS unit, b.value, b.value_high, b.qualifier, b.source, b.counties_covered, b.as_of,
       b.document, b.fact_id, b.facts
FROM v_city_year_best b
JOIN jurisdiction c ON c.code = b.city_code
"""


def load_rollups(engine: Engine, filters: Filters) -> list[dict[str, Any]]:
    """Per city and year, each roll-up figure with the facts it comes from and the competing figures."""
    with engine.connect() as connection:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if filters.city is not None:
            clauses.append("b.city_code IN :cities")
            params["cities"] = resolve_city(connection, filters.city)
        if filters.year is not None:
            clauses.append("b.year = :year")
            params["year"] = filters.year
        if filters.program is not None:
            clauses.append("b.program_code IN :programs")
            params["programs"] = program_codes(connection, filters.program)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = _execute(connection, _ROLLUP + where + " ORDER BY c.name, b.year, b.program_code, b.metric_code, b.unit_code",
                        params)
        if not rows:
            return rows
        facts = _rollup_facts(connection, rows)
        conflicts = _conflicts(connection, {r["city_code"] for r in rows})
        for row in rows:
            key = (row["city_code"], row["year"], row["program"], row["metric"], row["unit"])
            row["sources"] = facts.get(key, [])
            row["conflicts"] = conflicts.get(key, [])
    return rows


def _rollup_facts(connection: Connection, rows: Sequence[dict[str, Any]]) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    """The stated facts behind each roll-up figure (the city's own, or each county's)."""
    found: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    sql = ("SELECT g.city_code, g.year, g.program_code, g.metric_code, g.unit_code, g.is_city_figure, g.fact_id,"
           " f.document_id, f.quote, f.value, f.jurisdiction_name, f.corrected, d.name AS document, d.sha256"
           " FROM v_jurisdiction_year_best g JOIN v_fact f ON f.fact_id = g.fact_id"
           " JOIN document d ON d.id = f.document_id WHERE g.city_code IN :cities AND g.fact_id IS NOT NULL")
    best = {(r["city_code"], r["year"], r["program"], r["metric"], r["unit"]): r for r in rows}
    for f in _execute(connection, sql, {"cities": sorted({r["city_code"] for r in rows})}):
        key = (f["city_code"], f["year"], f["program_code"], f["metric_code"], f["unit_code"])
        chosen = best.get(key)
        if chosen is None:
            continue
        # The city's own figure won: its counties' figures are not part of it (and the reverse).
        if bool(f["is_city_figure"]) != (chosen["source"] in ("city", "urban+rural")):
            continue
        found.setdefault(key, []).append(f)
    return found


def _conflicts(connection: Connection, cities: set[str]) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    """v_fact_conflicts rows of single-year periods, by (city, year, program, metric, unit)."""
    found: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    sql = ("SELECT x.*, da.sha256 AS sha256_a, db.sha256 AS sha256_b FROM v_fact_conflicts x"
           " JOIN fact fa ON fa.id = x.fact_id_a JOIN document da ON da.id = fa.document_id"
           " JOIN fact fb ON fb.id = x.fact_id_b JOIN document db ON db.id = fb.document_id"
           " WHERE x.city_code IN :cities AND x.status = 'actual'")
    for c in _execute(connection, sql, {"cities": sorted(cities)}):
        start, end = str(c["period_start"])[:4], str(c["period_end"])[:4]
        if start != end:
            continue
        key = (c["city_code"], int(start), c["program"], c["metric"], c["unit"])
        found.setdefault(key, []).append(c)
    return found
