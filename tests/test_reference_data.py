"""The reference data in the database: counts, parent links, aliases, catalogues."""

from __future__ import annotations

from sqlalchemy import text

from etl import catalogue


def _one(engine, sql: str, **params):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return connection.execute(text(sql), params).one()


def _scalar(engine, sql: str, **params):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


def test_national_hierarchy_is_loaded(engine) -> None:  # type: ignore[no-untyped-def]
    assert _scalar(engine, "SELECT count(*) FROM jurisdiction") == len(catalogue.jurisdictions())
    assert 3000 <= _scalar(engine, "SELECT count(*) FROM jurisdiction") <= 3800
    assert 31 <= _scalar(engine, "SELECT count(*) FROM jurisdiction WHERE level = 'province'") <= 34
    assert 320 <= _scalar(engine, "SELECT count(*) FROM jurisdiction WHERE level = 'prefecture'") <= 345


def test_known_parent_links(engine) -> None:  # type: ignore[no-untyped-def]
    sql = "SELECT name, parent_code, city_code, province_code FROM jurisdiction WHERE code = :code"
    assert tuple(_one(engine, sql, code="340722")) == ("枞阳县", "340700", "340700", "340000")
    assert tuple(_one(engine, sql, code="340210")) == ("湾沚区", "340200", "340200", "340000")
    assert tuple(_one(engine, sql, code="340281")) == ("无为市", "340200", "340200", "340000")
    assert tuple(_one(engine, sql, code="500229")) == ("城口县", "500000", "500000", "500000")


def test_every_parent_exists(engine) -> None:  # type: ignore[no-untyped-def]
    orphans = _scalar(
        engine,
        "SELECT count(*) FROM jurisdiction j LEFT JOIN jurisdiction p ON p.code = j.parent_code "
        "WHERE j.parent_code IS NOT NULL AND p.code IS NULL",
    )
    assert orphans == 0


def test_historical_and_short_aliases(engine) -> None:  # type: ignore[no-untyped-def]
    sql = "SELECT code FROM jurisdiction_alias WHERE alias = :alias"
    with engine.connect() as connection:
        def codes(alias: str) -> set[str]:
            return {row[0] for row in connection.execute(text(sql), {"alias": alias})}

        assert "340210" in codes("芜湖县")
        assert "340281" in codes("无为县")
        assert "340200" in codes("芜湖")


def test_program_catalogue_covers_the_spec(engine) -> None:  # type: ignore[no-untyped-def]
    spec_codes = {
        "social_assistance", "dibao", "dibao_urban", "dibao_rural", "tekun", "tekun_urban", "tekun_rural",
        "dibao_marginal", "expenditure_hardship", "low_income", "temporary_assistance", "orphan",
        "orphan_institutional", "orphan_scattered", "de_facto_orphan", "elderly_allowance",
        "elderly_service_subsidy", "disability_living_subsidy", "disability_care_subsidy", "funeral_subsidy",
        "vagrant_assistance", "price_subsidy", "one_off_subsidy",
    }
    with engine.connect() as connection:
        codes = {row[0] for row in connection.execute(text("SELECT code FROM program"))}
        subsidies = {row[0] for row in connection.execute(text("SELECT code FROM program WHERE is_subsidy"))}
        aliased = {row[0] for row in connection.execute(text("SELECT DISTINCT program_code FROM program_alias"))}
        metrics = {row[0] for row in connection.execute(text("SELECT code FROM metric"))}
        units = {row[0] for row in connection.execute(text("SELECT code FROM unit"))}
    assert spec_codes <= codes
    assert subsidies >= {
        "elderly_allowance", "elderly_service_subsidy", "disability_living_subsidy", "disability_care_subsidy",
        "funeral_subsidy", "price_subsidy", "one_off_subsidy",
    }
    assert spec_codes <= aliased, f"programs without Chinese aliases: {spec_codes - aliased}"
    assert {"recipients", "spending", "standard", "avg_benefit", "exits", "new_recipients"} <= metrics
    assert {"person", "household", "person_time", "cny", "cny_per_person_month", "cny_per_person_year"} <= units
