"""The roll-up views: one constructed fact set per rule, on SQLite and PostgreSQL.

Expected values are written out by hand from the facts each test inserts.
Real codes: 芜湖市 340200 (南陵县 340223, 无为市 340281), 铜陵市 340700 (铜官区, 义安区,
郊区, 枞阳县 340722: 4 county-level divisions besides the 市辖区 pseudo row 340701),
重庆市 500000 (26 districts + 12 counties = 38; 城口县 500229).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text

from etl.db import migrate
from fact_builder import F, add_document, add_facts, persons, spending, standard, year

ROLLUP_VIEWS = (
    "v_city",
    "v_fact_single_year",
    "v_fact_best",
    "v_jurisdiction_year_best",
    "v_city_year_best",
    "v_dibao_city_year",
    "v_subsidy_spending_city_year",
    "v_fact_conflicts",
)


def dibao_rows(engine: Engine, city: str) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM v_dibao_city_year WHERE city_code = :c ORDER BY year"), {"c": city})
        return [dict(row._mapping) for row in rows]


def dibao_row(engine: Engine, city: str, y: int) -> dict[str, Any]:
    rows = [row for row in dibao_rows(engine, city) if row["year"] == y]
    assert len(rows) == 1, rows
    return rows[0]


def subsidy_rows(engine: Engine, city: str) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT * FROM v_subsidy_spending_city_year WHERE city_code = :c ORDER BY year, program"), {"c": city}
        )
        return [dict(row._mapping) for row in rows]


def conflicts(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text("SELECT * FROM v_fact_conflicts ORDER BY fact_id_a"))]


def iso(value: Any) -> str:
    """A date column as ISO text (date on PostgreSQL, text on SQLite)."""
    return value.isoformat() if isinstance(value, date) else str(value)


def load(engine: Engine, name: str, facts: list[F], published: str | None = None) -> list[int]:
    with engine.begin() as connection:
        document = add_document(connection, name, published=published)
        return add_facts(connection, document, facts)


def test_county_only_rollup_reports_coverage(engine: Engine) -> None:
    # 枞阳县 alone, mid-year (截至6月底): 15,044 rural + 1,712 urban persons.
    load(
        engine,
        "zongyang.txt",
        [
            persons("340722", "dibao_rural", 15044, "2023-01-01", "2023-06-30"),
            persons("340722", "dibao_urban", 1712, "2023-01-01", "2023-06-30"),
            F("340722", "dibao_rural", "recipients", "household", 9847, "2023-01-01", "2023-06-30"),
        ],
        published="2023-07-15",
    )
    row = dibao_row(engine, "340700", 2023)
    assert row["city_name"] == "铜陵市"
    assert row["counties_in_city"] == 4
    assert row["persons_rural"] == 15044
    assert row["persons_rural_source"] == "counties"
    assert row["persons_rural_counties_covered"] == 1
    assert iso(row["persons_rural_as_of"]) == "2023-06-30"
    assert row["persons_rural_document"] == "zongyang.txt"
    assert row["persons_urban"] == 1712
    assert row["persons"] == 16756
    assert row["persons_source"] == "counties urban+rural"
    assert row["persons_counties_covered"] == 1
    assert row["households_rural"] == 9847
    assert row["households"] is None  # no urban household count to add
    assert row["standard"] is None


def test_county_sum_over_two_counties(engine: Engine) -> None:
    load(engine, "nanling.txt", [persons("340223", "dibao", 12000, *year(2022))], published="2023-01-10")
    load(engine, "wuwei.txt", [persons("340281", "dibao", 30000, "2022-01-01", "2022-09-30")], published="2022-10-10")
    row = dibao_row(engine, "340200", 2022)
    assert row["persons"] == 42000
    assert row["persons_source"] == "counties"
    assert row["persons_counties_covered"] == 2
    assert row["counties_in_city"] == 7
    # the earliest as-of of the summed figures
    assert iso(row["persons_as_of"]) == "2022-09-30"
    assert row["persons_document"] == "nanling.txt (+1 more)"


def test_city_figure_beats_sum_of_counties(engine: Engine) -> None:
    load(engine, "wuhu.txt", [persons("340200", "dibao", 83000, *year(2024))], published="2025-01-20")
    # a county figure that is later in the year still does not replace the city's own
    load(engine, "nanling.txt", [persons("340223", "dibao", 20000, *year(2024))], published="2025-02-01")
    row = dibao_row(engine, "340200", 2024)
    assert row["persons"] == 83000
    assert row["persons_source"] == "city"
    assert row["persons_counties_covered"] is None
    assert row["persons_document"] == "wuhu.txt"


def test_year_end_beats_mid_year(engine: Engine) -> None:
    # The year-end report is published (and loaded) first; the mid-year figure must still lose.
    load(engine, "year_end.txt", [persons("340200", "dibao", 83000, *year(2024))], published="2025-01-20")
    load(engine, "mid_year.txt", [persons("340200", "dibao", 80000, "2024-01-01", "2024-06-30")], published="2025-03-01")
    row = dibao_row(engine, "340200", 2024)
    assert row["persons"] == 83000
    assert iso(row["persons_as_of"]) == "2024-12-31"
    assert row["persons_document"] == "year_end.txt"


def test_later_as_of_beats_earlier_for_cumulative_spending(engine: Engine) -> None:
    load(
        engine,
        "reports.txt",
        [
            spending("340200", "dibao", 20_000_000, "2024-01-01", "2024-06-30"),
            spending("340200", "dibao", 41_000_000, "2024-01-01", "2024-11-30"),
            spending("340200", "dibao", 30_000_000, "2024-01-01", "2024-09-30"),
        ],
    )
    row = dibao_row(engine, "340200", 2024)
    assert row["spending"] == 41_000_000
    assert iso(row["spending_as_of"]) == "2024-11-30"


def test_full_year_spending_beats_second_half_with_the_same_end(engine: Engine) -> None:
    load(
        engine,
        "reports.txt",
        [
            spending("340200", "disability_care_subsidy", 20_000_000, "2024-07-01", "2024-12-31"),
            spending("340200", "disability_care_subsidy", 50_140_000, *year(2024)),
        ],
    )
    (row,) = subsidy_rows(engine, "340200")
    assert row["spending"] == 50_140_000
    assert iso(row["spending_period_start"]) == "2024-01-01"


def test_total_is_urban_plus_rural_when_only_parts_are_stated(engine: Engine) -> None:
    load(
        engine,
        "wuhu.txt",
        [
            persons("340200", "dibao_urban", 10000, *year(2024)),
            persons("340200", "dibao_rural", 70000, *year(2024)),
            spending("340200", "dibao_urban", 50_000_000, *year(2024)),
        ],
    )
    row = dibao_row(engine, "340200", 2024)
    assert row["persons"] == 80000
    assert row["persons_source"] == "urban+rural"
    assert row["persons_document"] == "wuhu.txt"
    assert row["persons_urban"] == 10000 and row["persons_urban_source"] == "city"
    # only one part of the spending is stated: no total is made up
    assert row["spending"] is None
    assert row["spending_urban"] == 50_000_000


def test_stated_total_beats_urban_plus_rural(engine: Engine) -> None:
    load(
        engine,
        "wuhu.txt",
        [
            persons("340200", "dibao", 83000, *year(2024)),
            persons("340200", "dibao_urban", 10000, *year(2024)),
            persons("340200", "dibao_rural", 70000, *year(2024)),
        ],
    )
    row = dibao_row(engine, "340200", 2024)
    assert row["persons"] == 83000
    assert row["persons_source"] == "city"


def test_city_urban_plus_rural_beats_county_totals(engine: Engine) -> None:
    load(
        engine,
        "wuhu.txt",
        [persons("340200", "dibao_urban", 10000, *year(2024)), persons("340200", "dibao_rural", 70000, *year(2024))],
    )
    load(engine, "nanling.txt", [persons("340223", "dibao", 20000, *year(2024))])
    row = dibao_row(engine, "340200", 2024)
    assert row["persons"] == 80000
    assert row["persons_source"] == "urban+rural"


def test_multi_year_and_target_facts_are_excluded(engine: Engine) -> None:
    load(
        engine,
        "plan.txt",
        [
            # 十三五 total
            persons("340200", "dibao", 500000, "2016-01-01", "2020-12-31"),
            spending("340200", "price_subsidy", 109_000_000, "2016-01-01", "2020-12-31"),
            # 2025年目标
            persons("340200", "dibao", 90000, *year(2025), status="target"),
            spending("340200", "elderly_allowance", 70_000_000, *year(2025), status="target"),
            # a target for a year that also has an actual figure
            persons("340200", "dibao", 99000, *year(2020), status="target"),
            persons("340200", "dibao", 88000, *year(2020)),
        ],
    )
    rows = dibao_rows(engine, "340200")
    assert [(row["year"], row["persons"]) for row in rows] == [(2020, 88000)]
    assert subsidy_rows(engine, "340200") == []
    with engine.connect() as connection:
        years = connection.execute(text("SELECT value, year FROM v_fact WHERE period_start < '2017-01-01' ORDER BY value")).all()
    assert [(value, y) for value, y in years] == [(500000, None), (109_000_000, None)]


def test_later_published_document_wins_and_conflict_is_listed(engine: Engine) -> None:
    # Inserted first (lower ids), but published later: it must win.
    later = load(engine, "later.txt", [persons("340200", "dibao", 85000, *year(2024))], published="2025-03-01")
    earlier = load(engine, "earlier.txt", [persons("340200", "dibao", 83000, *year(2024))], published="2025-01-20")
    row = dibao_row(engine, "340200", 2024)
    assert row["persons"] == 85000
    assert row["persons_document"] == "later.txt"
    (pair,) = conflicts(engine)
    assert {pair["fact_id_a"], pair["fact_id_b"]} == {later[0], earlier[0]}
    assert {pair["document_a"], pair["document_b"]} == {"later.txt", "earlier.txt"}
    assert {pair["value_a"], pair["value_b"]} == {85000, 83000}
    assert pair["preferred_fact_id"] == later[0]
    assert pair["same_document"] == 0
    assert (pair["jurisdiction_code"], pair["program"], pair["metric"], pair["unit"]) == ("340200", "dibao", "recipients", "person")


def test_dated_document_beats_undated_one(engine: Engine) -> None:
    dated = load(engine, "dated.txt", [persons("340200", "dibao", 83000, *year(2024))], published="2025-01-20")
    load(engine, "undated.txt", [persons("340200", "dibao", 90000, *year(2024))])
    assert dibao_row(engine, "340200", 2024)["persons"] == 83000
    assert conflicts(engine)[0]["preferred_fact_id"] == dated[0]


def test_equal_figures_in_two_documents_are_no_conflict(engine: Engine) -> None:
    load(engine, "a.txt", [persons("340200", "dibao", 83000, *year(2024))], published="2025-01-20")
    load(engine, "b.txt", [persons("340200", "dibao", 83000, *year(2024))], published="2025-02-20")
    assert conflicts(engine) == []
    assert dibao_row(engine, "340200", 2024)["persons_document"] == "b.txt"


def test_within_one_document_the_headline_figure_beats_a_subset(engine: Engine) -> None:
    # 城口县: 4829户10661人纳入低保 ... 384名重病(残)人员参照单人户纳入低保 (a subset)
    ids = load(
        engine,
        "chengkou.txt",
        [persons("500229", "dibao", 384, *year(2024)), persons("500229", "dibao", 10661, *year(2024))],
        published="2025-01-10",
    )
    assert dibao_row(engine, "500000", 2024)["persons"] == 10661
    (pair,) = conflicts(engine)
    assert pair["same_document"] == 1
    assert pair["preferred_fact_id"] == ids[1]


def test_county_of_a_municipality_rolls_up_to_the_municipality(engine: Engine) -> None:
    load(
        engine,
        "chengkou.txt",
        [persons("500229", "dibao", 10661, *year(2024)), F("500229", "dibao", "recipients", "household", 4829, *year(2024))],
        published="2025-01-10",
    )
    rows = dibao_rows(engine, "500000")
    assert len(rows) == 1
    row = rows[0]
    assert (row["city_name"], row["year"], row["province_code"]) == ("重庆市", 2024, "500000")
    assert row["persons"] == 10661 and row["households"] == 4829
    assert row["persons_source"] == "counties"
    assert row["persons_counties_covered"] == 1
    assert row["counties_in_city"] == 38
    # nothing lands on a county or province code
    with engine.connect() as connection:
        codes = connection.execute(text("SELECT DISTINCT city_code FROM v_dibao_city_year")).scalars().all()
    assert codes == ["500000"]


def test_standards_city_and_county_rollup(engine: Engine) -> None:
    # 芜湖市 2024: 城乡低保标准分别为每人每月850元和830元
    load(
        engine,
        "wuhu.txt",
        [standard("340200", "dibao_urban", 850, *year(2024)), standard("340200", "dibao_rural", 830, *year(2024))],
    )
    # 2020: only counties state a standard (南陵县 710, 无为市 662): lowest, highest in *_high
    load(
        engine,
        "wuhu2020.txt",
        [standard("340223", "dibao", 710, *year(2020)), standard("340281", "dibao", 662, *year(2020))],
    )
    row = dibao_row(engine, "340200", 2024)
    assert (row["standard_urban"], row["standard_rural"], row["standard"]) == (850, 830, None)
    assert row["standard_urban_source"] == "city" and row["standard_urban_high"] is None
    row = dibao_row(engine, "340200", 2020)
    assert (row["standard"], row["standard_high"], row["standard_source"]) == (662, 710, "counties")
    assert row["standard_counties_covered"] == 2


def test_subsidy_spending_per_program(engine: Engine) -> None:
    load(
        engine,
        "wuhu.txt",
        [
            spending("340200", "disability_living_subsidy", 43_881_000, *year(2024)),
            spending("340200", "disability_care_subsidy", 50_140_000, *year(2024)),
            spending("340200", "price_subsidy", 6_110_000, *year(2024), qualifier="approx"),
            # not subsidies, or not spending: left out
            spending("340200", "social_assistance", 890_000_000, *year(2024)),
            spending("340200", "dibao", 300_000_000, *year(2024)),
            persons("340200", "disability_living_subsidy", 43000, *year(2024)),
        ],
        published="2025-01-20",
    )
    # county figures of another year: summed over the counties that state them
    load(engine, "nanling.txt", [spending("340223", "funeral_subsidy", 1_000_000, *year(2023))])
    load(engine, "wuwei.txt", [spending("340281", "funeral_subsidy", 2_500_000, *year(2023))])
    rows = subsidy_rows(engine, "340200")
    got = {(row["year"], row["program"]): row for row in rows}
    assert set(got) == {
        (2023, "funeral_subsidy"),
        (2024, "disability_care_subsidy"),
        (2024, "disability_living_subsidy"),
        (2024, "price_subsidy"),
    }
    living = got[(2024, "disability_living_subsidy")]
    assert living["spending"] == 43_881_000
    assert living["program_name_zh"] == "困难残疾人生活补贴"
    assert (living["spending_source"], living["spending_counties_covered"]) == ("city", None)
    assert living["spending_document"] == "wuhu.txt"
    assert living["spending_fact_id"] is not None
    assert got[(2024, "disability_care_subsidy")]["spending"] == 50_140_000
    assert got[(2024, "price_subsidy")]["spending_qualifier"] == "approx"
    funeral = got[(2023, "funeral_subsidy")]
    assert funeral["spending"] == 3_500_000
    assert (funeral["spending_source"], funeral["spending_counties_covered"], funeral["counties_in_city"]) == ("counties", 2, 7)
    assert funeral["spending_fact_id"] is None


def test_v_fact_exposes_names_and_year(engine: Engine) -> None:
    load(engine, "chengkou.txt", [persons("500229", "dibao", 10661, "2024-01-01", "2024-06-30")], published="2025-01-10")
    with engine.connect() as connection:
        row = dict(connection.execute(text("SELECT * FROM v_fact")).one()._mapping)
    assert (row["jurisdiction_name"], row["jurisdiction_level"], row["city_code"], row["city_name"]) == (
        "城口县",
        "county",
        "500000",
        "重庆市",
    )
    assert (row["province_code"], row["program_name_zh"], row["year"], row["document"]) == ("500000", "城乡最低生活保障", 2024, "chengkou.txt")


def test_views_survive_downgrade_and_upgrade(engine: Engine) -> None:
    migrate.downgrade(engine, "0003")
    assert not set(ROLLUP_VIEWS) & set(inspect(engine).get_view_names())
    assert "v_fact" in inspect(engine).get_view_names()
    migrate.upgrade(engine)
    assert set(ROLLUP_VIEWS) <= set(inspect(engine).get_view_names())


@pytest.mark.parametrize("view", [view for view in ROLLUP_VIEWS if view != "v_city"])
def test_fact_views_are_empty_without_facts(engine: Engine, view: str) -> None:
    with engine.connect() as connection:
        assert connection.execute(text(f"SELECT COUNT(*) FROM {view}")).scalar() == 0


def test_v_city_lists_prefectures_and_municipalities_only(engine: Engine) -> None:
    with engine.connect() as connection:
        levels = dict(connection.execute(text("SELECT city_level, COUNT(*) FROM v_city GROUP BY city_level")).all())
        names = dict(connection.execute(text("SELECT city_code, city_name FROM v_city WHERE city_code IN ('110000', '340700', '441900')")).all())
    # the four 直辖市 are province-level rows that are their own city
    assert levels["province"] == 4
    assert levels["prefecture"] > 300
    assert set(levels) == {"province", "prefecture"}
    assert names == {"110000": "北京市", "340700": "铜陵市", "441900": "东莞市"}


# --- 0006 (BI): a DATE time axis, the fact behind each measure, the document URL ---------------

DIBAO_MEASURES = (
    "persons", "persons_urban", "persons_rural", "households", "households_urban", "households_rural",
    "standard", "standard_urban", "standard_rural", "spending", "spending_urban", "spending_rural",
)


def test_city_year_marts_have_year_start_before_their_other_dates(engine: Engine) -> None:
    load(engine, "wuhu.txt", [persons("340200", "dibao", 83000, *year(2024)), spending("340200", "price_subsidy", 6_110_000, *year(2023))])
    assert iso(dibao_row(engine, "340200", 2024)["year_start"]) == "2024-01-01"
    (row,) = subsidy_rows(engine, "340200")
    assert (row["year"], iso(row["year_start"])) == (2023, "2023-01-01")
    for view, first_other_date in (("v_dibao_city_year", "persons_as_of"), ("v_subsidy_spending_city_year", "spending_period_start")):
        names = [column["name"] for column in inspect(engine).get_columns(view)]
        assert names.index("year") < names.index("year_start") < names.index(first_other_date), view


def test_every_dibao_measure_names_its_fact(engine: Engine) -> None:
    names = [column["name"] for column in inspect(engine).get_columns("v_dibao_city_year")]
    for measure in DIBAO_MEASURES:
        assert names.index(f"{measure}_document") + 1 == names.index(f"{measure}_fact_id"), measure
    city = load(
        engine,
        "wuhu.txt",
        [
            persons("340200", "dibao", 83000, *year(2024)),
            standard("340200", "dibao_urban", 850, *year(2024)),
            spending("340200", "dibao_rural", 41_000_000, *year(2024)),
            persons("340200", "dibao_urban", 10000, *year(2023)),
            persons("340200", "dibao_rural", 70000, *year(2023)),
        ],
    )
    counties = load(engine, "nanling.txt", [F("340223", "dibao", "recipients", "household", 5000, *year(2024))])
    load(engine, "wuwei.txt", [F("340281", "dibao_rural", "recipients", "household", 9000, *year(2024))])
    row = dibao_row(engine, "340200", 2024)
    assert (row["persons_fact_id"], row["standard_urban_fact_id"], row["spending_rural_fact_id"]) == tuple(city[:3])
    # one county's figure is that fact; a figure no single fact states has none
    assert (row["households"], row["households_fact_id"]) == (5000, counties[0])
    assert row["households_rural_fact_id"] is not None and row["standard_fact_id"] is None
    derived = dibao_row(engine, "340200", 2023)
    assert (derived["persons"], derived["persons_source"], derived["persons_fact_id"]) == (80000, "urban+rural", None)
    assert (derived["persons_urban_fact_id"], derived["persons_rural_fact_id"]) == (city[3], city[4])
    with engine.connect() as connection:
        quote = connection.execute(text("SELECT quote FROM v_fact WHERE fact_id = :f"), {"f": row["persons_fact_id"]}).scalar_one()
    assert quote


def test_v_fact_exposes_the_document_url(engine: Engine) -> None:
    (fact_id,) = load(engine, "wuhu.txt", [persons("340200", "dibao", 83000, *year(2024))])
    with engine.begin() as connection:
        connection.execute(text("UPDATE document SET url = 'https://mz.example.gov.cn/wuhu/2025.html'"))
        row = connection.execute(text("SELECT document, document_url FROM v_fact WHERE fact_id = :f"), {"f": fact_id}).one()
    assert tuple(row) == ("wuhu.txt", "https://mz.example.gov.cn/wuhu/2025.html")


def test_0006_upgrade_downgrade_upgrade_keeps_rows_and_figures(engine: Engine) -> None:
    load(engine, "wuhu.txt", [persons("340200", "dibao", 83000, *year(2024)), spending("340200", "price_subsidy", 6_110_000, *year(2024))])
    head = dibao_row(engine, "340200", 2024)
    migrate.downgrade(engine, "0005")
    older = dibao_row(engine, "340200", 2024)
    assert "year_start" not in older and "persons_fact_id" not in older
    assert "document_url" not in {column["name"] for column in inspect(engine).get_columns("v_fact")}
    # (the M_corrected columns are 0009's, newer than 0006)
    assert older == {
        key: value for key, value in head.items()
        if key != "year_start" and not key.endswith(("_fact_id", "_corrected"))
    }
    migrate.upgrade(engine)
    assert dibao_row(engine, "340200", 2024) == head
    assert "year_start" in subsidy_rows(engine, "340200")[0]
