"""General rules found with the fourth held-out corpus (tests/extract/heldout4), on fresh snippets
(places, figures and wording differ from the corpus documents)."""

from __future__ import annotations

from extract_helpers import facts_of, run


def test_each_figure_after_its_own_nairu_target_keeps_that_program():
    got = facts_of(run("全年将符合条件的困难群众纳入特困供养41人、纳入低保395人。", jurisdiction="621121"))
    assert got == {("621121", "tekun", "recipients", "person", 41.0),
                   ("621121", "dibao", "recipients", "person", 395.0)}


def test_nairu_after_the_number_still_names_its_program():
    got = facts_of(run("全年将符合条件的523户1040人纳入低保。", jurisdiction="621121"))
    assert got == {("621121", "dibao", "recipients", "household", 523.0),
                   ("621121", "dibao", "recipients", "person", 1040.0)}
