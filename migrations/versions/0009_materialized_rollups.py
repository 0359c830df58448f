"""Materialized roll-ups: the marts read tables kept up to date in the load transaction; M_corrected per measure

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 06:30:00

v_dibao_city_year and v_subsidy_spending_city_year (v003) read the tables
rollup_dibao_city_year and rollup_subsidy_spending_city_year instead of
computing every winner on each query (7-9 s for the whole dibao mart at a
million facts on PostgreSQL). Triggers on fact and document record the
city-years a change touches in rollup_stale, in the changing transaction
(new facts on SQLite: by id above rollup_watermark);
etl.db.marts.refresh_stale recomputes them (etl load, etl correct) and
refresh_all rebuilds everything (etl db refresh). The upgrade fills the tables
from the facts already loaded.

Same rows and figures as before (tests/test_views*.py). New columns: a
`corrected` flag through v_fact_best (v003), v_jurisdiction_year_best (v003)
and v_city_year_best (v002), and M_corrected per measure in the marts.
The stack is dropped mart-first and re-created in dependency order, as in
0005, with the comments and the grants each view had (read before the drops).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from etl.db.comments import apply_comments
from etl.db.grants import apply_grants, grants_to_restore
from etl.db.marts import (
    drop_trigger_statements,
    postgresql_trigger_statements,
    refresh_all,
    sqlite_trigger_statements,
)
from etl.db.models import RollupDibaoCityYear, RollupStale, RollupSubsidySpendingCityYear, RollupWatermark
from etl.db.views import create_view_statements, drop_view_statement

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (view, version before, version after), dependencies before dependants.
LAYERS = (
    ("v_fact_best", 2, 3),
    ("v_jurisdiction_year_best", 2, 3),
    ("v_city_year_best", 1, 2),
)
MARTS = (
    ("v_dibao_city_year", 2, 3),
    ("v_subsidy_spending_city_year", 2, 3),
)
TABLES = (RollupDibaoCityYear, RollupSubsidySpendingCityYear, RollupStale, RollupWatermark)


Grants = dict[str, list[tuple[str, str]]]


def _drop_stack() -> Grants:
    """Drop the stack mart-first; return each view's grants, read before any DROP."""
    bind = op.get_bind()
    grants = {name: grants_to_restore(bind, name) for name, *_ in LAYERS + MARTS}
    for name, *_ in reversed(LAYERS + MARTS):
        op.execute(drop_view_statement(name))
    return grants


def _create(name: str, version: int, grants: Grants) -> None:
    """replace_view, with the grants read before the stack was dropped."""
    for statement in create_view_statements(name, version):
        op.execute(statement)
    apply_comments(op.get_bind(), name)
    apply_grants(op.get_bind(), name, grants[name])


def upgrade() -> None:
    grants = _drop_stack()
    for name, _, after in LAYERS:
        _create(name, after, grants)
    bind = op.get_bind()
    for table in TABLES:
        table.create(bind)
    sqlite = bind.dialect.name == "sqlite"
    for statement in sqlite_trigger_statements() if sqlite else postgresql_trigger_statements():
        op.execute(statement)
    refresh_all(bind)
    for name, _, after in MARTS:
        _create(name, after, grants)


def downgrade() -> None:
    grants = _drop_stack()
    bind = op.get_bind()
    for statement in drop_trigger_statements(bind.dialect.name == "sqlite"):
        op.execute(statement)
    for table in reversed(TABLES):
        table.drop(bind)
    for name, before, _ in LAYERS + MARTS:
        _create(name, before, grants)
