"""The guard against a stale compiled extractor (etl/extract/native.py)."""

from __future__ import annotations

import hashlib
import json
from importlib.machinery import EXTENSION_SUFFIXES

import pytest

from etl.errors import BuildError
from etl.extract.native import check_build, compiled_modules

SUFFIX = EXTENSION_SUFFIXES[0]  # e.g. .cpython-311-x86_64-linux-gnu.so


def _package(tmp_path, source="X = 1\n", recorded=None):
    (tmp_path / "stage.py").write_text(source, encoding="utf-8")
    (tmp_path / "helper.py").write_text("Y = 2\n", encoding="utf-8")  # not compiled
    (tmp_path / f"stage{SUFFIX}").write_bytes(b"")  # stands in for the extension module
    if recorded is not None:
        (tmp_path / "_compiled.json").write_text(json.dumps(recorded), encoding="utf-8")
    return tmp_path


def _digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_pure_python_package_passes(tmp_path):
    (tmp_path / "stage.py").write_text("X = 1\n", encoding="utf-8")
    assert compiled_modules(tmp_path) == []
    check_build(tmp_path)


def test_current_build_passes(tmp_path):
    pkg = _package(tmp_path, recorded={"stage": _digest("X = 1\n")})
    assert compiled_modules(pkg) == ["stage"]
    check_build(pkg)


def test_source_edited_after_build_is_refused(tmp_path):
    pkg = _package(tmp_path, source="X = 2  # edited\n", recorded={"stage": _digest("X = 1\n")})
    with pytest.raises(BuildError, match=r"out of date: stage\.py changed.*ETL_COMPILE=1"):
        check_build(pkg)


def test_build_without_record_is_refused(tmp_path):
    pkg = _package(tmp_path)
    with pytest.raises(BuildError, match="no readable build record _compiled.json"):
        check_build(pkg)


def test_installed_extractor_is_consistent():
    """Whatever this checkout runs (pure or compiled), importing it passes the guard."""
    import etl.extract  # noqa: F401  (would have raised BuildError)
    from etl.extract import native

    check_build(native._HERE)
