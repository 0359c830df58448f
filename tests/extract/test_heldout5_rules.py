"""General rules found with the fifth held-out corpus (tests/extract/heldout5), on fresh snippets
(places, figures and wording differ from the corpus documents)."""

from __future__ import annotations

from extract_helpers import facts_of, run


def test_yearly_average_in_wan_yuan_is_an_average_benefit_not_spending():
    got = facts_of(run("2016年,全县农村特困人员2130人,全年发放供养金2343万元,人均年补助1.1万元。",
                       jurisdiction="360722", published="2017-01-10"))
    assert got == {("360722", "tekun_rural", "recipients", "person", 2130.0),
                   ("360722", "tekun_rural", "spending", "cny", 23430000.0),
                   ("360722", "tekun_rural", "avg_benefit", "cny_per_person_year", 11000.0)}


def test_year_first_average_word_also_marks_a_wan_yuan_average():
    got = facts_of(run("全县散居孤儿年人均救助0.9万元。", jurisdiction="360722", published="2017-01-10"))
    assert got == {("360722", "orphan_scattered", "avg_benefit", "cny_per_person_year", 9000.0)}


def test_average_word_not_next_to_the_wan_yuan_total_leaves_it_spending():
    got = facts_of(run("全县发放孤儿人均补助资金合计1.2万元。", jurisdiction="360722", published="2017-01-10"))
    assert {(m, u) for (_, _, m, u, _) in got} <= {("spending", "cny")}


def test_lone_qian_or_wan_with_a_qualifier_is_a_number():
    got = {(f.program, f.unit, f.value, f.qualifier) for f in run(
        "2019年,全省保障事实无人抚养儿童万余人,散居孤儿近千名。", jurisdiction="450000", published="2020-01-08").facts}
    assert got == {("de_facto_orphan", "person", 10000.0, "at_least"),
                   ("orphan_scattered", "person", 1000.0, "approx")}


def test_lone_qian_or_wan_without_a_qualifier_is_a_word():
    ex = run("全县组织千人志愿服务活动,开展万人走访。", jurisdiction="450000", published="2020-01-08")
    assert ex.facts == []


def test_worked_example_amounts_are_not_facts():
    text = ("农村低保标准为每人每年6000元。假设一户两口人年收入合计4000元,则全年可领取低保金8000元。"
            "全县共有农村低保对象3120人。")
    got = facts_of(run(text, jurisdiction="141023", published="2022-09-01"))
    assert got == {("141023", "dibao_rural", "standard", "cny_per_person_year", 6000.0),
                   ("141023", "dibao_rural", "recipients", "person", 3120.0)}
    reasons = {m.value: m.reason for m in run(text, jurisdiction="141023", published="2022-09-01").mentions}
    assert reasons[8000.0] == "worked_example"
