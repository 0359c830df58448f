"""Document text and corrections: document_text, correction, fact.correction_id, v_fact v003

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 02:30:00

document_text keeps each document's decoded text (the text spans index into),
so that review pages and re-checks need no original file; databases loaded
before this revision get it on the next load of each file. correction holds
reviewers' corrections keyed by the document's sha256 and the span; the loader
re-applies them after every re-extraction and marks the facts they touch
(fact.correction_id). v_fact v003 adds `corrected` and `correction_id`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from etl.db.views import replace_view

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Appended to the parser version of documents loaded without their text.
NO_TEXT = "+notext"


def upgrade() -> None:
    op.create_table(
        "document_text",
        sa.Column("document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_text_document_id_document"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_text")),
    )
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("document_name", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("span_text", sa.Text(), nullable=False),
        sa.Column("original", sa.Text(), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_detail", sa.Text(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("action IN ('set', 'reject', 'add')", name=op.f("ck_correction_action")),
        sa.CheckConstraint("status IN ('pending', 'applied', 'unmatched')", name=op.f("ck_correction_status")),
        sa.CheckConstraint("span_start >= 0 AND span_start < span_end", name=op.f("ck_correction_span_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction")),
    )
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_correction_document_sha256"), ["document_sha256"], unique=False)
    # A plain ADD COLUMN (no constraint), so SQLite does not rebuild fact under its views.
    op.add_column("fact", sa.Column("correction_id", sa.Integer(), nullable=True))
    replace_view(op, "v_fact", 3)
    # Documents loaded before this revision have no stored text: mark them as read by
    # another parser version, so that the next `etl load` of each file re-extracts it
    # and stores its text (the loader skips only bytes known to the current version).
    op.execute(f"UPDATE document SET parser_version = substr(parser_version, 1, 25) || '{NO_TEXT}'")


def downgrade() -> None:
    op.execute(
        f"UPDATE document SET parser_version = substr(parser_version, 1, length(parser_version) - {len(NO_TEXT)})"
        f" WHERE parser_version LIKE '%{NO_TEXT}'"
    )
    replace_view(op, "v_fact", 2)
    # ALTER TABLE ... DROP COLUMN runs on PostgreSQL and SQLite >= 3.35 without
    # rebuilding the table (a rebuild would break the views that read fact).
    op.execute("ALTER TABLE fact DROP COLUMN correction_id")
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correction_document_sha256"))
    op.drop_table("correction")
    op.drop_table("document_text")
