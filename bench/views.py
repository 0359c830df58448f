"""View-side benchmark: time the roll-up views on PostgreSQL with ~1M synthetic facts.

Creates a scratch database (default ``etl_bench_views``) on the server of
``--url``, migrates it (tables, reference data, views), inserts synthetic
documents and facts with COPY, ANALYZEs, then times the queries a dashboard
runs, e.g. ``SELECT * FROM v_dibao_city_year WHERE city_code = '340200'``,
and drops the database again (unless ``--keep``).

    .venv/bin/python bench/views.py                 # 1M facts
    .venv/bin/python bench/views.py --facts 200000 --explain

The synthetic reports look like real ones in shape: each document is about
one city or county and one year (a year-end report, a mid-year one or a
five-year summary), states 50 figures about that place and, now and then,
about another county of the same city; 5 % are targets; some documents restate
an earlier figure with another value (conflicts).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl.db import migrate  # noqa: E402
from etl.db.engine import make_engine  # noqa: E402

# (program, metric, unit) combinations the synthetic facts use.
COMBOS = (
    [(p, "recipients", u) for p in ("dibao", "dibao_urban", "dibao_rural", "tekun", "tekun_urban", "tekun_rural",
                                    "dibao_marginal", "low_income", "orphan") for u in ("person", "household")]
    + [(p, "spending", "cny") for p in ("dibao", "dibao_urban", "dibao_rural", "tekun", "social_assistance",
                                        "temporary_assistance", "orphan", "elderly_allowance", "elderly_service_subsidy",
                                        "disability_living_subsidy", "disability_care_subsidy", "funeral_subsidy",
                                        "price_subsidy", "one_off_subsidy")]
    + [(p, "standard", "cny_per_person_month") for p in ("dibao", "dibao_urban", "dibao_rural", "tekun",
                                                          "orphan_institutional", "orphan_scattered")]
    + [("temporary_assistance", "recipients", "person_time"), ("dibao", "exits", "person")]
)
FACTS_PER_DOCUMENT = 50

QUERIES = {
    "v_dibao_city_year, one city": "SELECT * FROM v_dibao_city_year WHERE city_code = '340200'",
    "v_dibao_city_year, one city and year": "SELECT * FROM v_dibao_city_year WHERE city_code = '340700' AND year = 2023",
    "v_subsidy_spending_city_year, one city": "SELECT * FROM v_subsidy_spending_city_year WHERE city_code = '340200'",
    "v_fact_conflicts, one place": "SELECT * FROM v_fact_conflicts WHERE jurisdiction_code = '340223'",
}


def scratch_urls(base: str, name: str) -> tuple[str, str]:
    """(admin URL on the maintenance db, URL of the scratch db), both plain libpq-style for psycopg."""
    url = make_url(base).set(drivername="postgresql")
    admin = url.set(database="postgres").render_as_string(hide_password=False)
    return admin, url.set(database=name).render_as_string(hide_password=False)


def recreate_database(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def places(connection: psycopg.Connection) -> dict[str, list[str]]:
    """City code -> [city code, county codes...] of the reference data."""
    by_city: dict[str, list[str]] = {}
    for code, city in connection.execute("SELECT code, city_code FROM jurisdiction WHERE city_code IS NOT NULL ORDER BY code"):
        by_city.setdefault(city, []).append(code)
    for city, codes in by_city.items():
        codes.sort(key=lambda code: code != city)  # the city first
    return by_city


def synthesize(connection: psycopg.Connection, n_facts: int, seed: int) -> tuple[int, int]:
    """COPY synthetic documents and facts; return (documents, facts)."""
    rng = random.Random(seed)
    by_city = places(connection)
    cities = sorted(by_city)
    n_documents = max(1, n_facts // FACTS_PER_DOCUMENT)
    loaded = datetime(2025, 1, 1, tzinfo=timezone.utc)
    documents = []
    for doc_id in range(1, n_documents + 1):
        city = rng.choice(cities)
        place = city if rng.random() < 0.4 else rng.choice(by_city[city])
        year = rng.randint(2015, 2024)
        kind = rng.choices(("year", "mid", "five"), weights=(70, 25, 5))[0]
        if kind == "year":
            start, end, published = date(year, 1, 1), date(year, 12, 31), date(year + 1, rng.randint(1, 4), rng.randint(1, 28))
        elif kind == "mid":
            start, end, published = date(year, 1, 1), date(year, 6, 30), date(year, rng.randint(7, 9), rng.randint(1, 28))
        else:
            start, end, published = date(year - 4, 1, 1), date(year, 12, 31), date(year + 1, rng.randint(1, 6), 15)
        documents.append((doc_id, city, place, start, end, published))
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY document (id, sha256, path, name, title, published, jurisdiction_code, period_start, period_end,"
            " size_bytes, parser_version, loaded_at) FROM STDIN"
        ) as copy:
            for doc_id, _city, place, start, end, published in documents:
                name = f"bench_{doc_id:07d}.txt"
                copy.write_row((doc_id, hashlib.sha256(name.encode()).hexdigest(), f"/bench/{name}", name,
                                f"{place} {end.year} 工作总结", published, place, start, end, 20_000, "bench",
                                loaded + timedelta(seconds=doc_id)))
        fact_id = 0
        with cursor.copy(
            "COPY fact (id, document_id, jurisdiction_code, program_code, metric_code, unit_code, value, value_high,"
            " qualifier, period_start, period_end, status, span_start, span_end, quote) FROM STDIN"
        ) as copy:
            for doc_id, city, place, start, end, _published in documents:
                for index in range(FACTS_PER_DOCUMENT):
                    if fact_id >= n_facts:
                        break
                    fact_id += 1
                    program, metric, unit = rng.choice(COMBOS)
                    where = place if rng.random() < 0.85 else rng.choice(by_city[city])
                    status = "target" if rng.random() < 0.05 else "actual"
                    if metric == "standard":
                        value = float(rng.randint(500, 1500))
                    elif unit == "cny":
                        value = float(rng.randint(10, 50_000) * 10_000)
                    else:
                        value = float(rng.randint(10, 100_000))
                    quote = f"{program}{value:.0f}"
                    span_start = index * 40
                    copy.write_row((fact_id, doc_id, where, program, metric, unit, value, None, "exact",
                                    start, end, status, span_start, span_start + len(quote), quote))
        cursor.execute("SELECT setval(pg_get_serial_sequence('document', 'id'), %s)", (n_documents,))
        cursor.execute("SELECT setval(pg_get_serial_sequence('fact', 'id'), %s)", (fact_id,))
    connection.commit()
    # VACUUM as autovacuum soon would after a bulk load: it sets the visibility
    # map, without which the views' index-only scans (ix_fact_series) read the heap.
    connection.autocommit = True
    connection.execute("VACUUM ANALYZE")
    connection.autocommit = False
    return n_documents, fact_id


def time_query(connection: psycopg.Connection, sql: str, repeat: int) -> tuple[float, float, int]:
    """(median ms, best ms, rows) of ``repeat`` runs after one warm-up run."""
    rows = len(connection.execute(sql).fetchall())
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        connection.execute(sql).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), min(timings), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/postgres", help="any database on the server")
    parser.add_argument("--database", default="etl_bench_views", help="scratch database to create and drop")
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20241122)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each query")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)

    admin, url = scratch_urls(args.url, args.database)
    recreate_database(admin, args.database)
    try:
        started = time.perf_counter()
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        print(f"migrated {args.database} in {time.perf_counter() - started:.1f}s")
        with psycopg.connect(url) as connection:
            started = time.perf_counter()
            n_documents, n_facts = synthesize(connection, args.facts, args.seed)
            print(f"inserted {n_facts:,} facts in {n_documents:,} documents (COPY + VACUUM ANALYZE) in {time.perf_counter() - started:.1f}s")
            for label, sql in QUERIES.items():
                median, best, rows = time_query(connection, sql, args.repeat)
                print(f"{label:45s} {median:8.1f} ms median  {best:8.1f} ms best  ({rows} rows)")
                if args.explain:
                    plan = connection.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}").fetchall()
                    print("\n".join(f"    {line}" for (line,) in plan))
    finally:
        if not args.keep:
            drop_database(admin, args.database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
