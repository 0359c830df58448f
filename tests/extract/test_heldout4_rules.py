"""General rules found with the fourth held-out corpus (tests/extract/heldout4), on fresh snippets
(places, figures and wording differ from the corpus documents)."""

from __future__ import annotations

from datetime import date

from extract_helpers import facts_of, run


def test_each_figure_after_its_own_nairu_target_keeps_that_program():
    got = facts_of(run("全年将符合条件的困难群众纳入特困供养41人、纳入低保395人。", jurisdiction="621121"))
    assert got == {("621121", "tekun", "recipients", "person", 41.0),
                   ("621121", "dibao", "recipients", "person", 395.0)}


def test_nairu_after_the_number_still_names_its_program():
    got = facts_of(run("全年将符合条件的523户1040人纳入低保。", jurisdiction="621121"))
    assert got == {("621121", "dibao", "recipients", "household", 523.0),
                   ("621121", "dibao", "recipients", "person", 1040.0)}


def test_report_opening_with_a_year_end_is_about_that_year():
    text = ("某某州特困人员供养情况报告\n截至2020年底,全州共有特困人员9870人。\n"
            "全年发放特困人员救助供养金8650万元。\n")
    ex = run(text, jurisdiction="532900", published="2021-01-12")
    assert {(f.value, f.period_start.year, f.period_end.year) for f in ex.facts} == {
        (9870.0, 2020, 2020), (86500000.0, 2020, 2020)}


def test_notice_taking_effect_next_year_is_about_that_year():
    text = ("关于提高城乡低保标准的通知\n各县民政局:\n自2025年1月1日起,城市低保标准提高到每人每月820元。"
            "特困人员基本生活标准按低保标准的1.3倍确定,即城市特困人员每人每月1066元。\n")
    ex = run(text, jurisdiction="530400", published="2024-12-10")
    got = {(f.program, f.value, f.period_start.year, f.status) for f in ex.facts}
    assert got == {("dibao_urban", 820.0, 2025, "actual"), ("tekun_urban", 1066.0, 2025, "actual")}


def test_by_place_breakdown_takes_the_first_program_of_the_sentence_before():
    text = ("2021年全省特困人员救助供养情况\n全省共有特困人员8.1万人,其中农村特困人员7.2万人。"
            "分地区看,玉溪市6420人,大理白族自治州9310人。\n")
    got = facts_of(run(text, jurisdiction="530000", published="2022-01-20"))
    assert ("530400", "tekun", "recipients", "person", 6420.0) in got
    assert ("532900", "tekun", "recipients", "person", 9310.0) in got


def test_places_with_counts_and_no_breakdown_cue_stay_unnamed():
    text = "2021年全省民政工作情况\n全省共有特困人员8.1万人。玉溪市6420人,大理白族自治州9310人。\n"
    got = facts_of(run(text, jurisdiction="530000", published="2022-01-20"))
    assert got == {("530000", "tekun", "recipients", "person", 81000.0)}


def test_all_kinds_of_people_in_need_helped_is_the_assistance_total():
    text = "2022年某某市社会救助工作\n2022年,全市共救助各类困难群众12.4万人次,发放救助资金3.2亿元。\n"
    got = facts_of(run(text, jurisdiction="150600", published="2023-01-15"))
    assert got == {("150600", "social_assistance", "recipients", "person_time", 124000.0),
                   ("150600", "social_assistance", "spending", "cny", 320000000.0)}


def test_title_naming_a_field_besides_one_program_gives_no_program_to_bare_counts():
    text = ("某州2018年老龄和殡葬惠民工作情况\n截至年底,全州共有80周岁以上老年人3.1万人。\n"
            "全州享受老龄津贴老人2.8万人。全州惠民殡葬惠及逝者1900人。\n")
    got = facts_of(run(text, jurisdiction="652300", published="2019-01-15"))
    assert got == {("652300", "elderly_allowance", "recipients", "person", 28000.0),
                   ("652300", "funeral_subsidy", "recipients", "person", 1900.0)}


