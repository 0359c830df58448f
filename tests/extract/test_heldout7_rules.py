"""General rules found with the seventh held-out corpus (tests/extract/heldout7), on fresh snippets
(places, figures and wording differ from the corpus documents)."""

from __future__ import annotations

from extract_helpers import facts_of, run


def _years(ex):
    return {(f.program, f.metric, f.value): (f.period_start.year, f.period_end.year) for f in ex.facts}


def test_a_year_opening_a_later_paragraph_is_not_the_report_year():
    text = ("关于区政协第0311号提案的答复\n\n王明委员:\n\n"
            "目前,全区共有城市低保对象3120人。2023年1-4月,全区累计发放低保资金960万元。\n\n"
            "2022年,全区共实施临时救助2100人次。\n\n"
            "北林区民政局\n2023年5月16日\n")
    got = _years(run(text, jurisdiction="231202", published=None))
    assert got[("dibao_urban", "recipients", 3120.0)] == (2023, 2023)
    assert got[("temporary_assistance", "recipients", 2100.0)] == (2022, 2022)


def test_a_year_opening_the_first_paragraph_is_still_the_report_year():
    text = ("北林区民政局工作情况\n\n2022年,全区共有城市低保对象3120人。\n\n北林区民政局\n2023年1月16日\n")
    got = _years(run(text, jurisdiction="231202", published=None))
    assert got[("dibao_urban", "recipients", 3120.0)] == (2022, 2022)


def test_a_target_value_is_a_target_only_in_its_clause():
    text = "2023年,(一)数量指标。农村低保保障人数目标值不低于8500人,实际完成8712人;临时救助目标值600人次,实际完成655人次。"
    got = {(f.program, f.value, f.status) for f in run(text, jurisdiction="640122", published="2024-03-01").facts}
    assert got == {("dibao_rural", 8500.0, "target"), ("dibao_rural", 8712.0, "actual"),
                   ("temporary_assistance", 600.0, "target"), ("temporary_assistance", 655.0, "actual")}


def test_farming_and_pastoral_areas_pick_the_rural_variant():
    text = "2023年,全旗农村牧区低保对象4120户7630人,农村牧区特困人员580人,农村牧区低保标准为每人每年7200元。"
    got = facts_of(run(text, jurisdiction="150781", published="2024-02-01"))
    assert got == {("150781", "dibao_rural", "recipients", "household", 4120.0),
                   ("150781", "dibao_rural", "recipients", "person", 7630.0),
                   ("150781", "tekun_rural", "recipients", "person", 580.0),
                   ("150781", "dibao_rural", "standard", "cny_per_person_year", 7200.0)}


def test_the_central_transfer_for_people_in_difficulty_is_social_assistance():
    text = "现将2022年第三批中央财政困难群众救助补助资金2135万元下达给你们。"
    got = facts_of(run(text, jurisdiction="450300", published="2022-08-10"))
    assert got == {("450300", "social_assistance", "spending", "cny", 21350000.0)}


def test_a_bare_spending_verb_opening_a_sentence_spends_the_fund_of_the_sentence_before():
    text = ("2021年,上级共下达我县困难群众救助补助资金5310万元。全年实际支出5120.6万元,资金执行率96%。\n"
            "累计支出1200万元。\n")
    got = facts_of(run(text, jurisdiction="640122", published="2022-03-01"))
    assert got == {("640122", "social_assistance", "spending", "cny", 53100000.0),
                   ("640122", "social_assistance", "spending", "cny", 51206000.0)}


def test_shares_by_funding_source_are_not_program_figures():
    text = "2021年,上级共下达我县困难群众救助补助资金5310万元,其中中央资金3200万元,省级资金1800万元,固原市配套310万元。"
    got = facts_of(run(text, jurisdiction="640122", published="2022-03-01"))
    assert got == {("640122", "social_assistance", "spending", "cny", 53100000.0)}


def test_disaster_relief_and_population_are_not_assistance_figures():
    text = ("2019年,全县共发放冬春救助资金318万元,救助受灾群众9600人。"
            "全县总人口41.2万人,其中农业人口35.7万人,全县共有农村低保对象1.2万人。")
    got = facts_of(run(text, jurisdiction="630121", published="2020-01-10", title="大通县农村低保工作情况"))
    assert got == {("630121", "dibao_rural", "recipients", "person", 12000.0)}


def test_a_budget_item_heading_names_the_program_of_the_next_sentence():
    text = ("2022年度部门决算说明。\n"
            "(一)社会保障和就业支出(类)最低生活保障(款)农村最低生活保障金支出(项)。"
            "年初预算为820.00万元,支出决算为796.31万元,完成年初预算的97.11%。\n"
            "(二)社会保障和就业支出(类)临时救助(款)临时救助支出(项)。支出决算为64.20万元。\n")
    got = {(f.program, f.value, f.status) for f in run(text, jurisdiction="620200", published="2023-08-01").facts}
    assert got == {("dibao_rural", 8200000.0, "target"), ("dibao_rural", 7963100.0, "actual"),
                   ("temporary_assistance", 642000.0, "actual")}


