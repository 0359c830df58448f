"""The ``etl`` command line: parses options, calls the library, formats output."""

from __future__ import annotations

import sys

from etl.errors import BuildError

try:
    from etl.cli import check_cmd, db_cmd, extract_cmd, load_cmd, query_cmd  # noqa: F401  (register commands)
    from etl.cli import correct_cmd, review_cmd  # noqa: F401  (register commands)
except BuildError as exc:  # a stale compiled extractor (etl/extract/native.py): say so, no traceback
    _BUILD_ERROR: BuildError | None = exc
else:
    _BUILD_ERROR = None
from etl.cli.base import EXIT_FAILURE, cli  # noqa: E402

__all__ = ["cli", "main"]


def main() -> None:
    """Console-script entry point."""
    if _BUILD_ERROR is not None:
        print(f"Error: {_BUILD_ERROR}", file=sys.stderr)
        sys.exit(EXIT_FAILURE)
    cli(prog_name="etl")
