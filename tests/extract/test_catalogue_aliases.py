"""Catalogue data for real reports: local names of places (fresh snippets)."""

from __future__ import annotations

from extract_helpers import facts_of, run


def test_an_autonomous_prefecture_is_written_with_its_stem_and_zhou():
    ex = run("2019年楚雄州城乡低保工作情况\n截至年底,全州城市低保对象1.2万人,发放低保资金8600万元。", published="2020-01-10")
    assert ex.info.jurisdiction_name == "楚雄彝族自治州"
    assert ("532300", "dibao_urban", "recipients", "person", 12000.0) in facts_of(ex)


def test_a_banners_local_short_form():
    ex = run("科左中旗及时发放救助资金。今年一季度,城镇低保对象520户、900人,累计发放资金160万元。",
             published="2023-04-10")
    assert ex.info.jurisdiction_name == "科尔沁左翼中旗"
    assert ("150521", "dibao_urban", "recipients", "person", 900.0) in facts_of(ex)


def test_local_names_of_the_old_age_allowance():
    text = ("今年全县为2100位80周岁以上老年人发放尊老金126万元;为3400名75周岁以上老人发放长寿优待金88万元;"
            "为560名百岁以下高龄老人发放老人健康补贴33.6万元。")
    got = facts_of(run(text, jurisdiction="141081"))
    assert ("141081", "elderly_allowance", "spending", "cny", 1260000.0) in got
    assert ("141081", "elderly_allowance", "recipients", "person", 2100.0) in got  # N位 counts people
    assert ("141081", "elderly_allowance", "spending", "cny", 880000.0) in got
    assert ("141081", "elderly_allowance", "spending", "cny", 336000.0) in got


def test_short_urban_and_rural_dibao_money_words():
    got = facts_of(run("上半年,全市发放城低保金3200万元,发放农低保金5100万元。", jurisdiction="431100"))
    assert ("431100", "dibao_urban", "spending", "cny", 32000000.0) in got
    assert ("431100", "dibao_rural", "spending", "cny", 51000000.0) in got


def test_diaochu_is_an_exit():
    got = facts_of(run("全年城乡低保新纳入310户420人,调出275户390人。", jurisdiction="341823"))
    assert ("341823", "dibao", "exits", "household", 275.0) in got
    assert ("341823", "dibao", "exits", "person", 390.0) in got


def test_basic_funeral_service_fees_waived_are_the_funeral_subsidy():
    got = facts_of(run("全年为困难群众310人免除基本丧葬服务费46万元。", jurisdiction="500108"))
    assert ("500108", "funeral_subsidy", "spending", "cny", 460000.0) in got


def test_pastoral_areas_are_the_rural_variant():
    text = "一季度,城镇最低生活保障对象410户、700人;牧区最低生活保障对象120户、260人,累计发放资金40.5万元。牧区特困供养12人。"
    got = facts_of(run(text, jurisdiction="152526"))
    assert ("152526", "dibao_rural", "recipients", "household", 120.0) in got
    assert ("152526", "dibao_rural", "recipients", "person", 260.0) in got
    assert ("152526", "tekun_rural", "recipients", "person", 12.0) in got


def test_institutional_orphans_under_other_names():
    got = facts_of(run("全市集中收养孤儿210名,机构孤儿基本生活费标准为每人每月1900元。", jurisdiction="540100"))
    assert ("540100", "orphan_institutional", "recipients", "person", 210.0) in got
    assert ("540100", "orphan_institutional", "standard", "cny_per_person_month", 1900.0) in got


def test_price_and_hardship_words():
    got = facts_of(run("连续3个月发放临时物价补贴860万元;共有城镇支出型贫困群众25户40人。", jurisdiction="220000"))
    assert ("220000", "price_subsidy", "spending", "cny", 8600000.0) in got
    assert ("220000", "expenditure_hardship", "recipients", "household", 25.0) in got


def test_the_level_of_aid_is_the_average_benefit_not_the_standard():
    text = "城市低保平均补助水平每人每月达452元,农村低保救助水平人均每月210元;城市低保标准为每人每月700元。"
    got = facts_of(run(text, jurisdiction="450300"))
    assert ("450300", "dibao_urban", "avg_benefit", "cny_per_person_month", 452.0) in got
    assert ("450300", "dibao_rural", "avg_benefit", "cny_per_person_month", 210.0) in got
    assert ("450300", "dibao_urban", "standard", "cny_per_person_month", 700.0) in got


def test_yishang_gaoling_is_no_place():
    # 80周岁以上高龄老人: 上高 (上高县) inside ordinary words is not a place
    ex = run("全区为8000余名80周岁以上高龄老人发放高龄津贴620万元。", jurisdiction="130207")
    assert facts_of(ex) == {("130207", "elderly_allowance", "spending", "cny", 6200000.0),
                            ("130207", "elderly_allowance", "recipients", "person", 8000.0)}


def test_a_heating_subsidy_is_no_dibao_benefit():
    got = facts_of(run("为2877户5346人发放农村低保金1597万元,发放供热补贴69万元。", jurisdiction="140121"))
    assert ("140121", "dibao_rural", "spending", "cny", 15970000.0) in got
    assert not any(v == 690000.0 for *_, v in got)


def test_an_amount_above_the_regional_average_is_a_comparison():
    ex = run("目前我市孤儿保障金高出全区平均水平60元。城市低保标准为每人每月760元。", jurisdiction="540100")
    got = facts_of(ex)
    assert ("540100", "dibao_urban", "standard", "cny_per_person_month", 760.0) in got
    assert not any(v == 60.0 for *_, v in got)


def test_raised_or_lowered_benefit_counts_are_no_caseload():
    ex = run("城乡低保动态管理中,提标57户69人,降标6户7人,全县共有低保对象3200户5100人。", jurisdiction="341823")
    assert facts_of(ex) == {("341823", "dibao", "recipients", "household", 3200.0),
                            ("341823", "dibao", "recipients", "person", 5100.0)}
    # 提标 before a standard does not hide it
    got = facts_of(run("提标后城市低保标准为每人每月700元。", jurisdiction="341823"))
    assert got == {("341823", "dibao_urban", "standard", "cny_per_person_month", 700.0)}
