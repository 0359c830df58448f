"""Memory and imports of the real ``etl load`` process tree on a small load.

Runs the installed ``etl`` console script (as a user does) on N copies of
the sample reports into a new SQLite file, samples every process of the tree
every 20 ms (psutil), and prints the peak of the summed RSS and USS, the
number of processes, and which of them have pandas / SQLAlchemy / alembic
mapped or loaded (pandas' and SQLAlchemy's compiled extensions show in
/proc/PID/maps; alembic, pure Python, is checked by its files being open is
not possible, so by the extensions only).

    python bench/load_processes.py [--files 40] [--workers 2]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "seeds" / "samples"
MARKERS = {"pandas": "/pandas/_libs/", "sqlalchemy": "/sqlalchemy/", "lxml": "/lxml/"}


def make_corpus(folder: Path, files: int) -> None:
    folder.mkdir()
    samples = sorted(SAMPLES.glob("*.txt"))
    for i in range(files):
        sample = samples[i % len(samples)]
        tag = "".join(chr(ord("a") + int(d)) for d in f"{i:04d}")
        (folder / f"r{i:04d}.txt").write_text(sample.read_text(encoding="utf-8") + f"\n抄送:{tag}\n", encoding="utf-8")


def mapped(pid: int) -> set[str]:
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return set()
    return {name for name, marker in MARKERS.items() if marker in maps}


def measure(folder: Path, db: Path, workers: int) -> dict[str, object]:
    etl = Path(sys.executable).with_name("etl")
    command = [str(etl), "load", str(folder), "--db", str(db), "-q", "--workers", str(workers)]
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_rss = peak_uss = 0
    seen: dict[int, set[str]] = {}
    while process.poll() is None:
        rss = uss = 0
        try:
            members = [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for member in members:
            try:
                info = member.memory_full_info()
            except psutil.NoSuchProcess:
                continue
            rss += info.rss
            uss += info.uss
            seen[member.pid] = seen.get(member.pid, set()) | mapped(member.pid)
        peak_rss, peak_uss = max(peak_rss, rss), max(peak_uss, uss)
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    children = {pid: mods for pid, mods in seen.items() if pid != process.pid}
    return {
        "seconds": round(elapsed, 2),
        "processes": len(seen),
        "peak_rss_mib": round(peak_rss / 2**20, 1),
        "peak_uss_mib": round(peak_uss / 2**20, 1),
        "children_with_pandas": sum("pandas" in mods for mods in children.values()),
        "children_with_sqlalchemy": sum("sqlalchemy" in mods for mods in children.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="etl-bench-"))
    try:
        make_corpus(scratch / "docs", args.files)
        for workers in args.workers:
            for attempt in range(args.repeat):
                db = scratch / f"w{workers}-{attempt}.db"
                print(f"files={args.files} workers={workers}", measure(scratch / "docs", db, workers), flush=True)
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
