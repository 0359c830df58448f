"""fact's reference codes are checked by the loader, not by foreign keys

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 06:30:00

Drops the four foreign keys of ``fact`` to the reference tables
(jurisdiction, program, metric, unit). PostgreSQL checks each of them row by
row while facts are copied in (a ``SELECT ... FOR KEY SHARE`` per key and row),
which made the loader's COPY of facts about three times slower than a COPY
into a table without them (issue #13, goal 4). The loader now checks every
fact's codes against the reference tables before it writes a document
(``etl.load.codes``; a document with an unknown code fails alone), and the data
check ``schema/checks/fact_codes_known.sql`` (``etl check``) finds any fact
whose codes are not in the reference tables. The foreign key to ``document``
(with its ON DELETE CASCADE) stays.

Downgrade restores the four keys; it fails, changing nothing, when a fact
names a code the reference tables no longer hold (``etl check
fact_codes_known`` lists them).

On SQLite, dropping a foreign key rebuilds the table (alembic's batch mode:
copy, drop, rename). The views that read ``fact`` are left in place:
``legacy_alter_table`` keeps SQLite from re-checking them during the rename,
when the old table is gone and the new one does not yet have its name.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (column, referred table) of the dropped keys; names follow the naming convention.
REFERENCE_KEYS = (
    ("jurisdiction_code", "jurisdiction"),
    ("program_code", "program"),
    ("metric_code", "metric"),
    ("unit_code", "unit"),
)


def _name(column: str, table: str) -> str:
    return f"fk_fact_{column}_{table}"


def _alter_fact(add: bool) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA legacy_alter_table = ON")
    try:
        with op.batch_alter_table("fact", schema=None) as batch_op:
            for column, table in REFERENCE_KEYS:
                if add:
                    batch_op.create_foreign_key(_name(column, table), table, [column], ["code"])
                else:
                    batch_op.drop_constraint(_name(column, table), type_="foreignkey")
    finally:
        if sqlite:
            op.execute("PRAGMA legacy_alter_table = OFF")


def upgrade() -> None:
    _alter_fact(add=False)


def downgrade() -> None:
    _alter_fact(add=True)
