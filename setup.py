"""Build steps beyond ``pyproject.toml``: package data, and an optional mypyc build.

Package data: a wheel must be self-contained, so ``build_py`` copies the
top-level ``seeds/``, ``migrations/``, ``schema/`` and ``alembic.ini`` into the
built package as ``etl/_data/`` (read through ``etl.resources``). The folders
stay where they are in the repository; an editable install reads them there.

Compilation: this file adds extension modules only when asked::

    ETL_COMPILE=1 pip install -e .

Without ``ETL_COMPILE=1`` nothing is compiled and the package is pure Python
(the default, so an edit to ``etl/extract/*.py`` takes effect at once). The
compiled modules are the same source, type-checked by mypy and translated to C;
their output is identical and they run about 1.35x faster.

A build records the digest of each compiled module's source in
``etl/extract/_compiled.json``; ``etl.extract`` refuses to import compiled
modules whose source has changed since (see ``etl/extract/native.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
EXTRACT = HERE / "etl" / "extract"
# The stages that run per number, per word or per report, and the pipeline that calls them; read.py (I/O, bs4, docx),
# version.py and the package __init__ (which checks the build) stay interpreted.
COMPILED = ["catalogue", "chrome", "classify", "dates", "document", "facts", "model", "normalize", "numbers", "periods", "places", "report_time"]
COMPILED += ["numerals", "numeral_arith"]  # numerals and their arithmetic under the number grammar
COMPILED.append("malformed")  # numbers as written that cannot be a figure
COMPILED.append("tables")  # numbers in flattened tables and labelled cells
# the classifier's concerns, under classify.py (see docs/extractor.md)
# the web-address fallback (weak host readings run per report without a named jurisdiction) and
# the traditional-character check that every report passes through
COMPILED += ["hosts", "script"]
COMPILED += ["classify_base", "clause_places", "distribute", "drops", "groups", "metric", "period_status",
             "locality", "paragraph", "sentences", "subject", "table_subjects"]
COMPILED += ["bounds", "drop_cues", "parts", "references", "sentence_heads"]
# the table readers under tables.py: interpreted, each call from the compiled tables.py went
# through Python and ran as bytecode (a whole `etl extract` run compiled was ~1.1x the pure one)
COMPILED += ["breakdowns", "table_layouts", "table_rows", "table_wide"]
COMPILED.append("pipeline")  # the glue of one extraction (extract_text), per report and per number
# the number grammar's passes (per number: signs, letters, the words around a run, its value,
# lists and ranges written apart), the bracketed table labels, the subset rule and the web-copy
# clean-up every report passes through
COMPILED += ["signs", "latin", "number_edges", "run_values", "list_units", "rate_ranges", "table_brackets",
             "subsets", "webcopy"]


# What etl.resources finds under etl/_data in an installed package.
DATA_FOLDERS = ("seeds", "migrations", "schema")
DATA_FILES = ("alembic.ini",)


class BuildPyWithData(build_py):
    """``build_py`` that also copies the data folders into the built package as ``etl/_data``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's folders
        if _compiling() and (EXTRACT / "_compiled.json").exists():
            # the digests of the compiled sources, which etl.extract checks on import (a wheel
            # without them refused to import; an editable install reads the file in place)
            shutil.copy2(EXTRACT / "_compiled.json", Path(self.build_lib) / "etl" / "extract" / "_compiled.json")
        target = Path(self.build_lib) / "etl" / "_data"
        shutil.rmtree(target, ignore_errors=True)  # never ship files left by an earlier build
        ignore = shutil.ignore_patterns("__pycache__", "*.py[cod]", ".*")
        for name in DATA_FOLDERS:
            shutil.copytree(HERE / name, target / name, ignore=ignore)
        for name in DATA_FILES:
            shutil.copy2(HERE / name, target / name)


def _compiling() -> bool:
    """Whether this build compiles the extractor (ETL_COMPILE=1)."""
    return os.environ.get("ETL_COMPILE", "") in ("1", "true", "yes")


def _ext_modules() -> list:
    if not _compiling():
        return []
    from mypyc.build import mypycify  # build-time dependency (pyproject build-system.requires)

    sources = [EXTRACT / f"{name}.py" for name in COMPILED]
    digests = {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in zip(COMPILED, sources)}
    (EXTRACT / "_compiled.json").write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return mypycify([str(path.relative_to(HERE)) for path in sources], opt_level="3")


setup(ext_modules=_ext_modules(), cmdclass={"build_py": BuildPyWithData})
