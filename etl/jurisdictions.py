"""Look up GB/T 2260 codes by name, short name, historical name or code."""

from __future__ import annotations

from dataclasses import dataclass

from etl import catalogue


@dataclass(frozen=True, slots=True)
class JurisdictionMatch:
    """One division matching a query, and how it matched."""

    code: str
    name: str
    level: str
    city_code: str | None
    province_code: str
    path: str  # 安徽省 / 铜陵市 / 枞阳县
    matched_by: str  # code | name | short | historical | substring


@catalogue.cached_per_seeds_dir
def _by_code() -> dict[str, catalogue.Jurisdiction]:
    return {j.code: j for j in catalogue.jurisdictions()}


def full_path(code: str) -> str:
    """Province / city / county names of ``code`` joined with ' / '."""
    table = _by_code()
    names: list[str] = []
    current = table.get(code)
    while current is not None:
        names.append(current.name)
        current = table.get(current.parent_code) if current.parent_code else None
    return " / ".join(reversed(names))


def lookup(query: str, *, limit: int = 50) -> list[JurisdictionMatch]:
    """Divisions matching ``query``: exact code, exact name, alias, then substring."""
    query = query.strip()
    table = _by_code()
    hits: dict[str, str] = {}
    if query in table:
        hits[query] = "code"
    for j in catalogue.jurisdictions():
        if j.name == query:
            hits.setdefault(j.code, "name")
    for alias in catalogue.jurisdiction_aliases():
        if alias.alias == query and alias.code in table:
            hits.setdefault(alias.code, alias.kind)
    if not hits and query:
        for j in catalogue.jurisdictions():
            if query in j.name:
                hits.setdefault(j.code, "substring")
    matches = [
        JurisdictionMatch(code, table[code].name, table[code].level, table[code].city_code,
                          table[code].province_code, full_path(code), how)
        for code, how in hits.items()
    ]
    return sorted(matches, key=lambda m: m.code)[:limit]
