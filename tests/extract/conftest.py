"""Fixtures for the extractor tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import SHARED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "tools" / "score_facts.py").exists():
        pytest.skip("../shared (gold data and scorer) is not available")
    return SHARED
