"""Benchmark ``etl load``: throughput, peak memory, write speed against plain COPY, view latency.

Usage::

    .venv/bin/python bench/load.py                       # N = 1,000 and 10,000 on SQLite and PostgreSQL
    .venv/bin/python bench/load.py --sizes 1000 --backends sqlite
    .venv/bin/python bench/load.py --view-facts 1000000  # also time v_dibao_city_year on a million facts
    python bench/load.py --sizes 10000 --backends postgresql --view-facts 0 --scratch-db etl_bulk_bench

What it does:

1. Generates a synthetic corpus of N work reports under ``bench/out/`` (git-ignored).
   Every sentence is assembled by this script from templates, for places taken
   from ``seeds/jurisdictions.csv`` and years 2015-2024, with random figures;
   no text is copied from any real report.
2. For each backend and N, runs the real ``etl load`` CLI (this environment's
   console script, as a user runs it) into a fresh database, sampling the
   resident memory of that process and all its children (fork server,
   workers) every 50 ms; the peak is the largest *sum* of their RSS (an upper
   bound: pages shared between the processes are counted once per process).
3. Extracts the corpus once more, then times the loader's writer alone
   (``DocumentWriter``, default batches) writing it into fresh databases,
   ``--repeats`` times; on PostgreSQL, right after each of those runs, copies
   the fact rows it wrote into empty copies of the fact table (``CREATE TABLE
   ... (LIKE fact INCLUDING ALL)``) with one plain ``COPY ... FROM STDIN``, and
   compares the medians (issue #13 goal 4: writer >= 0.5x COPY without FKs),
   printing also each run's ratio to the COPY right after it.
4. With ``--view-facts``, fills a database with that many facts by COPY (not by
   extraction) and times ``select * from v_dibao_city_year where city_code = '340200'``
   (skipped if the view does not exist).

PostgreSQL work happens in a scratch database ``etl_bench_load`` that is
dropped at the end. Results are printed as a markdown table.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
SCRATCH_DB = "etl_bench_load"
DEFAULT_PG = "postgresql://postgres@127.0.0.1/postgres"
DEFAULT_EXTRACTOR = "etl.extract:extract_file"

sys.path.insert(0, str(REPO))

# ---------------------------------------------------------------------------
# synthetic corpus
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str


def places() -> list[Place]:
    """Prefectures and counties of seeds/jurisdictions.csv (provinces are too broad for a work report)."""
    with open(REPO / "seeds" / "jurisdictions.csv", encoding="utf-8", newline="") as handle:
        return [
            Place(row["code"], row["name"], row["level"])
            for row in csv.DictReader(handle)
            if row["level"] in ("prefecture", "county") and not row["name"].endswith("市辖区")
        ]


def scope(place: Place) -> str:
    """全市 / 全县 / 全区 / 全旗, from the last character of the name."""
    last = place.name[-1]
    return "全" + (last if last in "市县区旗州盟" else "市")


def wan(rng: random.Random, low: float, high: float) -> str:
    """An amount in 万元 with 0-2 decimals, as reports write them."""
    text = f"{rng.uniform(low, high):.{rng.choice((0, 1, 2))}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# Sentence templates. {s} is 全市/全县..., {y} the year, numbers come from rng.
ACTUAL_TEMPLATES = (
    "截至{m}月底,{s}城市低保对象{h1}户{p1}人,累计发放低保金{w1}万元。",
    "{s}农村低保对象{h2}户{p2}人,发放资金{w2}万元。",
    "{y}年城乡低保标准分别提高到每人每月{r1}元和{r2}元。",
    "{s}共有特困人员{p3}人,发放特困供养金{w3}万元。",
    "全年实施临时救助{p4}人次,支出临时救助资金{w4}万元。",
    "为{p5}名高龄老人发放高龄津贴{w5}万元。",
    "困难残疾人生活补贴发放{p6}人,重度残疾人护理补贴发放{p7}人,累计发放资金{w6}万元。",
    "{s}孤儿基本生活保障对象{p8}人,发放补助金额{w7}万元。",
    "纳入低保边缘家庭{h9}户{p9}人,低收入人口动态监测{p10}人。",
    "免除基本殡葬服务费用{w8}万元,惠及{h10}户困难家庭。",
    "实施流浪乞讨人员救助{p11}人次。",
    "城市特困人员{p12}人,农村特困人员{p13}人,全年发放供养资金{w9}万元。",
    "为{p14}名老年人发放居家养老服务补贴{w10}万元。",
)
PLAN_TEMPLATES = (
    "{y1}年力争将城乡低保标准提高到每人每月{r3}元。",
    "计划新建村级养老服务站{n1}个、老年食堂{n2}个。",
)
FILLER_TEMPLATES = (
    "持续推进{t}工作,健全{t}长效机制,确保各项政策落到实处。",
    "深入开展{t}专项行动,强化部门协同和信息共享,提升服务精准度。",
    "加强{t}监督管理,完善{t}制度建设,推动工作规范化、标准化。",
    "围绕{t}重点任务,压实工作责任,及时回应群众急难愁盼问题。",
)
TOPICS = ("社会救助", "养老服务", "儿童福利", "殡葬改革", "社会组织管理", "婚姻登记", "基层治理", "残疾人福利", "救助管理")


def report_text(rng: random.Random, place: Place, year: int) -> str:
    """One synthetic work report (about 2-4 KB, 15-30 figures)."""
    s = scope(place)
    numbers: dict[str, Any] = {"s": s, "y": year, "y1": year + 1, "m": rng.choice((6, 9, 11, 12))}
    for i in range(1, 15):
        numbers[f"p{i}"] = rng.randint(80, 60000)
        numbers[f"h{i}"] = rng.randint(50, 30000)
        numbers[f"w{i}"] = wan(rng, 5, 9000)
    for i in range(1, 4):
        numbers[f"r{i}"] = rng.randint(450, 1200)
    numbers["n1"], numbers["n2"] = rng.randint(2, 40), rng.randint(2, 40)
    lines = [f"{place.name}民政局{year}年工作总结和{year + 1}年工作计划", f"一、{year}年工作总结"]
    sentences = [t.format(**numbers) for t in rng.sample(ACTUAL_TEMPLATES, rng.randint(8, len(ACTUAL_TEMPLATES)))]
    for _ in range(rng.randint(4, 10)):
        topic = rng.choice(TOPICS)
        sentences.append(rng.choice(FILLER_TEMPLATES).format(t=topic))
    rng.shuffle(sentences)
    ordinals = "一二三四五六七八九十"
    for k in range(0, len(sentences), 4):
        part = sentences[k : k + 4]
        lines.append(f"({ordinals[min(k // 4, 9)]})" + "".join(f"{ordinals[j]}是{x}" for j, x in enumerate(part)))
    lines.append(f"二、{year + 1}年工作计划")
    lines.extend(t.format(**numbers) for t in PLAN_TEMPLATES)
    lines.append(f"{place.name}民政局")
    lines.append(f"{year + 1}年1月{rng.randint(5, 28)}日")
    return "\n".join(lines) + "\n"


def make_corpus(n: int, seed: int = 20240601) -> Path:
    """Write (or reuse) a corpus of ``n`` reports; return its folder."""
    folder = OUT / f"corpus_{n}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(seed + n)
    pool = places()
    for i in range(n):
        place = rng.choice(pool)
        year = rng.randint(2015, 2024)
        # 100 files per sub-folder, as a real collection would be organised.
        sub = folder / f"{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:05d}_{place.code}_{year}.txt").write_text(report_text(rng, place, year), encoding="utf-8")
    marker.write_text("ok\n")
    return folder


# ---------------------------------------------------------------------------
# databases
# ---------------------------------------------------------------------------


def pg_url(admin_url: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(admin_url).set(database=database).render_as_string(hide_password=False)


def recreate_pg(admin_url: str, database: str | None = None) -> str:
    from sqlalchemy import text

    from etl.db.engine import make_engine

    database = database or SCRATCH_DB
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return pg_url(admin_url, database)


def drop_pg(admin_url: str, database: str | None = None) -> None:
    from sqlalchemy import text

    from etl.db.engine import make_engine

    database = database or SCRATCH_DB
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    admin.dispose()


def fresh_database(backend: str, admin_url: str, tag: str) -> str:
    if backend == "sqlite":
        path = OUT / f"bench_{tag}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    return recreate_pg(admin_url)


def prepare(url: str) -> None:
    """Migrate and sync reference data before timing (a real first load does it too, once)."""
    from etl.db import migrate
    from etl.db.engine import make_engine

    engine = make_engine(url)
    migrate.ensure_schema(engine)
    migrate.sync_reference(engine)
    engine.dispose()


# ---------------------------------------------------------------------------
# measuring a load
# ---------------------------------------------------------------------------


def cli_counts(url: str, run_started: float) -> dict[str, Any]:
    """What the load stored, read back from the database (the CLI prints no machine-readable summary)."""
    from sqlalchemy import text

    from etl.db.engine import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        run = connection.execute(text(
            "SELECT files_seen, files_loaded, files_failed, facts_loaded, mentions_loaded FROM load_run "
            "ORDER BY id DESC LIMIT 1"
        )).one()
        failures = connection.execute(text("SELECT message FROM load_error ORDER BY id LIMIT 3")).scalars().all()
    engine.dispose()
    return {"files": run[0], "loaded": run[1], "failed": run[2], "facts": run[3], "mentions": run[4],
            "first_failures": list(failures)}


def measure_load(corpus: Path, url: str, workers: int | None, extractor: str) -> dict[str, Any]:
    """Run the real ``etl load`` CLI on ``corpus`` into ``url``; return its counts, wall time and peak RSS.

    The ``etl`` console script of this interpreter's environment is spawned
    as a user would run it; psutil samples the resident memory of it and of
    every process below it (fork server, workers) every 50 ms, and the peak
    is the largest sum.
    """
    import psutil

    etl = Path(sys.executable).with_name("etl")
    command = [str(etl), "load", str(corpus), "--db", url, "--quiet"]
    if workers:
        command += ["--workers", str(workers)]
    if extractor != DEFAULT_EXTRACTOR:
        raise SystemExit("--extractor is not an option of the etl CLI")
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    processes = 0
    while process.poll() is None:
        total = 0
        try:
            tree = [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            tree = []
        for member in tree:
            try:
                total += member.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        peak = max(peak, total)
        processes = max(processes, len(tree))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    out, err = process.communicate()
    if process.returncode not in (0, 1):
        raise SystemExit(f"etl load failed ({process.returncode}):\n{err}")
    result = cli_counts(url, started)
    result.update(wall=wall, peak_mb=peak / 2**20, processes=processes)
    return result


def isolated_write(
    corpus: Path, new_url: Any, workers: int | None, extractor: str, repeats: int, after_each: Any = None
) -> dict[str, Any]:
    """Facts/s of the loader's writer alone: extract everything first, then time only the writes.

    During a real load the writes share the two cores with the extraction
    workers; this measures the same code (:class:`etl.load.writer.DocumentWriter`,
    default batch size) on an otherwise idle machine, as the COPY baselines are.
    The writes run ``repeats`` times, each into a fresh database from
    ``new_url()``; the median rate is reported and the last database is left
    holding the facts (the COPY baseline copies them). ``after_each(url)``, if
    given, runs right after each write, on the database it wrote (the COPY
    baselines: interleaved with the writer's runs, a busy moment of the shared
    machine hits both alike).
    """
    from etl.db.engine import make_engine
    from etl.load.pipeline import _unique_files
    from etl.load.pool import ExtractionPool
    from etl.load.runs import RunRecorder
    from etl.load.summary import LoadSummary
    from etl.load.worker import DOCUMENT_FIELDS, OK
    from etl.load.writer import DocumentWriter, PreparedDocument

    files = _unique_files([corpus])
    results = []
    with ExtractionPool(workers or os.cpu_count() or 1, extractor, None, chunk_size=16) as pool:
        for result in pool.results((i, shown, None, None) for i, (shown, _) in enumerate(files)):
            if result is not None and result[0] == OK:
                results.append(result)
    rates = []
    url = ""
    for _ in range(repeats):
        url = new_url()
        engine = make_engine(url)
        recorder = RunRecorder(engine, "bench", {})
        recorder.start()
        summary = LoadSummary()
        writer = DocumentWriter(engine, recorder, summary, lambda *a: None, lambda *a: None, max_delay=1e9)
        for _, index, sha256, size, document, facts, mentions, text in results:
            shown, absolute = files[index]
            row = dict(zip(DOCUMENT_FIELDS, document), sha256=sha256, path=absolute,
                       name=os.path.basename(absolute), size_bytes=size, parser_version="bench")
            writer.add(PreparedDocument(absolute, shown, row, list(facts), list(mentions), text))
        writer.flush()
        recorder.finish("finished", summary)
        engine.dispose()
        rates.append(summary.facts / summary.write_seconds)
        if after_each is not None:
            after_each(url)
    return {"isolated_rate": statistics.median(rates), "isolated_rates": rates, "isolated_url": url}


# ---------------------------------------------------------------------------
# plain COPY baseline (PostgreSQL)
# ---------------------------------------------------------------------------

FACT_COLUMNS = (
    "document_id, jurisdiction_code, program_code, metric_code, unit_code, value, value_high, qualifier, "
    "period_start, period_end, status, span_start, span_end, quote"
)


# The foreign keys fact had before migration 0008 (the loader now checks the four reference codes).
FACT_KEYS_BEFORE_0008 = (
    "FOREIGN KEY (document_id) REFERENCES document(id) ON DELETE CASCADE",
    "FOREIGN KEY (jurisdiction_code) REFERENCES jurisdiction(code)",
    "FOREIGN KEY (program_code) REFERENCES program(code)",
    "FOREIGN KEY (metric_code) REFERENCES metric(code)",
    "FOREIGN KEY (unit_code) REFERENCES unit(code)",
)


def copy_baseline(url: str, repeats: int) -> dict[str, float]:
    """Facts/s of one plain COPY of all loaded fact rows into empty copies of the fact table (median of ``repeats``).

    Three copies, all ``LIKE fact INCLUDING ALL`` (same columns, indexes,
    unique and check constraints, but no foreign keys): without foreign keys
    (the goal's reference), with fact's foreign keys as they are now (only
    the document key from migration 0008, none since 0010), and with the five
    keys fact had before 0008 (document, jurisdiction, program, metric, unit).
    """
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    rates = {}
    with psycopg.connect(dsn) as connection:
        buffer = bytearray()
        with connection.cursor().copy(f"COPY (SELECT {FACT_COLUMNS} FROM fact) TO STDOUT") as copy:
            for block in copy:
                buffer += block
        rows = connection.execute("SELECT count(*) FROM fact").fetchone()[0]
        current_keys = [
            definition for (definition,) in connection.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'fact'::regclass AND contype = 'f'"
            )
        ]
        variants = (("copy_rate", []), ("copy_current_fk_rate", current_keys), ("copy_fk_rate", FACT_KEYS_BEFORE_0008))
        for name, keys in variants:
            timings = []
            for _ in range(repeats):
                connection.execute("DROP TABLE IF EXISTS fact_copy")
                connection.execute("CREATE TABLE fact_copy (LIKE fact INCLUDING ALL)")
                for definition in keys:
                    connection.execute(f"ALTER TABLE fact_copy ADD {definition}")
                connection.commit()
                started = time.perf_counter()
                with connection.cursor().copy(f"COPY fact_copy ({FACT_COLUMNS}) FROM STDIN") as copy:
                    for start in range(0, len(buffer), 1 << 20):
                        copy.write(bytes(buffer[start : start + (1 << 20)]))
                connection.commit()
                timings.append(time.perf_counter() - started)
                connection.execute("DROP TABLE fact_copy")
                connection.commit()
            rates[name] = rows / statistics.median(timings)
    return rates


# ---------------------------------------------------------------------------
# a million facts by COPY, then the view
# ---------------------------------------------------------------------------

VIEW_QUERY = "select * from v_dibao_city_year where city_code = '340200'"
SERIES = (
    ("dibao", "recipients", "person"), ("dibao", "recipients", "household"), ("dibao", "spending", "cny"),
    ("dibao_urban", "recipients", "person"), ("dibao_rural", "recipients", "person"),
    ("dibao_urban", "standard", "cny_per_person_month"), ("dibao_rural", "standard", "cny_per_person_month"),
    ("tekun", "recipients", "person"), ("temporary_assistance", "recipients", "person_time"),
    ("elderly_allowance", "spending", "cny"),
)


def synthetic_fact_rows(n_facts: int, n_docs: int, seed: int = 7) -> tuple[list[tuple], Any]:
    """Document rows and a generator of fact rows (document_id = 1..n_docs)."""
    rng = random.Random(seed)
    pool = places()
    # Make sure 芜湖 and its counties are well represented, as in the sample reports.
    wuhu = [p for p in pool if p.code.startswith("3402")]
    now = datetime.now(timezone.utc)
    documents = []
    for i in range(1, n_docs + 1):
        documents.append((i, f"{i:064x}", f"/bench/doc{i}.txt", f"doc{i}.txt", now, "bench", 1000))

    def facts():
        per_doc = n_facts // n_docs
        for doc_id in range(1, n_docs + 1):
            offset = 0
            for _ in range(per_doc):
                place = rng.choice(wuhu) if rng.random() < 0.02 else rng.choice(pool)
                program, metric, unit = rng.choice(SERIES)
                year = rng.randint(2010, 2024)
                value = float(rng.randint(100, 900000))
                yield (doc_id, place.code, program, metric, unit, value, None, "exact",
                       date(year, 1, 1), date(year, 12, 31), "actual", offset, offset + 12, "合成的引文句子十二个字")
                offset += 13

    return documents, facts()


def view_timing(backend: str, url: str, n_facts: int) -> dict[str, Any] | None:
    """Fill ``url`` (already migrated) with ``n_facts`` facts by bulk insert; time the view query."""
    from sqlalchemy import text

    from etl.db.engine import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        try:
            connection.execute(text("SELECT 1 FROM v_dibao_city_year WHERE 1 = 0"))
        except Exception:  # noqa: BLE001 - the view is written by someone else; skip if absent
            return None
    documents, facts = synthetic_fact_rows(n_facts, max(1, n_facts // 500))
    started = time.perf_counter()
    if backend == "postgresql":
        raw = engine.raw_connection()
        try:
            cursor = raw.driver_connection.cursor()
            with cursor.copy("COPY document (id, sha256, path, name, loaded_at, parser_version, size_bytes) FROM STDIN") as copy:
                for row in documents:
                    copy.write_row(row)
            with cursor.copy(f"COPY fact ({FACT_COLUMNS}) FROM STDIN") as copy:
                for row in facts:
                    copy.write_row(row)
            cursor.execute("SELECT setval(pg_get_serial_sequence('document', 'id'), (SELECT max(id) FROM document))")
            raw.commit()
            cursor.execute("ANALYZE")
            raw.commit()
        finally:
            raw.close()
    else:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.executemany(
                "INSERT INTO document (id, sha256, path, name, loaded_at, parser_version, size_bytes) VALUES (?,?,?,?,?,?,?)",
                [(*row[:4], row[4].strftime("%Y-%m-%d %H:%M:%S.%f"), *row[5:]) for row in documents],
            )
            cursor.executemany(
                f"INSERT INTO fact ({FACT_COLUMNS}) VALUES ({','.join('?' * 14)})",
                ((*row[:8], row[8].isoformat(), row[9].isoformat(), *row[10:]) for row in facts),
            )
            raw.commit()
            cursor.execute("ANALYZE")
            raw.commit()
        finally:
            raw.close()
    fill_seconds = time.perf_counter() - started
    timings = []
    rows = 0
    with engine.connect() as connection:
        for _ in range(5):
            started = time.perf_counter()
            rows = len(connection.execute(text(VIEW_QUERY)).all())
            timings.append(time.perf_counter() - started)
    engine.dispose()
    return {"fill_seconds": fill_seconds, "first": timings[0], "median": statistics.median(timings), "rows": rows}


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def main() -> None:
    global SCRATCH_DB
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--pg", default=os.environ.get("ETL_BENCH_PG", DEFAULT_PG),
                        help=f"PostgreSQL admin URL used to create/drop {SCRATCH_DB} (default {DEFAULT_PG})")
    parser.add_argument("--scratch-db", default=SCRATCH_DB,
                        help=f"name of the scratch PostgreSQL database, created and dropped (default {SCRATCH_DB})")
    parser.add_argument("--workers", type=int, default=None, help="extraction workers (default: CPU cores)")
    parser.add_argument("--view-facts", type=int, default=1_000_000, help="facts for the view timing (0: skip)")
    parser.add_argument("--view-backends", default="postgresql",
                        help="backends for the view timing (default postgresql; SQLite takes minutes at 1M facts)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of the writer alone and of each COPY baseline; the median is reported (default 3)")
    parser.add_argument("--no-isolated", dest="isolated", action="store_false",
                        help="skip the write-only measurement (extract everything, then time the writer alone)")
    parser.add_argument("--extractor", default=DEFAULT_EXTRACTOR, help=argparse.SUPPRESS)
    args = parser.parse_args()
    SCRATCH_DB = args.scratch_db

    sizes = [int(s) for s in args.sizes.split(",") if s]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    views = []
    try:
        for n in sizes:
            corpus = make_corpus(n)
            for backend in backends:
                url = fresh_database(backend, args.pg, f"{n}")
                prepare(url)
                result = measure_load(corpus, url, args.workers, args.extractor)
                if result["failed"]:
                    print(f"warning: {result['failed']} files failed, e.g. {result['first_failures']}", file=sys.stderr)
                copies: list[dict[str, float]] = []
                if args.isolated:
                    def new_url(backend: str = backend, n: int = n) -> str:
                        url = fresh_database(backend, args.pg, f"{n}")
                        prepare(url)
                        return url

                    def copy_now(url: str, backend: str = backend) -> None:
                        if backend == "postgresql":
                            # Right after the write, the rows it just wrote copied back in.
                            copies.append(copy_baseline(url, 1))

                    result.update(isolated_write(corpus, new_url, args.workers, args.extractor, args.repeats, copy_now))
                    url = result.pop("isolated_url")
                if copies:
                    result.update({key: statistics.median(c[key] for c in copies) for key in copies[0]})
                    # Each writer run over the COPY run right after it: the spread of the ratio.
                    result["paired_ratios"] = [
                        rate / c["copy_rate"] for rate, c in zip(result["isolated_rates"], copies)
                    ]
                elif backend == "postgresql":
                    result.update(copy_baseline(url, args.repeats))
                result.update(n=n, backend=backend)
                rows.append(result)
                print(json.dumps(result), file=sys.stderr)
        if args.view_facts:
            for backend in [b.strip() for b in args.view_backends.split(",") if b.strip()]:
                url = fresh_database(backend, args.pg, "view")
                prepare(url)
                timing = view_timing(backend, url, args.view_facts)
                if timing is None:
                    print("v_dibao_city_year does not exist yet: view timing skipped", file=sys.stderr)
                    break
                timing["backend"] = backend
                views.append(timing)
                print(json.dumps(timing), file=sys.stderr)
    finally:
        if "postgresql" in backends or "postgresql" in args.view_backends:
            drop_pg(args.pg)
    print(render(rows, views, args))


def render(rows: list[dict[str, Any]], views: list[dict[str, Any]], args: argparse.Namespace) -> str:
    workers = args.workers or "default"
    lines = [
        f"`etl load` (the CLI) on a synthetic corpus (--workers {workers}, {os.cpu_count()} cores):",
        "",
        "| backend | documents | facts | wall time (s) | documents/s | facts/s | processes "
        "| peak RSS, all processes (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['loaded']:,} | {r['facts']:,} | {r['wall']:.1f} | {r['loaded'] / r['wall']:,.0f} "
            f"| {r['facts'] / r['wall']:,.0f} | {r['processes']} | {r['peak_mb']:.0f} |"
        )
    written = [r for r in rows if r.get("isolated_rate")]
    if written:
        lines += [
            "",
            f"The writer alone (median of {args.repeats}) against a plain COPY of the same fact rows "
            f"(median of {args.repeats}, each right after a writer run), same run:",
            "",
            "| backend | documents | writer alone (facts/s) | COPY, no FKs (facts/s) | COPY, fact's FKs now (facts/s) "
            "| COPY, the 5 FKs before 0008 (facts/s) | **writer / COPY no FKs** | writer / COPY, 5 FKs |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in written:
            alone, copy_rate, now_fk, fk = (r.get(k) for k in ("isolated_rate", "copy_rate", "copy_current_fk_rate", "copy_fk_rate"))
            lines.append(
                f"| {r['backend']} | {r['loaded']:,} | {alone:,.0f} | {f'{copy_rate:,.0f}' if copy_rate else '-'} "
                f"| {f'{now_fk:,.0f}' if now_fk else '-'} | {f'{fk:,.0f}' if fk else '-'} "
                f"| {f'**{alone / copy_rate:.2f}**' if copy_rate else '-'} | {f'{alone / fk:.2f}' if fk else '-'} |"
            )
        for r in written:
            if r.get("paired_ratios"):
                lines += ["", f"{r['backend']}, each writer run over the COPY without keys right after it: "
                          + ", ".join(f"{x:.2f}" for x in r["paired_ratios"])]
    if views:
        lines += [
            "",
            f"`{VIEW_QUERY}` with {args.view_facts:,} facts loaded by bulk insert:",
            "",
            "| backend | first run (ms) | median of 5 (ms) | rows |",
            "|---|---:|---:|---:|",
        ]
        for v in views:
            lines.append(f"| {v['backend']} | {v['first'] * 1000:.0f} | {v['median'] * 1000:.0f} | {v['rows']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
