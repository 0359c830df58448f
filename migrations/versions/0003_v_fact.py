"""View v_fact (schema/views/v_fact/v001.sql)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 17:06:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from etl.db.views import drop_view_statement, replace_view

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    replace_view(op, "v_fact", 1)


def downgrade() -> None:
    op.execute(drop_view_statement("v_fact"))
