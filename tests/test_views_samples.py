"""Acceptance: load the five sample reports and read the roll-up views.

Needs the extractor and the loader (``etl.load.load_paths``); skipped while
``etl.load`` cannot be imported. Expected figures are read off the reports:
  * 芜湖市 2024 (000): 全市城乡低保对象8.3万人; 城乡低保标准分别为每人每月850元和830元;
    困难残疾人生活补贴4388.1万元; 重度残疾人护理补贴5014万元.
  * 铜陵市 2023 from 枞阳县 alone (001, 截至6月底): 农村低保15044人 + 城市低保1712人.
  * 重庆市 2024 from 城口县 alone (002): 4829户10661人纳入低保保障.
  * 湖州市 2024 (004): 城乡最低生活保障标准提高到1145元/月.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, text

from support import SAMPLES


def _missing_pipeline() -> str | None:
    """Why the loader or the extractor it calls cannot run yet, or None when both can."""
    try:
        from etl.load.worker import DEFAULT_EXTRACTOR, resolve_extractor
    except ImportError as exc:
        return f"etl.load is not importable yet: {exc}"
    try:
        resolve_extractor(DEFAULT_EXTRACTOR)
    except (ImportError, AttributeError) as exc:
        return f"the extractor {DEFAULT_EXTRACTOR} is not available yet: {exc}"
    return None


MISSING = _missing_pipeline()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


def one(engine: Engine, sql: str, **params: Any) -> dict[str, Any]:
    with engine.connect() as connection:
        rows = connection.execute(text(sql), params).all()
    assert len(rows) == 1, rows
    return dict(rows[0]._mapping)


def iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    from etl.load import load_paths

    summary = load_paths([SAMPLES], engine=engine, workers=1)
    assert summary.failed == 0
    return engine


DIBAO = "SELECT * FROM v_dibao_city_year WHERE city_code = :city AND year = :year"
SUBSIDY = "SELECT * FROM v_subsidy_spending_city_year WHERE city_code = :city AND year = :year AND program = :program"


def test_wuhu_2024(loaded: Engine) -> None:
    row = one(loaded, DIBAO, city="340200", year=2024)
    assert (row["persons"], row["persons_source"]) == (83000, "city")
    assert (row["standard_urban"], row["standard_rural"]) == (850, 830)
    assert row["persons_document"] == "000_686f70dac24498b1.txt"


def test_tongling_2023_from_zongyang_alone(loaded: Engine) -> None:
    row = one(loaded, DIBAO, city="340700", year=2023)
    assert (row["persons_rural"], row["persons_urban"], row["persons"]) == (15044, 1712, 16756)
    assert row["persons_source"] == "counties urban+rural"
    assert (row["persons_counties_covered"], row["counties_in_city"]) == (1, 4)
    assert iso(row["persons_as_of"]) == "2023-06-30"
    assert (row["households_rural"], row["households_urban"]) == (9847, 1222)


def test_huzhou_2024_standard(loaded: Engine) -> None:
    row = one(loaded, DIBAO, city="330500", year=2024)
    assert (row["standard"], row["standard_source"]) == (1145, "city")


def test_chongqing_2024_from_chengkou(loaded: Engine) -> None:
    row = one(loaded, DIBAO, city="500000", year=2024)
    assert (row["persons"], row["households"]) == (10661, 4829)
    assert (row["persons_source"], row["persons_counties_covered"], row["counties_in_city"]) == ("counties", 1, 38)


@pytest.mark.parametrize(
    ("program", "spending"),
    [("disability_living_subsidy", 43_881_000), ("disability_care_subsidy", 50_140_000)],
)
def test_wuhu_2024_subsidy_spending(loaded: Engine, program: str, spending: int) -> None:
    row = one(loaded, SUBSIDY, city="340200", year=2024, program=program)
    assert (row["spending"], row["spending_source"]) == (spending, "city")


def test_multi_year_figures_of_the_2020_report_stay_out(loaded: Engine) -> None:
    # 003 (芜湖 十三五): 价格补贴1.09亿元 covers 2016-2020 and must not appear in any year.
    with loaded.connect() as connection:
        values = connection.execute(
            text("SELECT spending FROM v_subsidy_spending_city_year WHERE city_code = '340200' AND program = 'price_subsidy'")
        ).scalars().all()
    assert 109_000_000 not in values


def test_wuhu_2024_figures_link_to_their_facts_and_year_start(loaded: Engine) -> None:
    row = one(loaded, DIBAO, city="340200", year=2024)
    assert iso(row["year_start"]) == "2024-01-01"
    fact = one(loaded, "SELECT value, document, quote FROM v_fact WHERE fact_id = :f", f=row["persons_fact_id"])
    assert (fact["value"], fact["document"]) == (83000, row["persons_document"])
    assert "8.3万" in fact["quote"]
    subsidy = one(loaded, SUBSIDY, city="340200", year=2024, program="disability_care_subsidy")
    assert one(loaded, "SELECT value FROM v_fact WHERE fact_id = :f", f=subsidy["spending_fact_id"])["value"] == 50_140_000
