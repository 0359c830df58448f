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


def test_bare_subsidy_paid_to_program_recipients_is_a_subsidy_of_its_own():
    text = ("元旦前,全县已为困难群众发放生活补贴。其中,为城市低保对象2310人发放补贴92.4万元;"
            "农村低保对象6125人发放补贴183.75万元;特困人员840人发放补贴33.6万元。")
    got = facts_of(run(text, jurisdiction="341824"))
    assert got == {
        ("341824", "one_off_subsidy", "recipients", "person", 2310.0),
        ("341824", "one_off_subsidy", "spending", "cny", 924000.0),
        ("341824", "one_off_subsidy", "recipients", "person", 6125.0),
        ("341824", "one_off_subsidy", "spending", "cny", 1837500.0),
        ("341824", "one_off_subsidy", "recipients", "person", 840.0),
        ("341824", "one_off_subsidy", "spending", "cny", 336000.0),
    }


def test_a_programs_own_benefit_or_a_named_subsidy_is_not_the_bare_subsidy():
    text = ("城市低保对象2310人,发放资金924万元;为农村低保对象发放取暖补贴50万元;"
            "为80岁以上老人1200人发放补贴36万元。")
    got = facts_of(run(text, jurisdiction="341824"))
    assert ("341824", "dibao_urban", "recipients", "person", 2310.0) in got
    assert ("341824", "dibao_urban", "spending", "cny", 9240000.0) in got
    assert not any(f[1] == "one_off_subsidy" for f in got)


def test_amounts_glued_in_one_unit_are_garbled_mentions():
    text = "保障城市低保对象3100户5620人,月发放城市低保金236.5万元,补发差额120.4万元35.7万元。"
    ex = run(text, jurisdiction="520203")
    got = facts_of(ex)
    # different units back to back are normal (3100户5620人)
    assert ("520203", "dibao_urban", "recipients", "household", 3100.0) in got
    assert ("520203", "dibao_urban", "recipients", "person", 5620.0) in got
    assert ("520203", "dibao_urban", "spending", "cny", 2365000.0) in got
    assert not any(f[4] in (1204000.0, 357000.0) for f in got)
    assert {m.value for m in ex.mentions if m.reason == "glued_amounts"} == {1204000.0, 357000.0}


def test_parts_worded_alike_after_a_total_are_unnamed_parts():
    text = ("2023年6月全县保障城乡低保对象6200户11900人,发放低保金710万元。"
            "其中:6月份保障低保2100户3800人,发放低保金260万元;6月份保障低保4100户8100人,发放低保金450万元。")
    ex = run(text, jurisdiction="341824")
    assert facts_of(ex) == {
        ("341824", "dibao", "recipients", "household", 6200.0),
        ("341824", "dibao", "recipients", "person", 11900.0),
        ("341824", "dibao", "spending", "cny", 7100000.0),
    }
    assert len([m for m in ex.mentions if m.reason == "unnamed_part"]) == 6


def test_parts_told_apart_by_their_words_stay_facts():
    text = "全年退出低保410户655人(其中死亡退出190户260人,收入超标退出220户395人)。"
    got = facts_of(run(text, jurisdiction="341824"))
    assert {f[4] for f in got if f[2] == "exits"} == {410.0, 655.0, 190.0, 260.0, 220.0, 395.0}
    named = "城乡低保对象5000人,其中城市低保1800人,农村低保3200人。"
    assert facts_of(run(named, jurisdiction="341824")) == {
        ("341824", "dibao", "recipients", "person", 5000.0),
        ("341824", "dibao_urban", "recipients", "person", 1800.0),
        ("341824", "dibao_rural", "recipients", "person", 3200.0),
    }
