"""General rules found with the second held-out corpus (tests/extract/heldout2), on fresh snippets
(places, figures and wording differ from the corpus documents)."""

from __future__ import annotations

from extract_helpers import facts_of, run


def test_year_written_in_chinese_digits_dates_the_report():
    ex = run("某某县民政局二〇一七年工作总结\n全县发放临时救助金四十二万元。\n", jurisdiction="621121", published=None)
    assert {(f.value, f.period_start.year, f.period_end.year) for f in ex.facts} == {(420000.0, 2017, 2017)}


def test_paid_benefit_with_broad_name_belongs_to_the_recipients_narrower_program():
    got = facts_of(run("全年为城市低保对象1120人发放低保金386万元。", jurisdiction="621121"))
    assert got == {("621121", "dibao_urban", "recipients", "person", 1120.0),
                   ("621121", "dibao_urban", "spending", "cny", 3860000.0)}


def test_irregular_payments_found_by_an_audit_are_not_program_figures():
    text = ("全年发放农村低保资金2150万元。审计发现,有12户家庭仍享受低保待遇,多发低保金5.6万元。"
            "已追回资金5.6万元。")
    got = facts_of(run(text, jurisdiction="621121"))
    assert got == {("621121", "dibao_rural", "spending", "cny", 21500000.0)}


def test_negated_irregularity_leaves_the_figures_alone():
    got = facts_of(run("全县退出低保对象35户,排查未发现冒领等问题。", jurisdiction="621121"))
    assert got == {("621121", "dibao", "exits", "household", 35.0)}


def test_flattened_table_row_labels_give_the_unit():
    text = "某某区2024年3月社会救助情况\n城市低保\t户数 410\t人数 733\t金额 52.1万元\n特困人员\t人数 95\t金额 10.2万元\n"
    got = facts_of(run(text, jurisdiction="450102"))
    assert got == {("450102", "dibao_urban", "recipients", "household", 410.0),
                   ("450102", "dibao_urban", "recipients", "person", 733.0),
                   ("450102", "dibao_urban", "spending", "cny", 521000.0),
                   ("450102", "tekun", "recipients", "person", 95.0),
                   ("450102", "tekun", "spending", "cny", 102000.0)}


def test_gai_shi_refers_to_the_place_named_before():
    text = "我们赴兴义市考察,该市发放临时救助资金320万元。全县发放临时救助资金88万元。"
    got = facts_of(run(text, jurisdiction="520525"))
    assert got == {("522301", "temporary_assistance", "spending", "cny", 3200000.0),
                   ("520525", "temporary_assistance", "spending", "cny", 880000.0)}


def test_amount_per_recipient_is_not_spending():
    ex = run("春节前为120名孤儿每人发放慰问金300元,全年发放孤儿基本生活费96万元。", jurisdiction="520525")
    assert all(f.value != 300 for f in ex.facts)
    assert ("520525", "orphan", "spending", "cny", 960000.0) in facts_of(ex)


def test_html_tags_in_a_text_file_do_not_hide_a_standard():
    ex = run("<p>全县农村低保标准为每月<b>455</b>元/人。</p>", jurisdiction="520525")
    assert ("520525", "dibao_rural", "standard", "cny_per_person_month", 455.0) in facts_of(ex)
    assert all(ex.text[f.span[0]:f.span[1]] == f.quote for f in ex.facts)
