"""Data checks (schema/checks/*.sql via etl.datatests): silent on good data, loud on bad data."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from etl.datatests import check_names, failing, run_check, run_checks
from etl.errors import CatalogueError
from fact_builder import F, add_document, add_facts, persons, spending, standard, year


def load_good_data(engine: Engine) -> None:
    """A small but varied database: city and county figures, parts, subsidies, conflicts, exclusions."""
    with engine.begin() as connection:
        wuhu = add_document(connection, "wuhu.txt", published="2025-01-20")
        add_facts(
            connection,
            wuhu,
            [
                persons("340200", "dibao", 83000, *year(2024)),
                standard("340200", "dibao_urban", 850, *year(2024)),
                standard("340200", "dibao_rural", 830, *year(2024)),
                spending("340200", "disability_living_subsidy", 43_881_000, *year(2024)),
                spending("340200", "disability_care_subsidy", 50_140_000, *year(2024)),
                spending("340200", "price_subsidy", 109_000_000, "2016-01-01", "2020-12-31"),
                persons("340200", "dibao", 90000, *year(2025), status="target"),
            ],
        )
        revised = add_document(connection, "wuhu_revised.txt", published="2025-03-01")
        add_facts(connection, revised, [persons("340200", "dibao", 83500, *year(2024))])
        zongyang = add_document(connection, "zongyang.txt", published="2023-07-15")
        add_facts(
            connection,
            zongyang,
            [
                persons("340722", "dibao_rural", 15044, "2023-01-01", "2023-06-30"),
                persons("340722", "dibao_urban", 1712, "2023-01-01", "2023-06-30"),
                F("340722", "dibao_rural", "recipients", "household", 9847, "2023-01-01", "2023-06-30"),
                F("340722", "dibao_urban", "recipients", "household", 1222, "2023-01-01", "2023-06-30"),
                spending("340722", "elderly_allowance", 4_180_000, "2023-01-01", "2023-06-30"),
            ],
        )
        chengkou = add_document(connection, "chengkou.txt", published="2025-01-10")
        add_facts(
            connection,
            chengkou,
            [persons("500229", "dibao", 10661, *year(2024)), persons("500229", "dibao", 384, *year(2024))],
        )
        huzhou = add_document(connection, "huzhou.txt", published="2025-02-01")
        add_facts(connection, huzhou, [standard("330500", "dibao", 1145, *year(2024))])


def test_there_are_checks() -> None:
    names = check_names()
    assert {"dibao_city_year_unique", "subsidy_city_year_program_unique", "no_negative_values", "rollup_city_codes_are_cities", "fact_period_order"} <= set(names)


def test_every_check_passes_on_good_data(engine: Engine) -> None:
    load_good_data(engine)
    # the data is not trivial: the views have rows for the checks to look at
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM v_dibao_city_year")).scalar() == 4  # 芜湖, 铜陵, 重庆, 湖州
        assert connection.execute(text("SELECT COUNT(*) FROM v_subsidy_spending_city_year")).scalar() == 3
    results = run_checks(engine)
    assert set(results) == set(check_names())
    assert failing(results) == {}


def test_negative_value_is_caught(engine: Engine) -> None:
    load_good_data(engine)
    with engine.begin() as connection:
        document = add_document(connection, "bad.txt")
        (bad,) = add_facts(connection, document, [spending("340200", "funeral_subsidy", -18_251_000, *year(2024))])
    results = run_checks(engine)
    assert [row["fact_id"] for row in results["no_negative_values"]] == [bad]
    # the negative figure also reaches the roll-up, where the view-level check sees it
    assert [(row["city_code"], row["program_code"]) for row in results["rollup_no_negative_values"]] == [("340200", "funeral_subsidy")]
    assert set(failing(results)) == {"no_negative_values", "rollup_no_negative_values"}


def test_untraceable_quote_and_wrong_unit_are_caught(engine: Engine) -> None:
    with engine.begin() as connection:
        document = add_document(connection, "bad.txt")
        (short_quote, wrong_unit) = add_facts(
            connection,
            document,
            [persons("340200", "dibao", 83000, *year(2024)), F("340200", "dibao", "standard", "person", 850, *year(2024))],
        )
        connection.execute(text("UPDATE fact SET quote = 'x' WHERE id = :id"), {"id": short_quote})
    assert [row["fact_id"] for row in run_check(engine, "fact_quote_fits_span")] == [short_quote]
    assert [row["fact_id"] for row in run_check(engine, "fact_metric_unit")] == [wrong_unit]


def test_total_below_its_part_is_caught(engine: Engine) -> None:
    with engine.begin() as connection:
        document = add_document(connection, "odd.txt")
        add_facts(
            connection,
            document,
            [persons("340200", "dibao", 384, *year(2024)), persons("340200", "dibao_rural", 70000, *year(2024))],
        )
    rows = run_check(engine, "dibao_total_not_below_parts")
    assert [(row["city_code"], row["year"], row["persons"], row["persons_rural"]) for row in rows] == [("340200", 2024, 384, 70000)]


def test_limit_caps_the_rows_returned(engine: Engine) -> None:
    with engine.begin() as connection:
        document = add_document(connection, "bad.txt")
        add_facts(connection, document, [spending("340200", "funeral_subsidy", -1, *year(y)) for y in (2022, 2023, 2024)])
    assert len(run_check(engine, "no_negative_values")) == 3
    assert len(run_check(engine, "no_negative_values", limit=2)) == 2


def test_unknown_check_is_a_catalogue_error(engine: Engine) -> None:
    with pytest.raises(CatalogueError, match="no_such_check"):
        run_check(engine, "no_such_check")
