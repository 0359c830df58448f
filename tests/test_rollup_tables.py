"""Materialized roll-ups (etl.db.marts, revision 0009) and the corrected flag per measure, on SQLite and PostgreSQL.

The marts read tables; triggers on fact and document list the city-years a
change touches in rollup_stale, and refresh_stale (etl load, etl correct, the
tests' fact builder) recomputes them. The tables must always hold what the
roll-up SELECTs compute from the facts.
"""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from etl import corrections
from etl.cli import cli
from etl.corrections import parse_assignments
from etl.db import marts, migrate
from etl.db.marts import ROLLUP_TABLES, refresh_all, refresh_city_years, refresh_stale, rollup_sql
from fact_builder import F, add_document, add_facts, persons, spending, standard, year
from review_support import WUHU, WUHU_QUOTE, clean, load, one_fact  # noqa: F401  (clean: a fixture)

pytestmark = pytest.mark.usefixtures("clean")

MARTS = {"rollup_dibao_city_year": "v_dibao_city_year", "rollup_subsidy_spending_city_year": "v_subsidy_spending_city_year"}


def rows(connection: Connection, sql: str) -> list[tuple[Any, ...]]:
    """Rows as tuples of text, sorted (date columns are dates on PostgreSQL, text on SQLite)."""
    return sorted(tuple(str(v) for v in row) for row in connection.execute(text(sql)))


def assert_tables_match_the_facts(engine: Engine) -> None:
    """Each mart shows exactly what its SELECT computes from the facts now."""
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM rollup_stale")).scalar_one() == 0
        for table, view in MARTS.items():
            computed = rows(connection, f"SELECT * FROM ({rollup_sql(table, ROLLUP_TABLES[table][1])}) r")
            assert rows(connection, f"SELECT * FROM {view}") == computed


def dibao(engine: Engine, city: str, y: int) -> dict[str, Any]:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT * FROM v_dibao_city_year WHERE city_code = :c AND year = :y"), {"c": city, "y": y}
        ).mappings().all()
    return dict(found[0]) if found else {}


def add(engine: Engine, name: str, facts: list[F], published: str | None = None) -> list[int]:
    with engine.begin() as connection:
        return add_facts(connection, add_document(connection, name, published=published), facts)


def test_incremental_refreshes_equal_a_full_rebuild(engine: Engine) -> None:
    add(engine, "wuhu.txt", [persons("340200", "dibao", 83000, *year(2024)),
                             spending("340200", "price_subsidy", 6_110_000, *year(2024))], published="2025-01-20")
    add(engine, "nanling.txt", [persons("340223", "dibao_urban", 2000, *year(2023)),
                                persons("340223", "dibao_rural", 9000, *year(2023)),
                                spending("340223", "funeral_subsidy", 120_000, *year(2023))], published="2024-01-05")
    add(engine, "tongling.txt", [persons("340722", "dibao", 16756, "2023-01-01", "2023-06-30")])
    # a later report restates Wuhu's figure: the winner changes in place
    add(engine, "wuhu_later.txt", [persons("340200", "dibao", 84000, *year(2024))], published="2025-03-01")
    assert_tables_match_the_facts(engine)
    assert dibao(engine, "340200", 2024)["persons"] == 84000
    with engine.begin() as connection:
        before = rows(connection, "SELECT * FROM v_dibao_city_year")
        refresh_all(connection)
        assert rows(connection, "SELECT * FROM v_dibao_city_year") == before


