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
