"""Paths and markers shared by the test modules (import as ``from support import ...``).

Kept out of conftest.py because several conftest modules exist (tests/ and
tests/extract/) and ``from conftest import`` would pick whichever came first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "seeds" / "samples"
PG_ENV = "ETL_TEST_DATABASE_URL"

requires_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (dev set, gold, scorer) is absent")


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the calling test should skip when it is absent."""
    return SHARED.joinpath(*parts)
