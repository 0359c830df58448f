"""Roll-up views v002: v_fact_best picks each group's winner by index, v_jurisdiction_year_best reads it once

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:00:00

v_fact_best v002 finds the (jurisdiction, program, metric, unit, year) groups by
aggregation and picks each group's best fact with a LIMIT 1 subquery over the new
index ix_fact_series, instead of sorting every candidate with ROW_NUMBER;
v_jurisdiction_year_best v002 derives urban + rural totals with window
aggregates over one evaluation of v_fact_best instead of a UNION ALL that
evaluated it twice. Same rows as v001 (tests/test_views*.py). The new index
makes ix_fact_jurisdiction_program (a prefix of it) redundant, so it goes.

The views that depend on them (v_city_year_best and the marts) are dropped
first and recreated unchanged, because PostgreSQL refuses to drop a view that
another view uses.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from etl.db.views import drop_view_statement, replace_view

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (view, version before, version after), dependencies before dependants.
VIEWS = (
    ("v_fact_best", 1, 2),
    ("v_jurisdiction_year_best", 1, 2),
    ("v_city_year_best", 1, 1),
    ("v_dibao_city_year", 1, 1),
    ("v_subsidy_spending_city_year", 1, 1),
)

# One series (place, program, metric, unit) in period order, with what
# v_fact_best reads (document_id, value, id), so that its groups and winners come
# from index-only scans.
SERIES_INDEX_COLUMNS = [
    "jurisdiction_code", "program_code", "metric_code", "unit_code", "status",
    "period_start", "period_end", "document_id", "value", "id",
]


def _recreate(version_index: int) -> None:
    for name, *_ in reversed(VIEWS):
        op.execute(drop_view_statement(name))
    for name, *versions in VIEWS:
        replace_view(op, name, versions[version_index])


# ix_fact_series starts with these columns, so this older index only costs writes.
REDUNDANT_INDEX = ("ix_fact_jurisdiction_program", ["jurisdiction_code", "program_code", "metric_code"])


def upgrade() -> None:
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.create_index("ix_fact_series", SERIES_INDEX_COLUMNS, unique=False)
        batch_op.drop_index(REDUNDANT_INDEX[0])
    _recreate(1)


def downgrade() -> None:
    _recreate(0)
    with op.batch_alter_table("fact", schema=None) as batch_op:
        batch_op.create_index(REDUNDANT_INDEX[0], REDUNDANT_INDEX[1], unique=False)
        batch_op.drop_index("ix_fact_series")
