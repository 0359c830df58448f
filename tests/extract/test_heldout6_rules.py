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