def test_a_total_after_counts_of_several_programs_is_theirs_together():
    text = ("2020年,为386名困难残疾人发放生活补贴,为205名重度残疾人发放护理补贴,全年共计发放补贴资金41.6万元。"
            "为城市低保对象120人,为农村低保对象340人发放低保金,共发放资金56万元。")
    got = facts_of(run(text, jurisdiction="530323", published="2021-01-20"))
    assert ("530323", "disability_care_subsidy", "spending", "cny", 416000.0) not in got
    assert ("530323", "disability_living_subsidy", "spending", "cny", 416000.0) not in got
    assert ("530323", "dibao", "spending", "cny", 560000.0) in got


def test_other_assistance_at_the_tail_of_a_list_is_no_program():
    text = "2020年,全年支出城乡低保资金3120万元,孤儿基本生活费52.6万元,其他救助支出210.5万元。"
    got = facts_of(run(text, jurisdiction="640122", published="2021-03-01"))
    assert got == {("640122", "dibao", "spending", "cny", 31200000.0),
                   ("640122", "orphan", "spending", "cny", 526000.0)}


def test_a_clause_naming_only_a_place_lends_it_to_the_next_clause():
    text = "2023年,全市特困人员救助工作扎实。例如甘南县,去年为特困人员发放救助供养金1260万元。"
    got = facts_of(run(text, jurisdiction="230200", published="2024-02-01"))
    assert got == {("230225", "tekun", "spending", "cny", 12600000.0)}


def test_biru_is_a_word_for_example_not_the_county():
    text = "2023年,各县区工作扎实。比如泰来县,去年为特困人员发放救助供养金980万元。"
    got = facts_of(run(text, jurisdiction="230200", published="2024-02-01"))
    assert got == {("230224", "tekun", "spending", "cny", 9800000.0)}


def test_fenbie_takes_the_programs_of_the_earlier_clauses_of_its_sentence():
    text = "2023年,两项补贴方面,全县困难残疾人生活补贴发放对象3120人,重度残疾人护理补贴2760人,标准分别为每人每月70元和每人每月85元。"
    got = facts_of(run(text, jurisdiction="230223", published="2024-02-01"))
    assert ("230223", "disability_living_subsidy", "standard", "cny_per_person_month", 70.0) in got
    assert ("230223", "disability_care_subsidy", "standard", "cny_per_person_month", 85.0) in got


def test_a_table_flattened_one_cell_a_line_under_numbered_headings():
    text = ("2022年第4季度社会救助数据\n\n指标\n单位\n数值\n\n"
            "一、农村最低生活保障\n保障户数\n户\n8312\n保障人数\n人\n15074\n"
            "平均保障标准\n元/人·月\n610\n累计支出资金\n万元\n7730.4\n\n"
            "二、临时救助\n救助人次\n人次\n2215\n")
    got = facts_of(run(text, jurisdiction="460300", published="2023-01-20"))
    assert got == {("460300", "dibao_rural", "recipients", "household", 8312.0),
                   ("460300", "dibao_rural", "recipients", "person", 15074.0),
                   ("460300", "dibao_rural", "standard", "cny_per_person_month", 610.0),
                   ("460300", "dibao_rural", "spending", "cny", 77304000.0),
                   ("460300", "temporary_assistance", "recipients", "person_time", 2215.0)}


def test_rows_under_a_heading_that_ends_with_its_unit():
    text = ("2022年各市农村低保情况。\n\n附:部分市县农村低保平均标准(元/人·月)\n"
            "琼海市\u3000585\n文昌市\u3000570\n\n说明:数据来源于社会救助信息系统。\n")
    got = facts_of(run(text, jurisdiction="460000", published="2023-01-20"))
    assert got == {("469002", "dibao_rural", "standard", "cny_per_person_month", 585.0),
                   ("469005", "dibao_rural", "standard", "cny_per_person_month", 570.0)}


def test_an_allocation_table_flattened_one_cell_a_line_under_a_unit_line():
    text = ("关于下达2023年第一批困难群众救助补助资金的通知\n\n现将资金下达给你们。\n\n"
            "附件\n\n2023年第一批困难群众救助补助资金分配表\n\n单位:万元\n\n"
            "县(区)\n合计\n低保\n特困\n\n南丹县\n820\n600\n220\n\n天峨县\n515\n390\n125\n\n合计\n1335\n990\n345\n")
    got = facts_of(run(text, jurisdiction="451200", published="2023-03-01"))
    assert got == {
        ("451221", "social_assistance", "spending", "cny", 8200000.0),
        ("451221", "dibao", "spending", "cny", 6000000.0),
        ("451221", "tekun", "spending", "cny", 2200000.0),
        ("451222", "social_assistance", "spending", "cny", 5150000.0),
        ("451222", "dibao", "spending", "cny", 3900000.0),
        ("451222", "tekun", "spending", "cny", 1250000.0),
        ("451200", "social_assistance", "spending", "cny", 13350000.0),
        ("451200", "dibao", "spending", "cny", 9900000.0),
        ("451200", "tekun", "spending", "cny", 3450000.0),
    }