def test_old_standard_holds_until_the_change_takes_effect():
    text = ("关于调整低保标准的通知\n自2024年1月1日起,城市低保标准由每人每月700元提高到每人每月740元。"
            "自2024年7月1日起,农村低保标准由每人每年5200元提高到每人每年5600元。\n")
    ex = run(text, jurisdiction="350800", published="2023-12-20")
    got = {(f.value, f.period_start, f.period_end) for f in ex.facts}
    assert (700.0, date(2023, 1, 1), date(2023, 12, 31)) in got
    assert (5200.0, date(2024, 1, 1), date(2024, 6, 30)) in got
    assert {f.period_start.year for f in ex.facts if f.value in (740.0, 5600.0)} == {2024}


def test_sentence_opened_by_qizhong_shares_out_the_total_by_place_only():
    text = ("2021年全省低保工作情况\n全省城乡低保对象96.2万人。其中,玉溪市5.1万人,大理白族自治州8.3万人。"
            "全省发放低保金41.5亿元。其中,因病致贫12.6万人。\n")
    got = facts_of(run(text, jurisdiction="530000", published="2022-01-20"))
    assert got == {("530000", "dibao", "recipients", "person", 962000.0),
                   ("530400", "dibao", "recipients", "person", 51000.0),
                   ("532900", "dibao", "recipients", "person", 83000.0),
                   ("530000", "dibao", "spending", "cny", 4150000000.0)}


def test_per_capita_monthly_benefit_written_renjun_yue_is_an_average_benefit():
    got = facts_of(run("全县城市低保对象人均月补助水平达到436元。", jurisdiction="621121"))
    assert got == {("621121", "dibao_urban", "avg_benefit", "cny_per_person_month", 436.0)}


def test_next_year_dates_a_plan_in_the_following_year():
    text = "某某县2022年民政工作总结\n明年,将农村低保标准提高到每人每年6600元。全年发放低保金2100万元。\n"
    ex = run(text, jurisdiction="621121", published="2022-12-20")
    got = {(f.value, f.period_start.year, f.status) for f in ex.facts}
    assert got == {(6600.0, 2023, "target"), (21000000.0, 2022, "actual")}


def test_a_fall_from_last_year_dates_only_the_old_figure():
    text = "某某县2021年民政工作总结\n全县农村低保对象由上年的8420人减少到7960人。\n"
    ex = run(text, jurisdiction="621121", published="2021-12-28")
    assert {(f.value, f.period_start.year) for f in ex.facts} == {(8420.0, 2020), (7960.0, 2021)}


def test_a_date_only_in_the_web_address_dates_the_report():
    from etl.extract import MetaRecord, extract_text
    from etl.extract.document import url_date

    assert url_date("http://www.x.gov.cn/xxgk/201809/t20180925_77.html") == date(2018, 9, 25)
    assert url_date("http://www.x.gov.cn/art/2018/9/5/art_12_345.html") == date(2018, 9, 5)
    assert url_date("http://www.x.gov.cn/2018-09/25/c_11.htm") == date(2018, 9, 25)
    assert url_date("http://www.x.gov.cn/info/1024/20345.htm") is None
    ex = extract_text("常德市儿童福利工作扎实推进\n目前全市共有孤儿512名。\n", "t.txt",
                      MetaRecord(document="t.txt", url="http://www.changde.gov.cn/zwgk/201809/t20180925_77.html"))
    assert {(f.program, f.value, f.period_start.year) for f in ex.facts} == {("orphan", 512.0, 2018)}


def test_place_figure_pairs_in_one_clause_are_each_places_own():
    text = "全州共有特困人员1.31万人,其中祥云县1480人、弥渡县1210人。\n"
    got = facts_of(run(text, jurisdiction="532900", published="2019-01-15"))
    assert got == {("532900", "tekun", "recipients", "person", 13100.0),
                   ("532923", "tekun", "recipients", "person", 1480.0),
                   ("532925", "tekun", "recipients", "person", 1210.0)}


def test_place_of_a_clause_without_figure_is_the_next_wei_clauses():
    text = ("2018年全州民政工作情况\n全州城乡低保对象9.8万人。从各县市看,祥云县最多,为1.4万人;弥渡县最少,为0.5万人。\n")
    got = facts_of(run(text, jurisdiction="532900", published="2019-01-15"))
    assert got == {("532900", "dibao", "recipients", "person", 98000.0),
                   ("532923", "dibao", "recipients", "person", 14000.0),
                   ("532925", "dibao", "recipients", "person", 5000.0)}
