"""Classification of figures in small, made-up report snippets."""

from __future__ import annotations

import pytest

from extract_helpers import facts_of, run

HOME = "340200"  # 芜湖市 given as metadata, as a collector would


def test_compound_phrase_gives_households_persons_and_spending():
    ex = run("截至6月底,全县农村低保对象1200户2300人,发放资金450万元;城市低保对象80户120人,发放资金30万元。",
             jurisdiction="340722")
    assert facts_of(ex) == {
        ("340722", "dibao_rural", "recipients", "household", 1200),
        ("340722", "dibao_rural", "recipients", "person", 2300),
        ("340722", "dibao_rural", "spending", "cny", 4_500_000),
        ("340722", "dibao_urban", "recipients", "household", 80),
        ("340722", "dibao_urban", "recipients", "person", 120),
        ("340722", "dibao_urban", "spending", "cny", 300_000),
    }
    assert all(f.period_end.isoformat() == "2024-06-30" for f in ex.facts)


LISTS = [
    ("城乡 split by 分别", "城乡低保标准分别为每人每月900元和700元。",
     {(HOME, "dibao_urban", "standard", "cny_per_person_month", 900), (HOME, "dibao_rural", "standard", "cny_per_person_month", 700)}),
    ("two programs split by 分别", "城乡最低生活保障标准、特困人员基本生活标准分别提高到1000元/月、1300元/月。",
     {(HOME, "dibao", "standard", "cny_per_person_month", 1000), (HOME, "tekun", "standard", "cny_per_person_month", 1300)}),
    ("one value shared by two programs", "社会散居孤儿和事实无人抚养儿童基本生活保障标准每人每月1500元。",
     {(HOME, "orphan_scattered", "standard", "cny_per_person_month", 1500), (HOME, "de_facto_orphan", "standard", "cny_per_person_month", 1500)}),
    ("modifier list", "南陵县城镇、农村低保标准统一提高到700元。",
     {("340223", "dibao_urban", "standard", "cny_per_person_month", 700), ("340223", "dibao_rural", "standard", "cny_per_person_month", 700)}),
    ("a count over two programs is their parent's", "全年城乡低保和特困人员共计5000人。",
     {(HOME, "social_assistance", "recipients", "person", 5000)}),
    ("orphans with de facto orphans are orphans", "为全市300名孤儿、事实无人抚养儿童发放基本生活费200万元。",
     {(HOME, "orphan", "recipients", "person", 300), (HOME, "orphan", "spending", "cny", 2_000_000)}),
]


@pytest.mark.parametrize("name,text,expected", LISTS, ids=[c[0] for c in LISTS])
def test_lists(name, text, expected):
    assert facts_of(run(text, jurisdiction=HOME)) == expected


def test_values_distributed_over_a_list_of_places():
    text = "镜湖区、弋江区的城镇特困人员基本生活标准不低于每人每月1500元,农村特困人员基本生活标准每人每月分别为1400元、1300元。"
    got = facts_of(run(text, jurisdiction=HOME))
    assert got == {
        ("340202", "tekun_urban", "standard", "cny_per_person_month", 1500),
        ("340209", "tekun_urban", "standard", "cny_per_person_month", 1500),
        ("340202", "tekun_rural", "standard", "cny_per_person_month", 1400),
        ("340209", "tekun_rural", "standard", "cny_per_person_month", 1300),
    }


SUBJECTS = [
    ("subject carried to the next clause", "全县享有高龄津贴12000人,发放资金300万元。",
     {(HOME, "elderly_allowance", "recipients", "person", 12000), (HOME, "elderly_allowance", "spending", "cny", 3_000_000)}),
    ("program named after the head-count", "有效保障3.5万名城乡低保对象、4000名特困供养人员基本生活。",
     {(HOME, "dibao", "recipients", "person", 35000), (HOME, "tekun", "recipients", "person", 4000)}),
    ("target of 纳入", "将符合条件的500户900人纳入低保保障。",
     {(HOME, "dibao", "recipients", "household", 500), (HOME, "dibao", "recipients", "person", 900)}),
    ("payment object decides", "为符合条件的12名孤儿共发放助学金3万元。",
     {(HOME, "education_aid", "recipients", "person", 12), (HOME, "education_aid", "spending", "cny", 30000)}),
    ("topic words block", "完成困难老年人家庭适老化改造800余户。", set()),
    ("exits", "全年退出低保300户500人。",
     {(HOME, "dibao", "exits", "household", 300), (HOME, "dibao", "exits", "person", 500)}),
    ("change is not a level", "城市低保标准提高20元,达到每人每月800元。",
     {(HOME, "dibao_urban", "standard", "cny_per_person_month", 800)}),
    ("average benefit needs a period", "城市低保月人均补差达600元,临时救助人均救助水平达1500元。",
     {(HOME, "dibao_urban", "avg_benefit", "cny_per_person_month", 600)}),
    ("bare yuan standard of several thousand is yearly", "农村低保标准为5000元。",
     {(HOME, "dibao_rural", "standard", "cny_per_person_year", 5000)}),
    ("another place in the sentence", "南陵县农村低保对象3000人。",
     {("340223", "dibao_rural", "recipients", "person", 3000)}),
    ("town figures are below the catalogue", "其中清水镇2户10人,救助资金25000元。", set()),
]


@pytest.mark.parametrize("name,text,expected", SUBJECTS, ids=[c[0] for c in SUBJECTS])
def test_subjects_metrics_and_places(name, text, expected):
    assert facts_of(run(text, jurisdiction=HOME)) == expected


def test_unclassified_numbers_are_kept_as_mentions():
    ex = run("完成困难老年人家庭适老化改造800余户,建成养老服务站12个。", jurisdiction=HOME)
    assert ex.facts == []
    reasons = {m.quote: m.reason for m in ex.mentions}
    assert reasons["800余户"].startswith("other_topic")
    assert reasons["12个"] == "other_unit"


def test_no_jurisdiction_keeps_a_mention():
    ex = run("全区城乡低保对象3000人。", jurisdiction=None)
    assert ex.facts == []
    assert [m.reason for m in ex.mentions] == ["no_jurisdiction"]


def test_from_to_over_five_years():
    ex = run("十三五期间,全市低保标准从每人每月400元提高到700元。", jurisdiction=HOME)
    by_value = {f.value: (f.period_start.year, f.period_end.year) for f in ex.facts}
    assert by_value == {400: (2016, 2016), 700: (2020, 2020)}


def test_plan_section_is_target():
    text = "芜湖市民政局2024年工作总结和2025年工作计划\n一、2024年工作总结\n全市城乡低保对象8万人。\n二、2025年工作计划\n全市低保对象将保持在8万人左右。\n"
    ex = run(text, jurisdiction=None, published="2024-12-27")
    status = {(f.value, f.status) for f in ex.facts}
    assert status == {(80000, "actual"), (80000, "target")}


def test_future_raise_is_target_and_old_value_actual():
    ex = run("甘肃将把集中供养孤儿基本生活费标准由每人每月800元提高到每人每月1000元。", jurisdiction="620000")
    assert {(f.value, f.status) for f in ex.facts} == {(800, "actual"), (1000, "target")}


def test_report_period_from_title_and_relative_words():
    ex = run("去年我市累计发放救助资金12.5亿元\n来源:某某日报\n2023年,我市累计发放救助资金12.5亿元。", published="2024-03-22",
             jurisdiction="610800")
    assert [(f.program, f.period_start.year, f.period_end.year) for f in ex.facts] == [("social_assistance", 2023, 2023)]
