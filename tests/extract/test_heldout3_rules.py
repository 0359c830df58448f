"""General rules found with the third held-out corpus (tests/extract/heldout3), on fresh snippets
(places, figures and wording differ from the corpus documents)."""

from __future__ import annotations

from extract_helpers import facts_of, run


def test_dash_heading_years_date_their_section_and_a_livelihood_list_is_a_plan():
    text = ("2021年某某县政府工作报告\n——2020年工作回顾\n全年发放特困供养金3120万元。\n"
            "——2021年民生实事\n1.实施临时救助5000人次以上。\n")
    ex = run(text, jurisdiction="130681", published="2021-02-03")
    got = {(f.program, f.value, f.period_start.year, f.status) for f in ex.facts}
    assert got == {("tekun", 31200000.0, 2020, "actual"),
                   ("temporary_assistance", 5000.0, 2021, "target")}


def test_place_label_opening_a_line_places_its_figures():
    text = ("某某市2022年农村低保标准调整情况\n涿州市:农村低保标准每人每年6300元;\n"
            "涞水县:农村低保标准每人每年5900元。\n")
    got = facts_of(run(text, jurisdiction="130600", published="2022-03-01"))
    assert got == {("130681", "dibao_rural", "standard", "cny_per_person_year", 6300.0),
                   ("130623", "dibao_rural", "standard", "cny_per_person_year", 5900.0)}


def test_bracketed_money_unit_labels_the_bare_amount_after_it():
    got = facts_of(run("全年发放特困供养资金(万元):1,205.6。", jurisdiction="621121"))
    assert got == {("621121", "tekun", "spending", "cny", 12056000.0)}


def test_second_count_of_a_pair_goes_with_its_own_program():
    got = facts_of(run("其中城市特困人员85户91人、农村特困人员610户702人。", jurisdiction="621121"))
    assert got == {("621121", "tekun_urban", "recipients", "household", 85.0),
                   ("621121", "tekun_urban", "recipients", "person", 91.0),
                   ("621121", "tekun_rural", "recipients", "household", 610.0),
                   ("621121", "tekun_rural", "recipients", "person", 702.0)}


def test_added_budget_is_a_change_not_the_programs_spending():
    got = facts_of(run("全县农村低保标准每人每年5200元,预计新增财政投入3000万元。", jurisdiction="621121"))
    assert got == {("621121", "dibao_rural", "standard", "cny_per_person_year", 5200.0)}


def test_flattened_table_header_labels_the_columns_of_its_rows():
    text = ("某某县2023年社会救助情况\n附表:2023年社会救助统计\n"
            "类别\t保障户数\t保障人数\t支出(万元)\n"
            "农村低保\t4,310\t7021\t3650.5\n"
            "特困供养\t—\t1288\t1502\n"
            "注:数据截至12月底。\n")
    got = facts_of(run(text, jurisdiction="621121", published="2024-01-10"))
    assert got == {("621121", "dibao_rural", "recipients", "household", 4310.0),
                   ("621121", "dibao_rural", "recipients", "person", 7021.0),
                   ("621121", "dibao_rural", "spending", "cny", 36505000.0),
                   ("621121", "tekun", "recipients", "person", 1288.0),
                   ("621121", "tekun", "spending", "cny", 15020000.0)}


def test_table_row_whose_cells_do_not_fit_the_header_is_not_read():
    text = "项目 户数 人数 资金(万元)\n农村低保 4310 7021\n"
    assert facts_of(run(text, jurisdiction="621121")) == set()


def test_returning_home_is_no_township_and_later_spending_stays_the_programs():
    text = "全年共救助流浪乞讨人员1530人次,其中护送回乡620人次,支出救助经费97万元。"
    got = facts_of(run(text, jurisdiction="621121"))
    assert got == {("621121", "vagrant_assistance", "recipients", "person_time", 1530.0),
                   ("621121", "vagrant_assistance", "spending", "cny", 970000.0)}


def test_bracketed_restatement_of_an_amount_is_the_same_quantity():
    text = "全年发放重度残疾人护理补贴资金1583万元(1582.7万元),惠及2.6万人。"
    got = facts_of(run(text, jurisdiction="621121"))
    assert got == {("621121", "disability_care_subsidy", "spending", "cny", 15830000.0),
                   ("621121", "disability_care_subsidy", "recipients", "person", 26000.0)}


def test_qualified_part_of_a_programs_recipients_is_no_recipient_count():
    text = "全县共有农村低保对象6420人,其中高龄、重度残疾低保对象815人。"
    got = facts_of(run(text, jurisdiction="621121"))
    assert got == {("621121", "dibao_rural", "recipients", "person", 6420.0)}


def test_bare_average_of_a_wider_area_compared_with_is_no_fact():
    text = ("2019年,全县城市低保月人均补差412元,略高于全省平均水平(398元);"
            "农村低保年人均补差2960元,低于全省平均3105元。")
    got = facts_of(run(text, jurisdiction="621121", published="2020-01-15"))
    assert got == {("621121", "dibao_urban", "avg_benefit", "cny_per_person_month", 412.0),
                   ("621121", "dibao_rural", "avg_benefit", "cny_per_person_year", 2960.0)}


def test_compared_average_with_its_own_rate_is_still_the_wider_areas_standard():
    text = "2019年全县低保标准提高到每人每月610元,高于全省平均水平(每人每月575元)。"
    got = facts_of(run(text, jurisdiction="621121", published="2020-01-15"))
    assert ("621121", "dibao", "standard", "cny_per_person_month", 610.0) in got
    assert ("620000", "dibao", "standard", "cny_per_person_month", 575.0) in got
