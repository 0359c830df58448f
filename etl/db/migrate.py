"""Programmatic Alembic: upgrade, downgrade and inspect the schema of a database."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine

from etl.catalogue import PROJECT_ROOT
from etl.db.reference import SyncReport, sync_reference_data
from etl.errors import DatabaseError


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic Config pointing at the project's migrations (and ``engine``'s URL)."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if engine is not None:
        # ConfigParser treats % as interpolation; escape it for URLs with encoded chars.
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest migration revision in ``migrations/``."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _run(engine: Engine, action: str, revision: str) -> None:
    config = alembic_config(engine)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    except CommandError as exc:
        raise DatabaseError(f"migration {action} to {revision!r} failed: {exc}") from exc


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (default: the newest)."""
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "-1") -> None:
    """Migrate the database down to ``revision`` (``base`` empties it)."""
    _run(engine, "downgrade", revision)


def ensure_schema(engine: Engine) -> bool:
    """Upgrade to head if the database is behind; return True when it migrated.

    ``etl load`` calls this so that loading into an empty database just works.
    """
    if current_revision(engine) == head_revision():
        return False
    upgrade(engine)
    return True


def sync_reference(engine: Engine) -> SyncReport:
    """Re-sync the reference data from ``seeds/`` (idempotent)."""
    with engine.begin() as connection:
        return sync_reference_data(connection)
