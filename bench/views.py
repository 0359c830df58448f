"""View-side benchmark: time the roll-up views with synthetic facts, PostgreSQL 1M and SQLite 200k.

On PostgreSQL it creates a scratch database (default ``etl_bench_views``) on the
server of ``--url``; on SQLite a scratch file. Each is migrated (tables,
reference data, views), gets synthetic documents and facts (COPY on
PostgreSQL, executemany on SQLite, then ANALYZE) and is timed on the queries a
dashboard runs: the whole roll-up views (``SELECT * FROM v_dibao_city_year``,
what Metabase reads) against ``SELECT count(*) FROM fact`` in the same run
(median of ``--repeat``, the ratio is whole view / count), and the filtered
ones (``WHERE city_code = '340200'``). The scratch database is dropped again
(unless ``--keep``).

    .venv/bin/python bench/views.py                           # PostgreSQL 1M, SQLite 200k
    .venv/bin/python bench/views.py --backend postgresql --facts 200000 --explain

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
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

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

COUNT_QUERY = "SELECT count(*) FROM fact"
# Whole views, reported as a ratio to COUNT_QUERY (issue #13: at most 20x).
WHOLE_QUERIES = {
    "v_dibao_city_year, whole view": "SELECT * FROM v_dibao_city_year",
    "v_subsidy_spending_city_year, whole view": "SELECT * FROM v_subsidy_spending_city_year",
}
# The tables the whole views read, fetched directly: the floor of any view over
# them, on SQLite almost all of it is turning the rows' values into Python objects.
TABLE_QUERIES = {
    "rollup_dibao_city_year, the table itself": "SELECT * FROM rollup_dibao_city_year",
    "rollup_subsidy_spending_city_year, the table itself": "SELECT * FROM rollup_subsidy_spending_city_year",
}
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


def places(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    """City code -> [city code, county codes...] from (code, city_code) rows of the reference data."""
    by_city: dict[str, list[str]] = {}
    for code, city in sorted(rows):
        by_city.setdefault(city, []).append(code)
    for city, codes in by_city.items():
        codes.sort(key=lambda code: code != city)  # the city first
    return by_city


PLACES_SQL = "SELECT code, city_code FROM jurisdiction WHERE city_code IS NOT NULL"


def synthetic_rows(by_city: dict[str, list[str]], n_facts: int, seed: int) -> tuple[list[tuple], list[tuple]]:
    """(document rows, fact rows) in the column order of DOCUMENT_COLUMNS and FACT_COLUMNS."""
    rng = random.Random(seed)
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
    document_rows = []
    for doc_id, _city, place, start, end, published in documents:
        name = f"bench_{doc_id:07d}.txt"
        document_rows.append((doc_id, hashlib.sha256(name.encode()).hexdigest(), f"/bench/{name}", name,
                              f"{place} {end.year} 工作总结", published, place, start, end, 20_000, "bench",
                              loaded + timedelta(seconds=doc_id)))
    fact_rows = []
    fact_id = 0
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
            fact_rows.append((fact_id, doc_id, where, program, metric, unit, value, None, "exact",
                              start, end, status, span_start, span_start + len(quote), quote))
    return document_rows, fact_rows


DOCUMENT_COLUMNS = ("id, sha256, path, name, title, published, jurisdiction_code, period_start, period_end,"
                    " size_bytes, parser_version, loaded_at")
FACT_COLUMNS = ("id, document_id, jurisdiction_code, program_code, metric_code, unit_code, value, value_high,"
                " qualifier, period_start, period_end, status, span_start, span_end, quote")


def synthesize_postgresql(connection: psycopg.Connection, n_facts: int, seed: int) -> tuple[int, int]:
    """COPY synthetic documents and facts; return (documents, facts)."""
    documents, facts = synthetic_rows(places(connection.execute(PLACES_SQL).fetchall()), n_facts, seed)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY document ({DOCUMENT_COLUMNS}) FROM STDIN") as copy:
            for row in documents:
                copy.write_row(row)
        with cursor.copy(f"COPY fact ({FACT_COLUMNS}) FROM STDIN") as copy:
            for row in facts:
                copy.write_row(row)
        cursor.execute("SELECT setval(pg_get_serial_sequence('document', 'id'), %s)", (len(documents),))
        cursor.execute("SELECT setval(pg_get_serial_sequence('fact', 'id'), %s)", (len(facts),))
    connection.commit()
    # VACUUM as autovacuum soon would after a bulk load: it sets the visibility
    # map, without which the views' index-only scans (ix_fact_series) read the heap.
    connection.autocommit = True
    connection.execute("VACUUM ANALYZE")
    connection.autocommit = False
    return len(documents), len(facts)


def synthesize_sqlite(connection: sqlite3.Connection, n_facts: int, seed: int) -> tuple[int, int]:
    """Insert synthetic documents and facts (dates as ISO text, as the ORM stores them); return (documents, facts)."""
    documents, facts = synthetic_rows(places(connection.execute(PLACES_SQL).fetchall()), n_facts, seed)

    def iso(value: object) -> object:
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return value.isoformat() if isinstance(value, date) else value

    marks = lambda columns: ", ".join("?" for _ in columns.split(","))  # noqa: E731
    connection.executemany(f"INSERT INTO document ({DOCUMENT_COLUMNS}) VALUES ({marks(DOCUMENT_COLUMNS)})",
                           ([iso(v) for v in row] for row in documents))
    connection.executemany(f"INSERT INTO fact ({FACT_COLUMNS}) VALUES ({marks(FACT_COLUMNS)})",
                           ([iso(v) for v in row] for row in facts))
    connection.commit()
    connection.execute("ANALYZE")
    connection.commit()
    return len(documents), len(facts)


def time_query(connection: Any, sql: str, repeat: int) -> tuple[float, float, int]:
    """(median ms, best ms, rows) of ``repeat`` runs after one warm-up run (rows fetched, as a client would)."""
    rows = len(connection.execute(sql).fetchall())
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        connection.execute(sql).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), min(timings), rows


def run_queries(connection: Any, repeat: int, explain: str | None) -> None:
    """Time count(*), the whole views (as a ratio to it) and the filtered queries; print one line each."""
    count_ms, count_best, _ = time_query(connection, COUNT_QUERY, repeat)
    print(f"{'count(*) from fact':52s} {count_ms:8.1f} ms median  {count_best:8.1f} ms best")
    for label, sql in {**WHOLE_QUERIES, **TABLE_QUERIES, **QUERIES}.items():
        median, best, rows = time_query(connection, sql, repeat)
        ratio = f"  {median / count_ms:6.1f}x count(*)" if label in WHOLE_QUERIES or label in TABLE_QUERIES else ""
        print(f"{label:52s} {median:8.1f} ms median  {best:8.1f} ms best  ({rows} rows){ratio}")
        if explain:
            plan = connection.execute(f"{explain} {sql}").fetchall()
            print("\n".join(f"    {' '.join(str(v) for v in line)}" for line in plan))


def bench_postgresql(args: argparse.Namespace) -> None:
    """Migrate a scratch PostgreSQL database, fill it, time the queries, drop it."""
    admin, url = scratch_urls(args.url, args.database)
    recreate_database(admin, args.database)
    try:
        started = time.perf_counter()
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        print(f"postgresql: migrated {args.database} in {time.perf_counter() - started:.1f}s")
        with psycopg.connect(url) as connection:
            started = time.perf_counter()
            n_documents, n_facts = synthesize_postgresql(connection, args.facts, args.seed)
            print(f"inserted {n_facts:,} facts in {n_documents:,} documents (COPY + VACUUM ANALYZE) in {time.perf_counter() - started:.1f}s")
            refresh_rollups(url)
            run_queries(connection, args.repeat, "EXPLAIN (ANALYZE, BUFFERS)" if args.explain else None)
        time_batch_refresh(url)
    finally:
        if not args.keep:
            drop_database(admin, args.database)


def bench_sqlite(args: argparse.Namespace) -> None:
    """Migrate a scratch SQLite file, fill it, time the queries, delete it."""
    with tempfile.TemporaryDirectory(prefix="bench_views_") as folder:
        path = Path(folder) / "bench.sqlite"
        url = f"sqlite:///{path}"
        started = time.perf_counter()
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        print(f"sqlite: migrated {path} in {time.perf_counter() - started:.1f}s")
        connection = sqlite3.connect(path)
        try:
            started = time.perf_counter()
            n_documents, n_facts = synthesize_sqlite(connection, args.sqlite_facts, args.seed)
            print(f"inserted {n_facts:,} facts in {n_documents:,} documents (executemany + ANALYZE) in {time.perf_counter() - started:.1f}s")
            refresh_rollups(url)
            run_queries(connection, args.repeat, "EXPLAIN QUERY PLAN" if args.explain else None)
        finally:
            connection.close()
        time_batch_refresh(url)
        if args.keep:
            kept = Path(tempfile.gettempdir()) / "bench_views.sqlite"
            shutil.copy(path, kept)
            print(f"kept {kept}")


def time_batch_refresh(url: str, documents: int = 200) -> None:
    """What a load batch of ``documents`` documents adds to its write transaction: refreshing their city-years."""
    try:
        from etl.db import marts
    except ImportError:
        return
    from sqlalchemy import bindparam, text

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            pairs = [tuple(row) for row in connection.execute(text(
                "SELECT DISTINCT city_code, year FROM v_fact_single_year WHERE document_id IN"
                f" (SELECT id FROM document ORDER BY id DESC LIMIT {documents}) AND city_code IS NOT NULL"
            ))]
            # What a refresh proportional to its city-years would read, of what a full rebuild reads.
            covered, total = connection.execute(text(
                "SELECT count(CASE WHEN city_code || ':' || CAST(year AS TEXT) IN :keys THEN 1 END), count(*)"
                " FROM v_fact_single_year WHERE city_code IS NOT NULL"
            ).bindparams(bindparam("keys", expanding=True)), {"keys": [f"{city}:{year}" for city, year in pairs]}).one()
            started = time.perf_counter()
            marts.refresh_city_years(connection, pairs)
            elapsed = time.perf_counter() - started
            connection.rollback()
        print(f"refresh of the {len(pairs)} city-years of {documents} documents (one load batch;"
              f" {covered:,} of the {total:,} single-year city facts): {elapsed * 1000:.0f} ms")
    finally:
        engine.dispose()


def refresh_rollups(url: str) -> None:
    """Rebuild the materialized roll-ups after the bench's raw inserts, as ``etl db refresh`` would (when they exist)."""
    try:
        from etl.db import marts
    except ImportError:  # before the roll-up tables: the views compute everything
        return
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        with engine.begin() as connection:
            marts.refresh_all(connection)
        print(f"refreshed the roll-up tables in {time.perf_counter() - started:.1f}s")
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("postgresql", "sqlite", "both"), default="both")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1/postgres", help="any database on the server")
    parser.add_argument("--database", default="etl_bench_views", help="scratch database to create and drop")
    parser.add_argument("--facts", type=int, default=1_000_000, help="facts on PostgreSQL")
    parser.add_argument("--sqlite-facts", type=int, default=200_000, help="facts on SQLite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20241122)
    parser.add_argument("--explain", action="store_true", help="print the plan of each query")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    if args.backend in ("postgresql", "both"):
        bench_postgresql(args)
    if args.backend in ("sqlite", "both"):
        bench_sqlite(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
