"""Time the ways of getting fact rows into ``fact`` on PostgreSQL (issue #13 goal 4, the document key).

Usage::

    python bench/fact_copy_options.py --docs 2000 --repeats 5
    python bench/fact_copy_options.py --url postgresql://postgres@127.0.0.1/some_db   # a database holding facts

Without ``--url`` it makes a scratch database (``--scratch-db``), migrates it and
loads the first ``--docs`` reports of the bench corpus (``bench/load.py`` makes
it under ``bench/out/``) with ``etl load``; it is dropped at the end.

The fact rows are read out once (``COPY ... TO STDOUT``) and then, ``--repeats``
times each, with ``fact`` and ``rollup_stale`` emptied (``TRUNCATE``) before
every run, written back in one transaction by:

* ``copy_keyless``: COPY into ``LIKE fact INCLUDING ALL`` (no keys, no
  triggers): the goal's reference, as in ``bench/load.py``;
* ``copy_fact``: COPY into ``fact`` as it is (its triggers, and the document key
  when the database has it);
* ``staging_insert``: COPY into a temporary table, then ``INSERT INTO fact
  SELECT ... FROM`` it;
* with ``--drop-key``, the last two again after ``fact``'s document key is
  dropped (``copy_fact_nokey``, ``staging_insert_nokey``; the key is restored
  at the end).

Each time is COPY (and INSERT) plus COMMIT; the median is printed, in seconds
and facts/s, with its ratio to ``copy_keyless``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "bench" / "out" / "corpus_10000"
DEFAULT_PG = "postgresql://postgres@127.0.0.1/postgres"
COLUMNS = (
    "document_id, jurisdiction_code, program_code, metric_code, unit_code, value, value_high, qualifier, "
    "period_start, period_end, status, span_start, span_end, quote"
)
DOCUMENT_KEY = "fk_fact_document_id_document"

sys.path.insert(0, str(REPO))


def scratch_database(admin: str, name: str, docs: int) -> str:
    """Create ``name``, migrate it and load ``docs`` reports of the bench corpus into it; return its URL."""
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    files = sorted(CORPUS.glob("*/*.txt"))[:docs]
    if not files:
        raise SystemExit(f"no corpus under {CORPUS}: run bench/load.py --sizes 10000 once")
    with tempfile.TemporaryDirectory() as folder:
        for path in files:
            shutil.copy(path, folder)
        etl = Path(sys.executable).with_name("etl")
        subprocess.run([str(etl), "load", "--db", url, "--quiet", folder], check=True)
    return url


def read_rows(connection: Any) -> tuple[bytes, int]:
    buffer = bytearray()
    with connection.cursor().copy(f"COPY (SELECT {COLUMNS} FROM fact) TO STDOUT") as copy:
        for block in copy:
            buffer += block
    rows = connection.execute("SELECT count(*) FROM fact").fetchone()[0]
    return bytes(buffer), rows


def write(connection: Any, cursor: Any, table: str, data: bytes) -> None:
    with cursor.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy:
        for start in range(0, len(data), 1 << 20):
            copy.write(data[start:start + (1 << 20)])


def run(connection: Any, variant: str, data: bytes) -> float:
    """One timed write of ``data`` by ``variant``; the tables it wrote are emptied first."""
    connection.execute("TRUNCATE fact, rollup_stale")
    connection.execute("DROP TABLE IF EXISTS fact_keyless")
    if variant == "copy_keyless":
        connection.execute("CREATE TABLE fact_keyless (LIKE fact INCLUDING ALL)")
    connection.commit()
    cursor = connection.cursor()
    started = time.perf_counter()
    if variant == "copy_keyless":
        write(connection, cursor, "fact_keyless", data)
    elif variant.startswith("copy_fact"):
        write(connection, cursor, "fact", data)
    else:
        cursor.execute(
            "CREATE TEMPORARY TABLE fact_staging (LIKE fact INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        write(connection, cursor, "fact_staging", data)
        cursor.execute(f"INSERT INTO fact ({COLUMNS}) SELECT {COLUMNS} FROM fact_staging")
    connection.commit()
    return time.perf_counter() - started


def main() -> None:
    import psycopg

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a database holding facts (its fact table is emptied and refilled!)")
    parser.add_argument("--pg", default=os.environ.get("ETL_BENCH_PG", DEFAULT_PG), help="admin URL")
    parser.add_argument("--scratch-db", default="etl_bench_fact_copy")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--drop-key", action="store_true", help="also time fact without its document key")
    args = parser.parse_args()
    url = args.url or scratch_database(args.pg, args.scratch_db, args.docs)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn) as connection:
            data, rows = read_rows(connection)
            has_key = connection.execute(
                "SELECT count(*) FROM pg_constraint WHERE conname = %s", (DOCUMENT_KEY,)
            ).fetchone()[0] == 1
            variants = ["copy_keyless", "copy_fact", "staging_insert"]
            times: dict[str, list[float]] = {v: [] for v in variants}
            if args.drop_key and has_key:
                times.update(copy_fact_nokey=[], staging_insert_nokey=[])
            # Interleaved, so that a busy moment of the shared machine hits every variant alike.
            for _ in range(args.repeats):
                for variant in variants:
                    times[variant].append(run(connection, variant, data))
                if "copy_fact_nokey" in times:
                    connection.execute(f"ALTER TABLE fact DROP CONSTRAINT {DOCUMENT_KEY}")
                    connection.commit()
                    for variant in ("copy_fact_nokey", "staging_insert_nokey"):
                        times[variant].append(run(connection, variant.removesuffix("_nokey"), data))
                    connection.execute("TRUNCATE fact, rollup_stale")
                    connection.execute(
                        f"ALTER TABLE fact ADD CONSTRAINT {DOCUMENT_KEY} FOREIGN KEY (document_id)"
                        " REFERENCES document (id) ON DELETE CASCADE"
                    )
                    connection.commit()
            # Leave the facts in place (a --url database gets its rows back).
            run(connection, "copy_fact", data)
            connection.execute("DROP TABLE IF EXISTS fact_keyless")
            connection.commit()
    finally:
        if not args.url:
            with psycopg.connect(args.pg, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{args.scratch_db}"')
    reference = statistics.median(times["copy_keyless"])
    print(f"{rows} fact rows, median of {args.repeats} (document key {'present' if has_key else 'absent'} in the database)")
    print("| variant | s | facts/s | / copy_keyless |")
    print("|---|---:|---:|---:|")
    for variant, values in times.items():
        median = statistics.median(values)
        print(f"| {variant} | {median:.3f} | {rows / median:,.0f} | {reference / median:.2f} |")


if __name__ == "__main__":
    main()
