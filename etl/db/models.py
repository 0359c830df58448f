"""SQLAlchemy 2 typed models of the minzheng-stats schema.

The migrations under ``migrations/versions`` create exactly this schema; a test
compares the two (no autogenerate drift). Constraints are named through the
naming convention so that SQLite batch migrations can address them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite has no BIGINT autoincrement; INTEGER PRIMARY KEY is its rowid alias.
BigIntId = BigInteger().with_variant(Integer(), "sqlite")

LEVELS = ("province", "prefecture", "county")
QUALIFIERS = ("exact", "approx", "at_least", "at_most")
STATUSES = ("actual", "target")
RUN_STATUSES = ("running", "finished", "failed", "interrupted")
CORRECTION_ACTIONS = ("set", "reject", "add")
CORRECTION_STATUSES = ("pending", "applied", "unmatched")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Jurisdiction(Base):
    """A GB/T 2260 division; ``city_code``/``province_code`` are precomputed roll-up targets."""

    __tablename__ = "jurisdiction"
    __table_args__ = (CheckConstraint(_in("level", LEVELS), name="level"),)

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdiction.code"), index=True)
    city_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdiction.code"), index=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("jurisdiction.code"), index=True)


class JurisdictionAlias(Base):
    """Another name of a division: short (芜湖) or historical (芜湖县 -> 湾沚区)."""

    __tablename__ = "jurisdiction_alias"
    __table_args__ = (UniqueConstraint("alias", "code", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(ForeignKey("jurisdiction.code", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))


class Program(Base):
    """A program of the catalogue (dibao, tekun ...)."""

    __tablename__ = "program"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(32))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("program.code"))
    is_subsidy: Mapped[bool] = mapped_column(Boolean, default=False)
    core: Mapped[bool] = mapped_column(Boolean, default=False)

    aliases: Mapped[list[ProgramAlias]] = relationship(back_populates="program", cascade="all, delete-orphan")


class ProgramAlias(Base):
    """A Chinese name under which a program appears in reports."""

    __tablename__ = "program_alias"
    __table_args__ = (UniqueConstraint("program_code", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_code: Mapped[str] = mapped_column(ForeignKey("program.code", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(64))

    program: Mapped[Program] = relationship(back_populates="aliases")


class Metric(Base):
    """What a figure measures."""

    __tablename__ = "metric"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)


class Unit(Base):
    """The unit of a stored value."""

    __tablename__ = "unit"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(32))
    dimension: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)


class Document(Base):
    """A loaded source report, identified by the sha256 of its bytes."""

    __tablename__ = "document"
    __table_args__ = (
        CheckConstraint("period_start IS NULL OR period_end IS NULL OR period_start <= period_end", name="period_order"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text, index=True)
    name: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    jurisdiction_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdiction.code"), index=True)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    encoding: Mapped[str | None] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    parser_version: Mapped[str] = mapped_column(String(32))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    load_run_id: Mapped[int | None] = mapped_column(ForeignKey("load_run.id", ondelete="SET NULL"))

    # No foreign key under it (revision 0010, etl.db.children): the ORM deletes the facts itself.
    facts: Mapped[list[Fact]] = relationship(
        back_populates="document", cascade="all, delete-orphan",
        primaryjoin="Document.id == foreign(Fact.document_id)",
    )


class Fact(Base):
    """One number a report states about one program in one place and period."""

    __tablename__ = "fact"
    __table_args__ = (
        CheckConstraint(_in("qualifier", QUALIFIERS), name="qualifier"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint("period_start <= period_end", name="period_order"),
        CheckConstraint("span_start >= 0 AND span_start < span_end", name="span_order"),
        CheckConstraint("value_high IS NULL OR value_high >= value", name="range_order"),
        UniqueConstraint(
            "document_id", "jurisdiction_code", "program_code", "metric_code", "unit_code",
            "period_start", "period_end", "status", "span_start", "span_end", "value",
            name="uq_fact_identity",
        ),
        # Queries across places by program and metric (v_fact WHERE program = ... AND metric = ...).
        Index("ix_fact_rollup", "program_code", "metric_code", "status", "period_start", "period_end"),
        # v_fact_best (v002) groups a series' facts and picks each group's winner
        # from this index alone (index-only scans on PostgreSQL).
        Index(
            "ix_fact_series", "jurisdiction_code", "program_code", "metric_code", "unit_code", "status",
            "period_start", "period_end", "document_id", "value", "id",
        ),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # document.id without a foreign key (revision 0010): the loader writes a document and its
    # facts together, etl.db.children deletes them together, `etl check fact_document_known`.
    document_id: Mapped[int] = mapped_column(BigIntId, index=True)
    # Codes of the reference tables, without foreign keys (migration 0008): the
    # loader checks them (etl.load.codes) and so does `etl check fact_codes_known`.
    jurisdiction_code: Mapped[str] = mapped_column(String(6))
    program_code: Mapped[str] = mapped_column(String(64))
    metric_code: Mapped[str] = mapped_column(String(32))
    unit_code: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    # The correction (etl correct) that set or added this fact; NULL: as extracted.
    correction_id: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[Document] = relationship(
        back_populates="facts", primaryjoin="Document.id == foreign(Fact.document_id)"
    )


class DocumentText(Base):
    """The decoded text of a document: the text that fact and mention spans index into."""

    __tablename__ = "document_text"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class Correction(Base):
    """A reviewer's correction of one figure, re-applied after every re-extraction.

    Keyed by the document's sha256 and the span (fact ids change on every
    re-extraction). ``original`` is the fact as extracted (JSON; NULL for an
    added fact), ``fields`` the values the correction sets (JSON). ``span_text``
    is the text of the span when the correction was made: when the document's
    text there differs, the correction is ``unmatched`` and not applied.
    """

    __tablename__ = "correction"
    __table_args__ = (
        CheckConstraint(_in("action", CORRECTION_ACTIONS), name="action"),
        CheckConstraint(_in("status", CORRECTION_STATUSES), name="status"),
        CheckConstraint("span_start >= 0 AND span_start < span_end", name="span_order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_sha256: Mapped[str] = mapped_column(String(64), index=True)
    document_name: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(16))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    span_text: Mapped[str] = mapped_column(Text)
    original: Mapped[str | None] = mapped_column(Text)
    fields: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))
    status_detail: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UnclassifiedMention(Base):
    """A number the extractor found but could not classify into a fact."""

    __tablename__ = "unclassified_mention"
    __table_args__ = (CheckConstraint("span_start >= 0 AND span_start < span_end", name="span_order"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # document.id without a foreign key, as fact.document_id (revision 0010).
    document_id: Mapped[int] = mapped_column(BigIntId, index=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32))


class LoadRun(Base):
    """What one ``etl load`` did: files seen/loaded/unchanged/failed, facts, mentions."""

    __tablename__ = "load_run"
    __table_args__ = (CheckConstraint(_in("status", RUN_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))
    parser_version: Mapped[str] = mapped_column(String(32))
    arguments: Mapped[str | None] = mapped_column(Text)
    files_seen: Mapped[int] = mapped_column(Integer, default=0)
    files_loaded: Mapped[int] = mapped_column(Integer, default=0)
    files_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    files_failed: Mapped[int] = mapped_column(Integer, default=0)
    facts_loaded: Mapped[int] = mapped_column(Integer, default=0)
    mentions_loaded: Mapped[int] = mapped_column(Integer, default=0)


class LoadError(Base):
    """One file that a load run could not load, and why."""

    __tablename__ = "load_error"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    load_run_id: Mapped[int] = mapped_column(ForeignKey("load_run.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)


# Materialized roll-ups (revision 0009, maintained by etl.db.marts): the rows of
# the marts v_dibao_city_year and v_subsidy_spending_city_year, which read them.
# Plain tables, no foreign keys: they are rebuilt from the facts, never edited.

# v_dibao_city_year's measures, in column order; standards also have M_high.
DIBAO_MEASURES = tuple(
    f"{measure}{part}"
    for measure in ("persons", "households", "standard", "spending")
    for part in ("", "_urban", "_rural")
)


def _measure_columns(measure: str) -> list[Column[Any]]:
    """The column pattern every v_dibao_city_year measure repeats (see its SQL)."""
    columns: list[Column[Any]] = [Column(measure, Float)]
    if measure.startswith("standard"):
        columns.append(Column(f"{measure}_high", Float))
    return columns + [
        Column(f"{measure}_source", Text),
        Column(f"{measure}_counties_covered", Integer),
        Column(f"{measure}_as_of", Date),
        Column(f"{measure}_document", Text),
        Column(f"{measure}_fact_id", BigIntId),
        Column(f"{measure}_corrected", Integer),
    ]


def _city_year_columns() -> list[Column[Any]]:
    return [
        Column("city_code", String(12), primary_key=True),
        Column("city_name", Text),
        Column("province_code", Text),
        Column("province_name", Text),
        Column("year", Integer, primary_key=True),
        Column("year_start", Date),
    ]


RollupDibaoCityYear = Table(
    "rollup_dibao_city_year",
    Base.metadata,
    *_city_year_columns(),
    Column("counties_in_city", Integer),
    *[column for measure in DIBAO_MEASURES for column in _measure_columns(measure)],
)

RollupSubsidySpendingCityYear = Table(
    "rollup_subsidy_spending_city_year",
    Base.metadata,
    *_city_year_columns(),
    Column("program", String(64), primary_key=True),
    Column("program_name_zh", Text),
    Column("counties_in_city", Integer),
    Column("spending", Float),
    Column("spending_high", Float),
    Column("spending_qualifier", Text),
    Column("spending_source", Text),
    Column("spending_counties_covered", Integer),
    Column("spending_period_start", Date),
    Column("spending_as_of", Date),
    Column("spending_document", Text),
    Column("spending_fact_id", BigIntId),
    Column("spending_corrected", Integer),
)

# City-years whose roll-up rows are out of date: filled by triggers on fact and
# document (revision 0009) in the transaction that changes them, emptied by
# etl.db.marts.refresh_stale in the same transaction.
RollupStale = Table(
    "rollup_stale",
    Base.metadata,
    Column("city_code", String(12), primary_key=True),
    Column("year", Integer, primary_key=True),
)

# SQLite only (the table exists on both backends): the largest fact id the
# roll-ups have seen. SQLite has no statement triggers, and a row trigger on
# INSERT doubles the cost of a bulk insert, so new facts are found by id
# instead (ids only grow; the DELETE trigger lowers the mark when an id may be reused).
RollupWatermark = Table(
    "rollup_watermark",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("fact_id", BigInteger, nullable=False),
)
