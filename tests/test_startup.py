"""Start-up stays light: the CLI loads a subcommand's module only when that command runs (#13 goal 1).

Speed itself is measured by bench/startup.py; these tests assert the mechanism:
which modules ``etl --help`` imports, and that the lazy command list says what
the commands themselves say.
"""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from etl.cli import LAZY_COMMANDS, cli

HEAVY = ("pandas", "pyarrow", "openpyxl", "alembic", "numpy", "etl.extract", "etl.load", "etl.db.migrate", "rich")


def modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines()[-1].split())


HELP = "from etl.cli import main\ntry:\n    main('--help'.split())\nexcept SystemExit:\n    pass"


@pytest.mark.parametrize("code", ["import etl.cli", HELP], ids=["import", "--help"])
def test_start_up_imports_no_heavy_library(code: str) -> None:
    loaded = modules_after(code)
    assert not {name for name in HEAVY if name in loaded}


def test_start_up_does_not_import_sqlalchemy() -> None:
    assert "sqlalchemy" not in modules_after(HELP)


def test_the_light_settings_equal_the_engine_s() -> None:
    from etl import settings
    from etl.db import engine

    assert (settings.DEFAULT_SQLITE_FILE, settings.ENV_VAR) == (engine.DEFAULT_SQLITE_FILE, engine.ENV_VAR)


def test_running_a_command_loads_only_its_module() -> None:
    loaded = modules_after("from etl.cli import main\ntry:\n    main(['jurisdictions', '城口', '--format', 'csv'])\n"
                           "except SystemExit:\n    pass")
    assert "etl.cli.query_cmd" in loaded
    assert not {"etl.cli.load_cmd", "etl.cli.check_cmd", "alembic", "pandas"} & loaded


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_lazy_summaries_match_the_commands_help(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert LAZY_COMMANDS[name][1] == command.get_short_help_str(limit=1000)


def test_help_lists_every_command() -> None:
    result = subprocess.run([sys.executable, "-m", "etl", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == set(LAZY_COMMANDS)
