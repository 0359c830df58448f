"""Benchmark the extractor: characters per second on one core.

Builds a corpus from the sample reports (``seeds/samples``) repeated until it
holds at least ``--mb`` megabytes of UTF-8 text, then, in this single process:

* compiles the catalogue and grammars once and reports that time on its own
  (a worker pays it once per process, not per document);
* times the whole extraction from decoded text (``extract_text`` per document
  copy: normalize, numbers, tokens, document context, classification, facts)
  -- the headline figure, ``--runs`` times, reporting the median;
* times end to end from the file bytes once (``decode_bytes`` + ``extract_text``),
  which adds encoding detection and decoding.

It says whether the extractor ran compiled (``ETL_COMPILE=1 pip install -e .``,
mypyc) or as pure Python. With ``--reference`` it also times jionlp's
``extract_money`` (``pip install -e '.[bench]'``) sentence by sentence over the
same reports, in the same process: the machine's speed varies from day to day
(the same code measured 1.1 M and 2.2 M chars/s on two days), so the ratio of
the two figures is the comparable number.

The corpus repeats the same few reports, so nothing in the extractor may
cache results across documents (the benchmark would then measure the cache).

    .venv/bin/python bench/extract.py            # 10 MB, 3 runs
    .venv/bin/python bench/extract.py --mb 2 --runs 1
    .venv/bin/python bench/extract.py --reference
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in megabytes of UTF-8 text (default 10)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of the text extraction (median reported)")
    ap.add_argument("--reference", action="store_true",
                    help="also time jionlp's extract_money per sentence on the same reports (needs jionlp)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from etl.extract import _grammar, extract_text  # noqa: E402  (import time is part of the setup)
    from etl.extract.native import compiled_modules
    from etl.extract.read import decode_bytes

    _grammar()  # catalogue + number/period grammars
    compile_s = time.perf_counter() - t0

    paths = sorted((ROOT / "seeds" / "samples").glob("*.txt"))
    if not paths:
        sys.exit("no sample reports under seeds/samples")
    raw = [(p.name, p.read_bytes()) for p in paths]
    docs = [decode_bytes(data, name) for name, data in raw]
    # first extraction outside the timing: lazily built tables, first regex uses
    extract_text(docs[0].text, docs[0].name)

    target = int(args.mb * 1_000_000)
    corpus: list[tuple[str, str, bytes]] = []
    size = 0
    while size < target:
        for d, (_, data) in zip(docs, raw):
            corpus.append((d.text, f"{len(corpus)}_{d.name}", data))
            size += len(d.text.encode("utf-8"))
    chars = sum(len(t) for t, _, _ in corpus)

    # CPU seconds of this process are the per-core cost; wall seconds are shown too
    # (they are larger when other processes compete for the cores).
    times: list[float] = []
    walls: list[float] = []
    facts = mentions = 0
    for _ in range(max(1, args.runs)):
        facts = mentions = 0
        w0, t0 = time.perf_counter(), time.process_time()
        for text, name, _ in corpus:
            ex = extract_text(text, name)
            facts += len(ex.facts)
            mentions += len(ex.mentions)
        times.append(time.process_time() - t0)
        walls.append(time.perf_counter() - w0)
    dt = statistics.median(times)

    t0 = time.process_time()
    for _, name, data in corpus:
        doc = decode_bytes(data, name)
        extract_text(doc.text, name)
    e2e = time.process_time() - t0

    compiled = compiled_modules()
    mode = f"compiled with mypyc ({len(compiled)} modules)" if compiled else "pure Python"
    print(f"extract ({mode}): {chars / dt:,.0f} chars/s, {facts / dt:,.0f} facts/s per core "
          f"(median of {len(times)} runs; from file bytes {chars / e2e:,.0f} chars/s)")
    print(f"  corpus: documents={len(corpus)} bytes={size} chars={chars} facts={facts} mentions={mentions}")
    print(f"  text extraction per run: CPU {', '.join(f'{t:.2f}' for t in times)} s, "
          f"wall {', '.join(f'{t:.2f}' for t in walls)} s; docs/s={len(corpus) / dt:,.0f}")
    print(f"  end to end from bytes (decode + extract): {e2e:.2f} CPU s")
    print(f"  one-time setup (imports, catalogue and grammar compilation): {compile_s:.2f}s")
    if args.reference:
        ref = _jionlp_money_speed([d.text for d in docs], target_chars=max(1_000_000, chars // 4))
        print(f"reference: jionlp extract_money {ref:,.0f} chars/s per core, per sentence; "
              f"etl / jionlp = {chars / dt / ref:.2f}")


def _jionlp_money_speed(texts: list[str], target_chars: int) -> float:
    """jionlp's extract_money over the reports' sentences: characters per CPU second."""
    try:
        import jionlp
    except ImportError:
        sys.exit("--reference needs jionlp: pip install -e '.[bench]'")
    sentences = [s for t in texts for s in re.split(r"(?<=[。！？；;!?\n])", t) if s.strip()]
    extract_money = jionlp.ner.extract_money
    for s in sentences[:50]:
        extract_money(s)  # warm-up: jionlp builds its tables on first use
    done = 0
    t0 = time.process_time()
    while done < target_chars:
        for s in sentences:
            extract_money(s)
            done += len(s)
    return done / (time.process_time() - t0)


if __name__ == "__main__":
    main()
