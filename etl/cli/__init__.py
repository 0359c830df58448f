"""The ``etl`` command line: parses options, calls the library, formats output."""

from __future__ import annotations

from etl.cli import check_cmd, db_cmd, extract_cmd, load_cmd, query_cmd  # noqa: F401  (register commands)
from etl.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="etl")
