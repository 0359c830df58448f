"""``python -m etl`` runs the CLI."""

from etl.cli import main

main()
