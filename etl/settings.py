"""Settings every layer may read without importing a database driver: the default database and its variable.

``etl.cli.base`` shows them in ``--help``; importing them from here rather
than from ``etl.db.engine`` lets ``etl --help`` start without SQLAlchemy.
(``etl.db.engine`` still defines its own copy; a test keeps them equal.)
"""

from __future__ import annotations

DEFAULT_SQLITE_FILE = "minzheng.db"
ENV_VAR = "ETL_DATABASE_URL"
