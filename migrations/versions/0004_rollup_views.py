"""Roll-up views: v_dibao_city_year, v_subsidy_spending_city_year, v_fact_conflicts and their layers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 18:00:00

Layers (schema/views/<name>/v001.sql), staging -> intermediate -> mart:
v_city, v_fact_single_year -> v_fact_best -> v_jurisdiction_year_best ->
v_city_year_best -> v_dibao_city_year, v_subsidy_spending_city_year; and
v_fact_conflicts beside them. Views are created base-first and dropped
mart-first, because PostgreSQL refuses to drop a view another view uses.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from etl.db.views import drop_view_statement, replace_view

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Dependencies before dependants.
VIEWS = (
    "v_city",
    "v_fact_single_year",
    "v_fact_best",
    "v_jurisdiction_year_best",
    "v_city_year_best",
    "v_dibao_city_year",
    "v_subsidy_spending_city_year",
    "v_fact_conflicts",
)


def upgrade() -> None:
    for name in VIEWS:
        replace_view(op, name, 1)


def downgrade() -> None:
    # None of these views existed before this revision; v_fact (0003) is untouched.
    for name in reversed(VIEWS):
        op.execute(drop_view_statement(name))