def table_rows(connection: Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {table: rows(connection, f"SELECT * FROM {table}") for table in ROLLUP_TABLES}


def several_cities_and_years(engine: Engine) -> None:
    """Facts in four cities and three years: city figures, county sums, urban + rural parts,
    a mid-year figure beaten by a year-end one, restatements, standards and subsidies."""
    for y in (2022, 2023, 2024):
        add(engine, f"wuhu_{y}.txt", [persons("340200", "dibao", 80000 + y, *year(y)),
                                      spending("340200", "price_subsidy", 6_000_000 + y, *year(y)),
                                      standard("340200", "dibao", 700 + y % 10, *year(y))], published=f"{y + 1}-01-20")
        add(engine, f"nanling_{y}.txt", [persons("340223", "dibao_urban", 2000 + y, *year(y)),
                                         persons("340223", "dibao_rural", 9000 + y, *year(y)),
                                         spending("340223", "funeral_subsidy", 120_000 + y, *year(y))])
        add(engine, f"wuwei_{y}.txt", [persons("340281", "dibao", 15000 + y, f"{y}-01-01", f"{y}-06-30"),
                                       spending("340281", "funeral_subsidy", 50_000 + y, *year(y)),
                                       standard("340281", "dibao", 650 + y % 10, *year(y))])
        add(engine, f"zongyang_{y}.txt", [persons("340722", "dibao", 16000 + y, *year(y)),
                                          persons("340722", "dibao", 15000 + y, f"{y}-01-01", f"{y}-06-30")])
        add(engine, f"dongcheng_{y}.txt", [persons("110101", "dibao", 3000 + y, *year(y))])
        add(engine, f"chuzhou_{y}.txt", [persons("341100", "dibao_urban", 20000 + y, *year(y)),
                                         persons("341100", "dibao_rural", 60000 + y, *year(y)),
                                         persons("341122", "dibao", 7000 + y, *year(y))])
    # restatements: a later report wins for Wuhu 2023, an undated one loses for Tongling 2024
    add(engine, "wuhu_2023_later.txt", [persons("340200", "dibao", 84000, *year(2023))], published="2024-06-01")
    add(engine, "zongyang_2024_undated.txt", [persons("340722", "dibao", 1, *year(2024))])


# Two years of one city, two cities of one year, county sums (340700 has only county
# figures; 340200's urban and rural parts and its funeral subsidy are its counties'),
# a 直辖市, and neighbours left out (340200 and 340700 in 2022, 110000 in 2022 and
# 2024, 341100 in every year): a filter that drops a year, a city or a county fails.
SOME_CITY_YEARS = [("340200", 2023), ("340200", 2024), ("340700", 2023), ("340700", 2024), ("110000", 2023)]


def test_refreshing_some_city_years_gives_the_rows_of_a_full_rebuild(engine: Engine) -> None:
    several_cities_and_years(engine)
    with engine.begin() as connection:
        refresh_all(connection)
        full = table_rows(connection)
        # rows the refresh must bring back, and rows beside them it must not touch
        for table in ROLLUP_TABLES:
            connection.execute(text(f"DELETE FROM {table} WHERE (city_code = '340200' AND year > 2022)"
                                    " OR (city_code = '340700' AND year IN (2023, 2024)) OR city_code = '110000'"))
        refresh_city_years(connection, SOME_CITY_YEARS + [("110000", 2022), ("110000", 2024)])
        assert table_rows(connection) == full

    with engine.begin() as connection:
        # changes in the chosen city-years only, as etl load and etl correct make them
        # (the refresh is called directly, not through rollup_stale)
        document = add_document(connection, "late.txt", published="2026-01-01")
        connection.execute(insert_fact(document, persons("340223", "dibao_urban", 2500, *year(2023))))
        connection.execute(insert_fact(document, persons("340722", "dibao", 17000, *year(2024))))
        connection.execute(insert_fact(document, spending("340281", "price_subsidy", 70_000, *year(2024))))
        connection.execute(text("UPDATE fact SET value = 3100, correction_id = 9 WHERE jurisdiction_code = '110101'"
                                " AND period_start = '2023-01-01'"))
        connection.execute(text("DELETE FROM fact WHERE jurisdiction_code = '340281' AND metric_code = 'standard'"
                                " AND period_start = '2023-01-01'"))
        refresh_city_years(connection, SOME_CITY_YEARS)
        partial = table_rows(connection)
        assert partial != full
        refresh_all(connection)
        assert partial == table_rows(connection)
        if connection.dialect.name == "sqlite":  # nothing of the refresh stays in the TEMP schema
            assert connection.execute(text("SELECT count(*) FROM sqlite_temp_master")).scalar_one() == 0
            assert connection.execute(text("SELECT count(*) FROM fact")).scalar_one() == connection.execute(
                text("SELECT count(*) FROM main.fact")).scalar_one()


def test_a_failed_sqlite_refresh_leaves_no_temp_objects(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the TEMP copies of the layers are SQLite's refresh")
    add(engine, "wuhu.txt", [persons("340200", "dibao", 83000, *year(2024))])
    monkeypatch.setattr(marts, "rollup_sql", lambda name, version: "SELECT no_such_column FROM v_city_year_best")
    with engine.connect() as connection:
        with pytest.raises(OperationalError, match="no_such_column"):
            refresh_city_years(connection, [("340200", 2024)])
        # a TEMP view `fact` left behind would hide the facts of every other city-year
        assert connection.execute(text("SELECT count(*) FROM sqlite_temp_master")).scalar_one() == 0
        assert connection.execute(text("SELECT count(*) FROM fact")).scalar_one() == 1
        connection.rollback()
    assert dibao(engine, "340200", 2024)["persons"] == 83000


def insert_fact(document: int, fact: F) -> Any:
    """A raw INSERT of one fact (what add_facts does, without its refresh)."""
    return text(
        "INSERT INTO fact (document_id, jurisdiction_code, program_code, metric_code, unit_code, value,"
        " qualifier, period_start, period_end, status, span_start, span_end, quote)"
        f" VALUES ({document}, '{fact.jurisdiction}', '{fact.program}', '{fact.metric}', '{fact.unit}', {fact.value},"
        f" 'exact', '{fact.start}', '{fact.end}', 'actual', 0, 5, 'late {fact.jurisdiction} {fact.program}')"
    )


def test_a_delete_or_a_document_change_in_sql_is_caught_by_the_triggers(engine: Engine) -> None:
    older = add(engine, "wuhu.txt", [persons("340200", "dibao", 83000, *year(2024))], published="2025-01-20")
    add(engine, "wuhu_later.txt", [persons("340200", "dibao", 84000, *year(2024))], published="2025-03-01")
    assert dibao(engine, "340200", 2024)["persons"] == 84000
    with engine.begin() as connection:
        # the older report turns out to be the later one: it wins now
        connection.execute(text("UPDATE document SET published = '2025-06-01' WHERE name = 'wuhu.txt'"))
        assert refresh_stale(connection) == 1
    assert dibao(engine, "340200", 2024)["persons"] == 83000
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM fact WHERE id = :i"), {"i": older[0]})
        refresh_stale(connection)
    assert dibao(engine, "340200", 2024)["persons"] == 84000
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM fact"))
        refresh_stale(connection)
    assert dibao(engine, "340200", 2024) == {}
    assert_tables_match_the_facts(engine)


def test_targets_and_multi_year_figures_mark_nothing(engine: Engine) -> None:
    add(engine, "plan.txt", [persons("340200", "dibao", 90000, *year(2025), status="target"),
                             persons("340200", "dibao", 70000, "2016-01-01", "2020-12-31")])
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM v_dibao_city_year")).scalar_one() == 0
        assert connection.execute(text("SELECT count(*) FROM rollup_stale")).scalar_one() == 0


def test_a_corrected_part_of_a_sum_marks_the_sum(engine: Engine) -> None:
    urban, rural = add(engine, "nanling.txt", [persons("340223", "dibao_urban", 2000, *year(2023)),
                                                persons("340223", "dibao_rural", 9000, *year(2023))])
    add(engine, "wuwei.txt", [spending("340281", "funeral_subsidy", 50_000, *year(2023))])
    row = dibao(engine, "340200", 2023)
    assert (row["persons"], row["persons_source"], row["persons_corrected"]) == (11000, "counties urban+rural", 0)
    assert row["spending_corrected"] is None  # no dibao spending: no figure, no flag
    with engine.begin() as connection:
        # what etl correct does to a fact it sets (etl.corrections.apply)
        connection.execute(text("UPDATE fact SET value = 2500, correction_id = 7 WHERE id = :i"), {"i": urban})
        refresh_stale(connection)
        subsidy = connection.execute(
            text("SELECT spending_corrected FROM v_subsidy_spending_city_year WHERE city_code = '340200'")
        ).scalar_one()
    row = dibao(engine, "340200", 2023)
    assert (row["persons"], row["persons_corrected"]) == (11500, 1)
    assert (row["persons_urban"], row["persons_urban_corrected"]) == (2500, 1)
    assert (row["persons_rural"], row["persons_rural_corrected"]) == (9000, 0)
    assert subsidy == 0


def test_etl_correct_shows_in_the_marts_and_undoing_it_clears_the_flag(engine: Engine) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    row = dibao(engine, "340200", 2024)
    assert (row["persons"], row["persons_fact_id"], row["persons_corrected"]) == (83000, fact["fact_id"], 0)
    outcome = corrections.correct_fact(engine, fact["fact_id"], parse_assignments(["value=84000"]))
    row = dibao(engine, "340200", 2024)
    assert (row["persons"], row["persons_fact_id"], row["persons_corrected"]) == (84000, outcome.fact_id, 1)
    corrections.delete_correction(engine, outcome.correction_id)
    row = dibao(engine, "340200", 2024)
    assert (row["persons"], row["persons_corrected"]) == (83000, 0)
    assert_tables_match_the_facts(engine)


def test_etl_correct_reject_removes_the_figure_from_the_mart(engine: Engine) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    corrections.reject_fact(engine, fact["fact_id"])
    assert dibao(engine, "340200", 2024).get("persons_fact_id") != fact["fact_id"]
    assert_tables_match_the_facts(engine)


def test_etl_db_refresh_rebuilds_after_a_change_no_trigger_sees(engine: Engine) -> None:
    add(engine, "wuhu.txt", [persons("340200", "dibao", 83000, *year(2024))])
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE jurisdiction SET name = '芜湖' WHERE code = '340200'"))
        assert dibao(engine, "340200", 2024)["city_name"] == "芜湖市"  # the table is not told
        url = engine.url.render_as_string(hide_password=False)
        result = CliRunner().invoke(cli, ["db", "refresh", "--db", url])
        assert result.exit_code == 0, result.output
        assert "roll-ups rebuilt" in result.output
        assert dibao(engine, "340200", 2024)["city_name"] == "芜湖"
    finally:
        migrate.sync_reference(engine)  # the seeds' name again, and the roll-ups with it
    assert dibao(engine, "340200", 2024)["city_name"] == "芜湖市"


def test_0009_upgrade_downgrade_upgrade_keeps_rows_and_figures(engine: Engine) -> None:
    add(engine, "wuhu.txt", [persons("340200", "dibao", 83000, *year(2024)),
                             spending("340200", "price_subsidy", 6_110_000, *year(2024))])
    head = dibao(engine, "340200", 2024)
    migrate.downgrade(engine, "0008")
    older = dibao(engine, "340200", 2024)
    assert older == {key: value for key, value in head.items() if not key.endswith("_corrected")}
    # facts written while the roll-ups are plain views: the upgrade fills the tables from them
    add_after = persons("340223", "dibao", 12000, *year(2023))
    with engine.begin() as connection:
        document = add_document(connection, "nanling.txt")
        connection.execute(
            text("INSERT INTO fact (document_id, jurisdiction_code, program_code, metric_code, unit_code, value,"
                 " qualifier, period_start, period_end, status, span_start, span_end, quote)"
                 " VALUES (:d, :j, :p, 'recipients', 'person', :v, 'exact', :s, :e, 'actual', 0, 5, 'quote')"),
            {"d": document, "j": add_after.jurisdiction, "p": add_after.program, "v": add_after.value,
             "s": add_after.start, "e": add_after.end},
        )
    migrate.upgrade(engine)
    assert dibao(engine, "340200", 2024) == head
    assert dibao(engine, "340200", 2023)["persons"] == 12000
    assert_tables_match_the_facts(engine)

