"""Where the project's data folders are: ``seeds/``, ``migrations/``, ``schema/`` and ``alembic.ini``.

In the repository they are top-level folders beside ``etl/`` (a checkout, or an
editable install, reads them there). A built wheel carries copies of them
inside the package, under ``etl/_data/`` (``setup.py`` copies them at build
time), read with :mod:`importlib.resources`, so that an installed package is
self-contained. Every module that needs one of these folders asks here.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
from importlib.resources import as_file, files
from pathlib import Path

from etl.errors import CatalogueError

PACKAGED_DATA = "_data"  # etl/_data/ in a built wheel
DATA_FOLDERS = ("seeds", "migrations", "schema")
REPO_ROOT = Path(__file__).resolve().parent.parent


def _packaged_root() -> Path | None:
    """``etl/_data`` as a real folder, when the package was installed from a wheel."""
    packaged = files("etl").joinpath(PACKAGED_DATA)
    if not packaged.is_dir():
        return None
    if isinstance(packaged, Path):
        return packaged
    # A zipped package: extract once for this process (Alembic needs real files).
    stack = contextlib.ExitStack()
    atexit.register(stack.close)
    return Path(stack.enter_context(as_file(packaged)))


def _is_data_root(path: Path) -> bool:
    return all((path / folder).is_dir() for folder in DATA_FOLDERS)


@functools.cache
def data_root() -> Path:
    """The folder holding ``seeds/``, ``migrations/``, ``schema/`` and ``alembic.ini``."""
    packaged = _packaged_root()
    if packaged is not None and _is_data_root(packaged):
        return packaged
    if _is_data_root(REPO_ROOT):
        return REPO_ROOT
    raise CatalogueError(
        f"the package data (seeds/, migrations/, schema/) is missing from {Path(__file__).parent}: "
        "reinstall minzheng-stats from a wheel or a checkout"
    )


def seeds_dir() -> Path:
    """The reference data (catalogue CSV files)."""
    return data_root() / "seeds"


def samples_dir() -> Path:
    """The sample reports of the quick start."""
    return seeds_dir() / "samples"


def migrations_dir() -> Path:
    """The Alembic script folder."""
    return data_root() / "migrations"


def alembic_ini() -> Path:
    """The Alembic configuration file (may be absent in old wheels; Alembic then uses defaults)."""
    return data_root() / "alembic.ini"


def views_dir() -> Path:
    """The versioned view SQL, ``schema/views/<name>/vNNN.sql``."""
    return data_root() / "schema" / "views"


def checks_dir() -> Path:
    """The data checks, ``schema/checks/<name>.sql``."""
    return data_root() / "schema" / "checks"
