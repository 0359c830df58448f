"""Benchmark the extractor: characters per second on one core.

Builds a corpus from the sample reports (``seeds/samples``) repeated until it
holds at least ``--mb`` megabytes of text, compiles the catalogue once, then
runs the whole extraction (``extract_text`` per document copy) in this single
process and prints characters/s, facts/s and the totals.

    .venv/bin/python bench/extract.py            # 10 MB
    .venv/bin/python bench/extract.py --mb 2
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.extract import extract_text  # noqa: E402
from etl.extract.read import read_document  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in megabytes of UTF-8 text (default 10)")
    args = ap.parse_args()
    docs = [read_document(p) for p in sorted((ROOT / "seeds" / "samples").glob("*.txt"))]
    if not docs:
        sys.exit("no sample reports under seeds/samples")
    extract_text(docs[0].text, docs[0].name)  # compile the catalogue outside the timing
    target = int(args.mb * 1_000_000)
    corpus: list[tuple[str, str]] = []
    size = 0
    while size < target:
        for d in docs:
            corpus.append((d.text, f"{len(corpus)}_{d.name}"))
            size += len(d.text.encode("utf-8"))
    chars = sum(len(t) for t, _ in corpus)
    t0 = time.perf_counter()
    facts = mentions = 0
    for text, name in corpus:
        ex = extract_text(text, name)
        facts += len(ex.facts)
        mentions += len(ex.mentions)
    dt = time.perf_counter() - t0
    print(f"documents={len(corpus)} bytes={size} chars={chars} facts={facts} mentions={mentions} seconds={dt:.2f}")
    print(f"chars/s={chars / dt:,.0f} facts/s={facts / dt:,.0f} docs/s={len(corpus) / dt:,.0f}")


if __name__ == "__main__":
    main()
