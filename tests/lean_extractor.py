"""A stand-in extractor that imports nothing but the standard library and etl.errors.

Worker processes import it by name (``lean_extractor:modules_extract``); it
fails every file with the list of heavy modules its process has imported, so a
test can see what a worker carries.
"""

from __future__ import annotations

import os
import sys

from etl.errors import InputError

HEAVY_MODULES = ("etl.cli", "etl.db.engine", "pandas", "sqlalchemy", "alembic")


def modules_extract(path: str, meta: object = None, *, max_bytes: int | None = None) -> None:
    """Raise InputError naming the heavy modules loaded in this process."""
    loaded = [name for name in HEAVY_MODULES if name in sys.modules]
    raise InputError(path, f"worker {os.getpid()} modules: {','.join(loaded) or 'none'}")
