"""Reference data (the catalogue) read from the CSV files under ``seeds/``.

Both the extractor and the database seeding read the catalogue through this
module, so that domain knowledge lives in data files: adding a program alias
is a change to ``seeds/program_aliases.csv``, not to code. Nothing here imports
the database layer.
"""

from __future__ import annotations

import csv
import functools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from etl import resources
from etl.errors import CatalogueError

# The folder holding seeds/, migrations/, schema/ and alembic.ini: the checkout, or the
# copy inside an installed wheel (etl/_data). Every `PROJECT_ROOT / "..."` lookup follows it.
PROJECT_ROOT = resources.data_root()


def seeds_dir() -> Path:
    """Return the folder holding the reference data (``ETL_SEEDS_DIR`` overrides)."""
    override = os.environ.get("ETL_SEEDS_DIR")
    return Path(override) if override else resources.seeds_dir()


T = TypeVar("T")


def cached_per_seeds_dir(build: Callable[[], T]) -> Callable[[], T]:
    """Cache what ``build`` makes from the catalogue, once per process and seeds folder.

    Worker processes call the extractor for thousands of files, so catalogue
    files are read and compiled once; keying on the folder keeps a test that
    points ``ETL_SEEDS_DIR`` elsewhere from seeing stale data.
    """
    cache: dict[str, T] = {}
    lock = threading.Lock()

    @functools.wraps(build)
    def cached() -> T:
        # Keyed on the override itself, not on seeds_dir(): the extractor asks for its
        # vocabulary several times per document, and building a Path each time cost 3 %
        # of an extraction. The default folder (no override) never changes in a process.
        key = os.environ.get("ETL_SEEDS_DIR") or ""
        try:
            return cache[key]
        except KeyError:
            with lock:
                if key not in cache:
                    cache[key] = build()
                return cache[key]

    return cached


@dataclass(frozen=True, slots=True)
class Program:
    """A program of the catalogue (低保, 特困供养 ...)."""

    code: str
    name_zh: str
    category: str
    parent: str | None
    is_subsidy: bool
    core: bool


@dataclass(frozen=True, slots=True)
class Metric:
    """What a figure measures (recipients, spending ...)."""

    code: str
    name_zh: str
    description: str


@dataclass(frozen=True, slots=True)
class Unit:
    """The unit of a stored value (person, cny ...)."""

    code: str
    name_zh: str
    dimension: str
    description: str


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """A GB/T 2260 division with precomputed city and province codes."""

    code: str
    name: str
    level: str  # province | prefecture | county
    parent_code: str | None
    city_code: str | None
    province_code: str


@dataclass(frozen=True, slots=True)
class JurisdictionAlias:
    """Another name of a division: a short name or a historical one."""

    alias: str
    code: str
    kind: str  # short | historical | old_code ...


def read_csv(name: str) -> list[dict[str, str]]:
    """Read ``seeds/<name>`` as a list of dicts, raising CatalogueError if absent."""
    path = seeds_dir() / name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except FileNotFoundError as exc:
        raise CatalogueError(f"reference data file missing: {path}") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CatalogueError(f"reference data file unreadable: {path}: {exc}") from exc


def _flag(value: str) -> bool:
    return value.strip().lower() in {"true", "1", "yes"}


def _blank_to_none(value: str | None) -> str | None:
    return value if value else None


@cached_per_seeds_dir
def programs() -> tuple[Program, ...]:
    """All programs of ``seeds/programs.csv``."""
    return tuple(
        Program(
            code=row["code"],
            name_zh=row["name_zh"],
            category=row["category"],
            parent=_blank_to_none(row["parent"]),
            is_subsidy=_flag(row["is_subsidy"]),
            core=_flag(row["core"]),
        )
        for row in read_csv("programs.csv")
    )


@cached_per_seeds_dir
def program_aliases() -> tuple[tuple[str, str], ...]:
    """(program code, alias) pairs of ``seeds/program_aliases.csv``."""
    return tuple((row["program"], row["alias"]) for row in read_csv("program_aliases.csv"))


@cached_per_seeds_dir
def metrics() -> tuple[Metric, ...]:
    """All metrics of ``seeds/metrics.csv``."""
    return tuple(Metric(row["code"], row["name_zh"], row["description"]) for row in read_csv("metrics.csv"))


@cached_per_seeds_dir
def units() -> tuple[Unit, ...]:
    """All units of ``seeds/units.csv``."""
    return tuple(
        Unit(row["code"], row["name_zh"], row["dimension"], row["description"]) for row in read_csv("units.csv")
    )


@cached_per_seeds_dir
def jurisdictions() -> tuple[Jurisdiction, ...]:
    """All divisions of ``seeds/jurisdictions.csv`` (the national hierarchy)."""
    return tuple(
        Jurisdiction(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            parent_code=_blank_to_none(row["parent_code"]),
            city_code=_blank_to_none(row["city_code"]),
            province_code=row["province_code"],
        )
        for row in read_csv("jurisdictions.csv")
    )


@cached_per_seeds_dir
def jurisdiction_aliases() -> tuple[JurisdictionAlias, ...]:
    """All aliases of ``seeds/jurisdiction_aliases.csv``."""
    return tuple(
        JurisdictionAlias(row["alias"], row["code"], row["kind"]) for row in read_csv("jurisdiction_aliases.csv")
    )
