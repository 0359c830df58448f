"""General rules found with the sixth held-out corpus (tests/extract/heldout6), on fresh snippets
(places, figures and wording differ from the corpus documents)."""

from __future__ import annotations

from extract_helpers import facts_of, run


def test_urban_three_no_persons_of_older_reports_are_urban_tekun():
    got = facts_of(run("2012年,全县城市“三无”人员118人,全年发放供养金96万元。",
                       jurisdiction="220882", published="2013-01-15"))
    assert got == {("220882", "tekun_urban", "recipients", "person", 118.0),
                   ("220882", "tekun_urban", "spending", "cny", 960000.0)}


def test_unquoted_three_no_persons_too():
    got = facts_of(run("截至年底,全市共有城市三无人员540人。", jurisdiction="220800", published="2013-01-15"))
    assert got == {("220800", "tekun_urban", "recipients", "person", 540.0)}


def test_a_document_titled_as_a_plan_is_all_targets():
    text = ("沭阳县民政局2025年民政工作要点\n\n"
            "一、兜牢民生底线。农村低保标准提高到每人每月760元,全年发放高龄津贴不少于2100万元。\n"
            "沭阳县民政局\n2025年1月20日\n")
    got = {(f.program, f.value, f.status) for f in run(text, published=None).facts}
    assert got == {("dibao_rural", 760.0, "target"), ("elderly_allowance", 21000000.0, "target")}


def test_a_title_naming_a_review_and_a_plan_keeps_the_review_actual():
    text = ("沭阳县民政局2024年工作总结和2025年工作要点\n\n"
            "一、2024年工作总结\n全县农村低保对象1.52万人。\n"
            "二、2025年工作要点\n农村低保标准提高到每人每月760元。\n"
            "沭阳县民政局\n2025年1月20日\n")
    got = {(f.program, f.metric, f.value, f.status) for f in run(text, published=None).facts}
    assert ("dibao_rural", "recipients", 15200.0, "actual") in got
    assert ("dibao_rural", "standard", 760.0, "target") in got


def test_a_row_opening_with_a_town_and_a_colon_is_below_the_county():
    text = ("2021年,全县发放低保资金5230万元。\n分乡镇情况:\n"
            "古城镇:低保资金612万元,特困供养资金205万元;\n"
            "东关街道:低保资金488万元。\n")
    got = facts_of(run(text, jurisdiction="410922", published="2022-01-18"))
    assert got == {("410922", "dibao", "spending", "cny", 52300000.0)}


def test_a_colon_after_the_word_chengzhen_is_no_town():
    ex = run("2021年低保对象情况\n城镇:低保对象1260人。\n", jurisdiction="410922", published="2022-01-18")
    assert [(f.jurisdiction_code, f.metric, f.value) for f in ex.facts] == [("410922", "recipients", 1260.0)]
