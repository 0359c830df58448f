"""BI views v002: a DATE time axis in the city-year marts, the document URL in v_fact, a fact id per measure

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 02:30:00

v_dibao_city_year v002 and v_subsidy_spending_city_year v002 gain year_start
(1 January of the row's year, a DATE placed before the other date columns:
BI tools such as Superset take the first DATE column as the time axis); `year`
stays. v_dibao_city_year v002 also names the fact behind every measure
(M_fact_id, beside M_document), as v_subsidy_spending_city_year already did
(spending_fact_id). v_fact v002 adds document_url. Same rows and figures as
v001 (tests/test_views*.py). No other view selects from these three, so they
are re-created alone; replace_view re-applies their comments and grants.

The upgrade also comments the views it leaves alone (PostgreSQL), because a
database migrated before this revision has no descriptions on them.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from etl.db.comments import apply_all_comments
from etl.db.views import replace_view

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (view, version before, version after)
VIEWS = (
    ("v_fact", 1, 2),
    ("v_dibao_city_year", 1, 2),
    ("v_subsidy_spending_city_year", 1, 2),
)


def upgrade() -> None:
    for name, _, after in VIEWS:
        replace_view(op, name, after)
    apply_all_comments(op.get_bind())


def downgrade() -> None:
    for name, before, _ in VIEWS:
        replace_view(op, name, before)
