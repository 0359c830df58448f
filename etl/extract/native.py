"""Is the extractor running compiled (mypyc), and is that build current?

``ETL_COMPILE=1 pip install -e .`` compiles the hot extractor modules into
extension modules beside their source (see ``setup.py``). Python imports an
extension module in preference to the ``.py`` file of the same name, so an
edit to the source would silently not run. The build therefore records a
digest of each compiled module's source in ``_compiled.json``, and
:func:`check_build` (called by ``etl.extract`` before it imports them) refuses
a build whose source has changed since.
"""

from __future__ import annotations

import hashlib
import json
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from etl.errors import BuildError

_HERE = Path(__file__).resolve().parent
_RECORD_NAME = "_compiled.json"  # written by setup.py when it compiles


def compiled_modules(directory: Path = _HERE) -> list[str]:
    """Names of the modules in ``directory`` that have a compiled extension beside their source."""
    return sorted({
        p.name.split(".")[0]
        for suffix in EXTENSION_SUFFIXES
        for p in directory.glob(f"*{suffix}")
        if (directory / f"{p.name.split('.')[0]}.py").exists()
    })


def check_build(directory: Path = _HERE) -> None:
    """Raise :class:`BuildError` if a compiled module's source changed since it was built."""
    compiled = compiled_modules(directory)
    if not compiled:
        return
    fix = "rebuild with `ETL_COMPILE=1 pip install -e .`, or `pip install -e .` for pure Python"
    record = directory / _RECORD_NAME
    try:
        recorded: dict[str, str] = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"compiled extractor modules {compiled} have no readable build record "
                         f"{record.name} ({exc}); {fix}") from exc
    stale = [name for name in compiled
             if recorded.get(name) != hashlib.sha256((directory / f"{name}.py").read_bytes()).hexdigest()]
    if stale:
        raise BuildError(f"the compiled extractor is out of date: {', '.join(f'{n}.py' for n in stale)} "
                         f"changed since it was built; {fix}")
