"""Reference data: jurisdictions, programs, metrics, units and aliases from seeds/

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 17:05:00

A data migration. It calls the same idempotent sync that ``etl load`` runs, so
applying it to a database that already has the rows changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from etl.db.reference import sync_reference_data

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFERENCE_TABLES_CHILD_FIRST = ("program_alias", "jurisdiction_alias", "unit", "metric", "program", "jurisdiction")


def upgrade() -> None:
    sync_reference_data(op.get_bind())


def downgrade() -> None:
    # Facts reference these rows; downgrading past this revision needs an empty fact table.
    for table in REFERENCE_TABLES_CHILD_FIRST:
        if table == "program":
            op.execute("UPDATE program SET parent_code = NULL")
        if table == "jurisdiction":
            op.execute("UPDATE jurisdiction SET parent_code = NULL, city_code = NULL")
            op.execute("DELETE FROM jurisdiction WHERE level <> 'province'")
        op.execute(f"DELETE FROM {table}")
