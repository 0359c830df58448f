"""Schema: the tables of the fact model, reference data and load bookkeeping

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 16:59:21.735293
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('jurisdiction',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=6), nullable=True),
    sa.Column('city_code', sa.String(length=6), nullable=True),
    sa.Column('province_code', sa.String(length=6), nullable=False),
    sa.CheckConstraint("level IN ('province', 'prefecture', 'county')", name=op.f('ck_jurisdiction_level')),
    sa.ForeignKeyConstraint(['city_code'], ['jurisdiction.code'], name=op.f('fk_jurisdiction_city_code_jurisdiction')),
    sa.ForeignKeyConstraint(['parent_code'], ['jurisdiction.code'], name=op.f('fk_jurisdiction_parent_code_jurisdiction')),
    sa.ForeignKeyConstraint(['province_code'], ['jurisdiction.code'], name=op.f('fk_jurisdiction_province_code_jurisdiction')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_jurisdiction'))
    )
    with op.batch_alter_table('jurisdiction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jurisdiction_city_code'), ['city_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_jurisdiction_parent_code'), ['parent_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_jurisdiction_province_code'), ['province_code'], unique=False)

    op.create_table('load_run',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('parser_version', sa.String(length=32), nullable=False),
    sa.Column('arguments', sa.Text(), nullable=True),
    sa.Column('files_seen', sa.Integer(), nullable=False),
    sa.Column('files_loaded', sa.Integer(), nullable=False),
    sa.Column('files_unchanged', sa.Integer(), nullable=False),
    sa.Column('files_failed', sa.Integer(), nullable=False),
    sa.Column('facts_loaded', sa.Integer(), nullable=False),
    sa.Column('mentions_loaded', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('running', 'finished', 'failed', 'interrupted')", name=op.f('ck_load_run_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_load_run'))
    )
    op.create_table('metric',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_zh', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_metric'))
    )
    op.create_table('program',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name_zh', sa.String(length=64), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('parent_code', sa.String(length=64), nullable=True),
    sa.Column('is_subsidy', sa.Boolean(), nullable=False),
    sa.Column('core', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['parent_code'], ['program.code'], name=op.f('fk_program_parent_code_program')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_program'))
    )
    op.create_table('unit',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_zh', sa.String(length=32), nullable=False),
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_unit'))
    )
    op.create_table('document',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('jurisdiction_code', sa.String(length=6), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('encoding', sa.String(length=32), nullable=True),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('parser_version', sa.String(length=32), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('load_run_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('period_start IS NULL OR period_end IS NULL OR period_start <= period_end', name=op.f('ck_document_period_order')),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdiction.code'], name=op.f('fk_document_jurisdiction_code_jurisdiction')),
    sa.ForeignKeyConstraint(['load_run_id'], ['load_run.id'], name=op.f('fk_document_load_run_id_load_run'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('sha256', name=op.f('uq_document_sha256'))
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_jurisdiction_code'), ['jurisdiction_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_path'), ['path'], unique=False)

    op.create_table('jurisdiction_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['jurisdiction.code'], name=op.f('fk_jurisdiction_alias_code_jurisdiction'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jurisdiction_alias')),
    sa.UniqueConstraint('alias', 'code', 'kind', name=op.f('uq_jurisdiction_alias_alias_code_kind'))
    )
    with op.batch_alter_table('jurisdiction_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jurisdiction_alias_alias'), ['alias'], unique=False)
        batch_op.create_index(batch_op.f('ix_jurisdiction_alias_code'), ['code'], unique=False)

    op.create_table('load_error',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('load_run_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('error', sa.String(length=64), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['load_run_id'], ['load_run.id'], name=op.f('fk_load_error_load_run_id_load_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_load_error'))
    )
    with op.batch_alter_table('load_error', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_load_error_load_run_id'), ['load_run_id'], unique=False)

    op.create_table('program_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_code', sa.String(length=64), nullable=False),
    sa.Column('alias', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['program_code'], ['program.code'], name=op.f('fk_program_alias_program_code_program'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_alias')),
    sa.UniqueConstraint('program_code', 'alias', name=op.f('uq_program_alias_program_code_alias'))
    )
    with op.batch_alter_table('program_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_program_alias_program_code'), ['program_code'], unique=False)

    op.create_table('fact',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('jurisdiction_code', sa.String(length=6), nullable=False),
    sa.Column('program_code', sa.String(length=64), nullable=False),
    sa.Column('metric_code', sa.String(length=32), nullable=False),
    sa.Column('unit_code', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('value_high', sa.Float(), nullable=True),
    sa.Column('qualifier', sa.String(length=16), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.CheckConstraint("qualifier IN ('exact', 'approx', 'at_least', 'at_most')", name=op.f('ck_fact_qualifier')),
    sa.CheckConstraint("status IN ('actual', 'target')", name=op.f('ck_fact_status')),
    sa.CheckConstraint('period_start <= period_end', name=op.f('ck_fact_period_order')),
    sa.CheckConstraint('span_start >= 0 AND span_start < span_end', name=op.f('ck_fact_span_order')),
    sa.CheckConstraint('value_high IS NULL OR value_high >= value', name=op.f('ck_fact_range_order')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_fact_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdiction.code'], name=op.f('fk_fact_jurisdiction_code_jurisdiction')),
    sa.ForeignKeyConstraint(['metric_code'], ['metric.code'], name=op.f('fk_fact_metric_code_metric')),
    sa.ForeignKeyConstraint(['program_code'], ['program.code'], name=op.f('fk_fact_program_code_program')),
    sa.ForeignKeyConstraint(['unit_code'], ['unit.code'], name=op.f('fk_fact_unit_code_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fact')),
    sa.UniqueConstraint('document_id', 'jurisdiction_code', 'program_code', 'metric_code', 'unit_code', 'period_start', 'period_end', 'status', 'span_start', 'span_end', 'value', name='uq_fact_identity')
    )
    with op.batch_alter_table('fact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fact_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_fact_jurisdiction_program', ['jurisdiction_code', 'program_code', 'metric_code'], unique=False)
        batch_op.create_index('ix_fact_rollup', ['program_code', 'metric_code', 'status', 'period_start', 'period_end'], unique=False)

    op.create_table('unclassified_mention',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.CheckConstraint('span_start >= 0 AND span_start < span_end', name=op.f('ck_unclassified_mention_span_order')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_unclassified_mention_document_id_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unclassified_mention'))
    )
    with op.batch_alter_table('unclassified_mention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unclassified_mention_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unclassified_mention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unclassified_mention_document_id'))

    op.drop_table('unclassified_mention')
    with op.batch_alter_table('fact', schema=None) as batch_op:
        batch_op.drop_index('ix_fact_rollup')
        batch_op.drop_index('ix_fact_jurisdiction_program')
        batch_op.drop_index(batch_op.f('ix_fact_document_id'))

    op.drop_table('fact')
    with op.batch_alter_table('program_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_program_alias_program_code'))

    op.drop_table('program_alias')
    with op.batch_alter_table('load_error', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_load_error_load_run_id'))

    op.drop_table('load_error')
    with op.batch_alter_table('jurisdiction_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jurisdiction_alias_code'))
        batch_op.drop_index(batch_op.f('ix_jurisdiction_alias_alias'))

    op.drop_table('jurisdiction_alias')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_path'))
        batch_op.drop_index(batch_op.f('ix_document_jurisdiction_code'))

    op.drop_table('document')
    op.drop_table('unit')
    op.drop_table('program')
    op.drop_table('metric')
    op.drop_table('load_run')
    with op.batch_alter_table('jurisdiction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jurisdiction_province_code'))
        batch_op.drop_index(batch_op.f('ix_jurisdiction_parent_code'))
        batch_op.drop_index(batch_op.f('ix_jurisdiction_city_code'))

    op.drop_table('jurisdiction')
