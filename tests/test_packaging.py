"""A wheel is self-contained: built, installed into a fresh virtualenv outside the checkout, it loads and checks.

The virtualenv gets the package from the wheel only; its dependencies come
from the running environment through a ``.pth`` line (so the test needs no
network beyond what building the wheel needs). It runs from a folder outside
the checkout, with ``PYTHONPATH`` unset, so nothing can come from the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from etl import resources

from support import REPO

pytestmark = pytest.mark.slow


def sh(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def setuptools_is_recent() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    return int(setuptools.__version__.split(".")[0]) >= 77


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build isolation fetches setuptools>=77 (pyproject build-system) when this environment lacks it.
    isolation = ["--no-build-isolation"] if setuptools_is_recent() else []
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *isolation, "-w", out, REPO)
    (found,) = out.glob("minzheng_stats-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("venv") / "env"
    sh(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # A clean environment: with PYTHONPATH pointing at a checkout pip would call the package installed.
    sh(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel, env=clean_env())
    site = sh(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    # Dependencies from this environment, after the venv's own site-packages (which holds the wheel).
    # Written after installing, or pip would see this environment's (editable) install and skip the wheel.
    (Path(site) / "_deps_from_test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ETL_DATABASE_URL", "ETL_SEEDS_DIR")}
    return env


def test_the_wheel_carries_the_data_folders(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("seeds", "migrations", "schema"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                assert f"etl/_data/{path.relative_to(REPO).as_posix()}" in names, path
    assert "etl/_data/alembic.ini" in names


def test_installed_wheel_loads_the_samples_and_checks(installed: Path, tmp_path: Path) -> None:
    etl = installed / "bin" / "etl"
    python = installed / "bin" / "python"
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = clean_env()
    where = sh(python, "-c", "import etl, etl.resources as r; print(etl.__file__); print(r.data_root())", cwd=work, env=env)
    package_file, data_root = where.split()
    assert Path(package_file).is_relative_to(installed) and Path(data_root).is_relative_to(installed)
    samples = Path(sh(etl, "samples", cwd=work, env=env).strip())
    assert samples.is_relative_to(installed) and len(list(samples.glob("*.txt"))) == len(list(resources.samples_dir().glob("*.txt")))
    loaded = sh(etl, "load", "--workers", "1", samples, cwd=work, env=env)
    assert "failed        0" in loaded
    assert (work / "minzheng.db").is_file()
    checked = sh(etl, "check", cwd=work, env=env)
    assert "FAIL" not in checked and checked.count("ok") == len(list(resources.checks_dir().glob("*.sql")))
    facts = json.loads(sh(etl, "query", "select count(*) as n from v_fact", "--format", "json", cwd=work, env=env))
    assert facts[0]["n"] > 0
    extracted = sh(etl, "extract", "--format", "jsonl", samples, cwd=work, env=env)
    assert len(extracted.splitlines()) == facts[0]["n"]
    current = sh(etl, "db", "current", cwd=work, env=env)
    assert "up to date" in current
