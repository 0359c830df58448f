"""Benchmark the extractor: characters per second on one core, against jionlp in the same run.

Two corpora:

* default: the sample reports (``seeds/samples``) repeated until the corpus holds at
  least ``--mb`` megabytes of UTF-8 text, timed in this process only;
* ``--corpus DIR``: the reports in DIR (``*.txt``, for instance the real web reports of
  ``../shared/devset2/docs``) repeated to ``--mb`` megabytes and written as files into a
  temporary folder (``--meta FILE`` gives their metadata, repeated for every copy). Then
  it is timed both **in-process** and **whole-process**: ``etl extract --format jsonl
  FOLDER > file``, the command a user runs on a folder, as a child process (start-up,
  listing, reading and encoding detection, extraction, JSON output), with its CPU time
  taken from the child's resource usage.

In-process, this script:

* compiles the catalogue and grammars once and reports that time on its own
  (a worker pays it once per process, not per document);
* times the whole extraction from decoded text (``extract_text`` per document
  copy: normalize, numbers, tokens, document context, classification, facts)
  -- ``--runs`` times, reporting the median;
* times end to end from the file bytes once (``decode_bytes`` + ``extract_text``),
  which adds encoding detection and decoding.

It says whether the extractor ran compiled (``ETL_COMPILE=1 pip install -e .``,
mypyc) or as pure Python. With ``--reference`` (implied by ``--corpus``) it also times
jionlp's ``extract_money`` (``pip install -e '.[bench]'``) sentence by sentence over the
same reports: in-process, and with ``--corpus`` as a whole process too (a child that
imports jionlp, reads every file of the folder and prints what ``extract_money`` finds in
each sentence as JSON lines). The machine's speed varies from day to day (the same code
measured 1.1 M and 2.2 M chars/s on two days), so the ratio of the two figures, measured
in the same run, is the comparable number. All figures are per CPU second of one process
(one core each); wall seconds are shown too.

The corpus repeats the same few reports, so nothing in the extractor may
cache results across documents (the benchmark would then measure the cache).

    python bench/extract.py            # seed reports, 10 MB, 3 runs
    python bench/extract.py --mb 2 --runs 1 --reference
    python bench/extract.py --corpus ../shared/devset2/docs --meta ../shared/devset2/meta.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The sentence split used for jionlp, in-process and in the child process alike.
SENTENCE_END = r"(?<=[。！？；;!?\n])"

# The whole-process reference: a child that does for jionlp what `etl extract DIR` does for us.
JIONLP_CHILD = r"""
import json, os, re, sys
import jionlp
extract_money = jionlp.ner.extract_money
out = sys.stdout
for name in sorted(os.listdir(sys.argv[1])):
    with open(os.path.join(sys.argv[1], name), encoding="utf-8") as f:
        text = f.read()
    for s in re.split(sys.argv[2], text):
        if s.strip():
            for found in extract_money(s):
                out.write(json.dumps({"document": name, **found}, ensure_ascii=False) + "\n")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in megabytes of UTF-8 text (default 10)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of the text extraction (median reported)")
    ap.add_argument("--reference", action="store_true",
                    help="also time jionlp's extract_money per sentence on the same reports (needs jionlp)")
    ap.add_argument("--corpus", type=Path, help="folder of .txt reports to repeat (default: seeds/samples); "
                    "also times the whole `etl extract` process on them, and jionlp")
    ap.add_argument("--meta", type=Path, help="with --corpus: the --meta JSON-lines file of the reports in it")
    ap.add_argument("--whole-runs", type=int, default=1, help="with --corpus: runs of each whole process (median)")
    ap.add_argument("--keep", action="store_true", help="with --corpus: keep the folder of copies (its path is printed)")
    args = ap.parse_args()
    if args.corpus is not None:
        args.reference = True

    t0 = time.perf_counter()
    from etl.extract import _grammar, extract_text  # noqa: E402  (import time is part of the setup)
    from etl.extract.native import compiled_modules
    from etl.extract.read import decode_bytes

    _grammar()  # catalogue + number/period grammars
    compile_s = time.perf_counter() - t0

    source = args.corpus if args.corpus is not None else ROOT / "seeds" / "samples"
    paths = sorted(source.glob("*.txt"))
    if not paths:
        sys.exit(f"no .txt reports under {source}")
    metas = _read_meta(args.meta) if args.meta else {}
    raw = [(p.name, p.read_bytes()) for p in paths]
    docs = [decode_bytes(data, name) for name, data in raw]
    # first extraction outside the timing: lazily built tables, first regex uses
    extract_text(docs[0].text, docs[0].name)

    target = int(args.mb * 1_000_000)
    corpus: list[tuple[str, str, bytes]] = []  # (text, copy name, bytes)
    copies: list[tuple[str, str]] = []  # (copy name, original name)
    size = 0
    rep = 0
    while size < target:
        for d, (name, data) in zip(docs, raw):
            copy = f"r{rep:03d}_{name}"
            corpus.append((d.text, copy, data))
            copies.append((copy, name))
            size += len(d.text.encode("utf-8"))
        rep += 1
    chars = sum(len(t) for t, _, _ in corpus)
    meta_for = {}
    if metas:
        from etl.extract import read_meta
        meta_path = _write_meta_file(metas, copies)
        meta_for = read_meta(meta_path)
        os.unlink(meta_path)

    # CPU seconds of this process are the per-core cost; wall seconds are shown too
    # (they are larger when other processes compete for the cores).
    times: list[float] = []
    walls: list[float] = []
    facts = mentions = 0
    for _ in range(max(1, args.runs)):
        facts = mentions = 0
        w0, t0 = time.perf_counter(), time.process_time()
        for text, name, _ in corpus:
            ex = extract_text(text, name, meta_for.get(name))
            facts += len(ex.facts)
            mentions += len(ex.mentions)
        times.append(time.process_time() - t0)
        walls.append(time.perf_counter() - w0)
    dt = statistics.median(times)

    t0 = time.process_time()
    for _, name, data in corpus:
        doc = decode_bytes(data, name)
        extract_text(doc.text, name, meta_for.get(name))
    e2e = time.process_time() - t0

    compiled = compiled_modules()
    mode = f"compiled with mypyc ({len(compiled)} modules)" if compiled else "pure Python"
    print(f"corpus: {source} x{rep}: documents={len(corpus)} bytes={size} chars={chars} "
          f"facts={facts} mentions={mentions}{' (with --meta)' if metas else ''}")
    print(f"in-process extract ({mode}): {chars / dt:,.0f} chars/s, {facts / dt:,.0f} facts/s per core "
          f"(median of {len(times)} runs; from file bytes {chars / e2e:,.0f} chars/s)")
    print(f"  text extraction per run: CPU {', '.join(f'{t:.2f}' for t in times)} s, "
          f"wall {', '.join(f'{t:.2f}' for t in walls)} s; docs/s={len(corpus) / dt:,.0f}")
    print(f"  end to end from bytes (decode + extract): {e2e:.2f} CPU s")
    print(f"  one-time setup (imports, catalogue and grammar compilation): {compile_s:.2f}s")
    ref = 0.0
    if args.reference:
        texts = [d.text for d in docs]
        ref = _jionlp_money_speed(texts, target_chars=max(1_000_000, chars // 4))
        print(f"in-process reference: jionlp extract_money {ref:,.0f} chars/s per core, per sentence; "
              f"etl / jionlp = {chars / dt / ref:.2f}")
    if args.corpus is not None:
        _whole_process(corpus, copies, metas, chars, max(1, args.whole_runs), args.keep, mode)


def _whole_process(corpus: list[tuple[str, str, bytes]], copies: list[tuple[str, str]],
                   metas: dict[str, dict], chars: int, runs: int, keep: bool, mode: str) -> None:
    """Time `etl extract --format jsonl FOLDER` and the jionlp child on the same folder of files."""
    folder = Path(tempfile.mkdtemp(prefix="etl-bench-extract-"))
    try:
        docs_dir = folder / "docs"
        docs_dir.mkdir()
        for _, name, data in corpus:
            (docs_dir / name).write_bytes(data)
        etl = _etl_command() + ["extract", "--format", "jsonl"]
        if metas:
            etl += ["--meta", str(_write_meta_file(metas, copies, folder / "meta.jsonl"))]
        etl.append(str(docs_dir))
        jio = [sys.executable, "-c", JIONLP_CHILD, str(docs_dir), SENTENCE_END]
        ours: list[tuple[float, float, int]] = []
        theirs: list[tuple[float, float, int]] = []
        for _ in range(runs):  # alternate, so that both see the same machine
            ours.append(_child(etl, folder / "etl.jsonl"))
            theirs.append(_child(jio, folder / "jionlp.jsonl"))
        cpu_o, wall_o, lines_o = min(ours, key=lambda r: r[0]) if runs == 1 else _median(ours)
        cpu_j, wall_j, lines_j = min(theirs, key=lambda r: r[0]) if runs == 1 else _median(theirs)
        print(f"whole process `etl extract --format jsonl DIR` ({mode}), {len(corpus)} files: "
              f"{chars / cpu_o:,.0f} chars/s per core (CPU {cpu_o:.2f} s, wall {wall_o:.2f} s, {lines_o} facts)")
        print(f"whole-process reference: jionlp extract_money per sentence, same files: "
              f"{chars / cpu_j:,.0f} chars/s per core (CPU {cpu_j:.2f} s, wall {wall_j:.2f} s, {lines_j} amounts); "
              f"etl / jionlp = {cpu_j / cpu_o:.2f}")
        print(f"  command: {' '.join(etl)} > {folder / 'etl.jsonl'}")
    finally:
        if keep:
            print(f"  kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _median(results: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results), results[0][2])


def _child(command: list[str], out: Path) -> tuple[float, float, int]:
    """Run ``command`` with stdout to ``out``: (CPU seconds of the child, wall seconds, output lines)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    with out.open("wb") as f:
        subprocess.run(command, check=True, stdout=f, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - w0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with out.open("rb") as f:
        lines = sum(1 for line in f if line.startswith(b"{"))  # not jionlp's banner
    return cpu, wall, lines


def _etl_command() -> list[str]:
    """The console script installed beside this interpreter (what a user runs), else ``python -m etl``."""
    script = Path(sys.executable).with_name("etl")
    if script.is_file():
        return [str(script)]
    found = shutil.which("etl")
    return [found] if found else [sys.executable, "-m", "etl"]


def _read_meta(path: Path) -> dict[str, dict]:
    """The --meta lines keyed by document name, as JSON objects."""
    out: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            out[os.path.basename(obj["document"])] = obj
    return out


def _write_meta_file(metas: dict[str, dict], copies: list[tuple[str, str]], path: Path | None = None) -> Path:
    """A --meta file giving every copy the metadata of its original."""
    if path is None:
        fd, name = tempfile.mkstemp(suffix=".jsonl")
        os.close(fd)
        path = Path(name)
    with path.open("w", encoding="utf-8") as f:
        for copy, original in copies:
            if original in metas:
                f.write(json.dumps({**metas[original], "document": copy}, ensure_ascii=False) + "\n")
    return path


def _jionlp_money_speed(texts: list[str], target_chars: int) -> float:
    """jionlp's extract_money over the reports' sentences: characters per CPU second."""
    try:
        import jionlp
    except ImportError:
        sys.exit("--reference needs jionlp: pip install -e '.[bench]'")
    sentences = [s for t in texts for s in re.split(SENTENCE_END, t) if s.strip()]
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
