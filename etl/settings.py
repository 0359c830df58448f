"""Settings every layer may read without importing a database driver: the default database and its variable.

``etl.cli.base`` shows them in ``--help``; keeping them here (not in
``etl.db.engine``) lets ``etl --help`` start without importing SQLAlchemy.
"""

from __future__ import annotations

DEFAULT_SQLITE_FILE = "minzheng.db"
ENV_VAR = "ETL_DATABASE_URL"
