"""Start-up time of the CLI against a bare interpreter, measured in the same run (#13 goal 1).

Runs, alternately and ``--repeat`` times each: ``python -c pass``, ``python -c
'import etl.cli'`` and ``etl --help`` (the console script next to the
interpreter, else ``python -m etl``), and prints the median wall time of each
and its ratio to the bare interpreter. The goal is ``etl --help`` <= 10x.
It also lists which heavy libraries ``import etl.cli`` pulls in (none should).

    python bench/startup.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("pandas", "pyarrow", "openpyxl", "alembic", "sqlalchemy", "numpy", "rich", "etl.extract", "etl.load")


def etl_command() -> list[str]:
    """The console script installed beside this interpreter, else ``python -m etl``."""
    script = Path(sys.executable).with_name("etl")
    if script.is_file():
        return [str(script)]
    found = shutil.which("etl")
    return [found] if found else [sys.executable, "-m", "etl"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def heavy_imports() -> list[str]:
    """Which of :data:`HEAVY` are in sys.modules after ``import etl.cli``."""
    probe = f"import sys, etl.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    return out.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs of each command (default 15)")
    args = parser.parse_args()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import etl.cli": [sys.executable, "-c", "import etl.cli"],
        "etl --help": [*etl_command(), "--help"],
    }
    for command in commands.values():  # warm the file cache and .pyc files
        timed(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name, command in commands.items():
            times[name].append(timed(command))
    bare = statistics.median(times["python -c pass"])
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, median of {args.repeat} runs")
    print(f"{'command':<16} {'median s':>9} {'min s':>7} {'x bare':>7}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<16} {median:>9.3f} {min(values):>7.3f} {median / bare:>7.1f}")
    heavy = heavy_imports()
    print(f"heavy modules imported by `import etl.cli`: {', '.join(heavy) if heavy else 'none'}")
    ratio = statistics.median(times["etl --help"]) / bare
    print(f"etl --help / bare interpreter: {ratio:.1f}x (goal <= 10x): {'met' if ratio <= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
