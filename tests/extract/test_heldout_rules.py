"""General rules found with the held-out corpus (tests/extract/heldout), on fresh snippets."""

from __future__ import annotations

from extract_helpers import facts_of, run


def _years(ex, value):
    return {(f.period_start.year, f.period_end.year, f.status) for f in ex.facts if f.value == value}


def test_amount_per_person_time_is_no_monthly_standard():
    ex = run("全年实施临时救助5.1万人次,支出资金0.9亿元,平均救助水平1765元/人次。", jurisdiction="610100")
    assert all(f.value != 1765 for f in ex.facts)
    assert ("610100", "temporary_assistance", "spending", "cny", 90000000.0) in facts_of(ex)


def test_year_in_a_section_heading_dates_its_figures():
    text = ("某某县民政局工作总结和工作计划\n一、2022年工作回顾\n全年发放低保金3120万元。\n"
            "二、2023年工作计划\n全年计划发放临时救助金300万元。\n")
    ex = run(text, jurisdiction="411323", published="2023-01-05")
    assert _years(ex, 31200000.0) == {(2022, 2022, "actual")}
    assert _years(ex, 3000000.0) == {(2023, 2023, "target")}


def test_plan_period_since_runs_to_the_report_not_the_plan_end():
    ex = run("“十四五”以来,全县累计发放低保资金5.2亿元。", jurisdiction="411323", published="2023-08-01")
    assert _years(ex, 520000000.0) == {(2021, 2023, "actual")}


def test_time_word_of_the_old_value_does_not_date_the_new_one():
    ex = run("今年,全县农村低保标准从去年的每人每年4800元提高到5200元。", jurisdiction="411323", published="2023-08-01")
    assert _years(ex, 5200.0) == {(2023, 2023, "actual")}


def test_national_figures_are_not_facts_and_provincial_ones_go_to_the_province():
    text = "全市低保标准提高到每人每月800元,高于全省平均水平(每人每月700元),比全国平均标准(每人每月650元)高出150元。"
    got = facts_of(run(text, jurisdiction="411300"))
    assert got == {("411300", "dibao", "standard", "cny_per_person_month", 800.0),
                   ("410000", "dibao", "standard", "cny_per_person_month", 700.0)}


def test_respectively_raised_from_a_list_to_a_list():
    text = "城市、农村低保标准分别由每人每月600元、每人每月400元提高到每人每月700元、每人每月500元。"
    got = facts_of(run(text, jurisdiction="411300"))
    assert ("411300", "dibao_urban", "standard", "cny_per_person_month", 700.0) in got
    assert ("411300", "dibao_rural", "standard", "cny_per_person_month", 500.0) in got


def test_each_listed_count_takes_its_own_subject():
    got = facts_of(run("全市有孤儿312人、事实无人抚养儿童845人。", jurisdiction="411300"))
    assert got == {("411300", "orphan", "recipients", "person", 312.0),
                   ("411300", "de_facto_orphan", "recipients", "person", 845.0)}


def test_payment_after_several_counted_groups_goes_to_their_common_program():
    text = "为全县120名孤儿和340名事实无人抚养儿童发放基本生活费,全年发放560万元。"
    got = facts_of(run(text, jurisdiction="411323"))
    assert ("411323", "orphan", "spending", "cny", 5600000.0) in got
    assert all(not (p == "de_facto_orphan" and m == "spending") for _, p, m, _, _ in got)


def test_places_go_on_into_the_next_clause_of_the_same_program_family():
    text = "邓州市、西峡县城市低保标准为每人每月760元,农村低保标准为每人每月520元。"
    got = facts_of(run(text, jurisdiction="411300"))
    for code in ("411381", "411323"):
        assert (code, "dibao_urban", "standard", "cny_per_person_month", 760.0) in got
        assert (code, "dibao_rural", "standard", "cny_per_person_month", 520.0) in got


def test_modifier_without_a_variant_makes_a_part_not_the_program():
    got = facts_of(run("全县特困人员2264人,其中集中供养386人,分散供养1878人。", jurisdiction="411323"))
    assert got == {("411323", "tekun", "recipients", "person", 2264.0)}
