"""General rules added for unseen reports: town clauses, glued amounts, one-off subsidy items."""

from __future__ import annotations

from extract_helpers import facts_of, run


def test_town_items_after_a_semicolon_stay_below_the_county():
    text = "本月实施临时救助30户81人,发放救助资金16.4万元。其中青山镇3户9人,救助资金12000元;白石乡2户4人,救助资金6500元;东门街道1户2人,救助资金3000元。"
    ex = run(text, jurisdiction="520201")
    assert facts_of(ex) == {
        ("520201", "temporary_assistance", "recipients", "household", 30.0),
        ("520201", "temporary_assistance", "recipients", "person", 81.0),
        ("520201", "temporary_assistance", "spending", "cny", 164000.0),
    }
    assert {m.reason for m in ex.mentions} == {"sub_county_place"}


def test_urban_and_rural_words_are_no_town_names():
    ex = run("全市城乡特困对象10155人,城镇低保月人均补差达645元。", jurisdiction="421200")
    assert ("421200", "tekun", "recipients", "person", 10155.0) in facts_of(ex)
    assert ("421200", "dibao_urban", "avg_benefit", "cny_per_person_month", 645.0) in facts_of(ex)
