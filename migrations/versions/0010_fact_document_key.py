"""facts and mentions keep their document without a foreign key; a trigger deletes them with it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 12:00:00

Drops the foreign keys ``fact.document_id -> document.id`` and
``unclassified_mention.document_id -> document.id`` (both ON DELETE CASCADE).
PostgreSQL checks such a key row by row while the loader copies facts in (a
``SELECT ... FOR KEY SHARE`` on document per row): it made the COPY of facts
about 0.6x as fast as one into a table without keys (issue #13, goal 4).

What the keys did is done instead by (see :mod:`etl.db.children`):

* the loader, which writes a document and its facts and mentions in one
  transaction, with the id the document insert returned; a correction that adds
  a fact to a stored document locks it first (``FOR KEY SHARE``, as the key's
  check did);
* ``etl.db.children.delete_documents``, which deletes a document's facts,
  mentions and text explicitly, and triggers ``AFTER DELETE ON document``
  that delete the facts and mentions of a document deleted in SQL by hand
  (the cascade); they cost nothing when facts are inserted;
* the data check ``schema/checks/fact_document_known.sql`` (``etl check``).

Downgrade drops the triggers and restores both keys; it is refused, changing
nothing, while a fact or mention names a document that is not stored (``etl
check fact_document_known`` lists them).

On SQLite, dropping or adding a foreign key rebuilds the table (alembic's batch
mode: copy, drop, rename), which drops the roll-up triggers on ``fact``
(revision 0009): they are created again. ``legacy_alter_table`` keeps SQLite
from re-checking the views that read ``fact`` during the rename, as in 0008.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from etl.db.children import UNKEYED_CHILDREN, cascade_trigger_statements, count_orphans, drop_cascade_trigger_statements
from etl.db.marts import drop_trigger_statements, sqlite_trigger_statements
from etl.errors import DatabaseError

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key_name(table: str) -> str:
    """The key's name under the naming convention (fk_<table>_<column>_<referred table>)."""
    return f"fk_{table}_document_id_document"


def _alter(add: bool) -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA legacy_alter_table = ON")
        # The rebuild of fact drops its triggers; drop them first by name (the
        # batch copy then runs without them) and create them again after it.
        for statement in drop_trigger_statements(sqlite=True):
            op.execute(statement)
    try:
        for table in UNKEYED_CHILDREN:
            with op.batch_alter_table(table, schema=None) as batch_op:
                if add:
                    batch_op.create_foreign_key(
                        _key_name(table), "document", ["document_id"], ["id"], ondelete="CASCADE"
                    )
                else:
                    batch_op.drop_constraint(_key_name(table), type_="foreignkey")
    finally:
        if sqlite:
            op.execute("PRAGMA legacy_alter_table = OFF")
    if sqlite:
        for statement in sqlite_trigger_statements():
            op.execute(statement)


def upgrade() -> None:
    _alter(add=False)
    for statement in cascade_trigger_statements(op.get_bind().dialect.name == "sqlite"):
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    orphans = {table: n for table, n in count_orphans(bind).items() if n}
    if orphans:
        rows = ", ".join(f"{n} row(s) of {table}" for table, n in orphans.items())
        raise DatabaseError(
            f"cannot restore the foreign keys to document: {rows} name a document that is not stored "
            "(etl check fact_document_known lists them; delete them first); nothing was changed"
        )
    for statement in drop_cascade_trigger_statements(bind.dialect.name == "sqlite"):
        op.execute(statement)
    _alter(add=True)
