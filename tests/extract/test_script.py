"""Traditional characters and pinyin glosses: converted in the normalize stage, spans into the original."""

from __future__ import annotations

from etl.extract import extract_text
from etl.extract.normalize import normalize
from etl.extract.script import gloss_spans, is_traditional, simplified_copy, to_simplified

from extract_helpers import run

SIMPLIFIED = (
    "青川县民政局2023年工作总结\n"
    "2023年,全县城乡低保对象共3120户5480人,累计发放低保资金2650万元;农村特困人员供养1230人,"
    "发放供养金1380万元。城市低保标准由每人每月680元提高到720元,惠及困难群众的范围进一步扩大。"
)
TRADITIONAL = (
    "青川縣民政局2023年工作總結\n"
    "2023年,全縣城鄉低保對象共3120戶5480人,累計發放低保資金2650萬元;農村特困人員供養1230人,"
    "發放供養金1380萬元。城市低保標準由每人每月680元提高到720元,惠及困難羣衆的範圍進一步擴大。"
)
# The same report as mirror sites serve it: pinyin after some characters, full-width brackets too.
GLOSSED = (
    "青川縣民政局2023年工作總結\n"
    "2023年,全縣城鄉(xiāng)低保對象共3120戶5480人,累計發(fā)放低保資金2650萬元;農(nóng)村特困人員供養（yǎng）1230人,"
    "發(fā)放供養(yǎng)金1380萬元。城市低保標(biāo)準(zhǔn)由每人每月680元提高到720元,惠及困難羣衆的範圍進一步擴大。"
)


def _facts(text: str) -> set[tuple]:
    ex = extract_text(text, "t.txt")
    return {(f.jurisdiction_code, f.program, f.metric, f.unit, f.value, f.period_start, f.status)
            for f in ex.facts}


def test_a_traditional_report_gives_the_facts_of_its_simplified_twin():
    expected = _facts(SIMPLIFIED)
    assert len(expected) >= 6  # the twin itself is read: households, persons, spending, standards
    assert ("510822", "dibao", "recipients", "household", 3120.0) in {f[:5] for f in expected}
    assert _facts(TRADITIONAL) == expected
    assert _facts(GLOSSED) == expected


def test_quotes_and_spans_point_into_the_original_traditional_text():
    for text in (TRADITIONAL, GLOSSED):
        ex = extract_text(text, "t.txt")
        assert ex.facts
        for f in ex.facts:
            assert text[f.span[0]:f.span[1]] == f.quote
        quotes = " ".join(f.quote for f in ex.facts)
        assert "萬元" in quotes  # the original characters, not the converted ones
    glossed = extract_text(GLOSSED, "t.txt")
    assert any("發(fā)放" in f.quote for f in glossed.facts)


def test_the_document_context_sees_the_simplified_text():
    ex = extract_text(GLOSSED, "t.txt")
    assert ex.info.jurisdiction_name == "青川县"  # 青川縣 in the title, looked up as 青川县
    assert ex.info.title == "青川县民政局2023年工作总结"
    assert str(ex.info.period_start) == "2023-01-01"


def test_normalized_text_is_simplified_without_glosses_and_maps_back():
    norm = normalize(GLOSSED)
    assert "(xiāng)" not in norm.text and "發" not in norm.text
    assert "城乡低保对象共3120户5480人" in norm.text
    i = norm.text.index("发放低保资金")
    s, e = norm.span_to_original(i, i + len("发放低保资金"))
    assert GLOSSED[s:e] == "發(fā)放低保資金"


def test_glosses_need_a_tone_mark_and_a_chinese_character_before():
    text = "发(fā)放 标准(试行) 城市(2021) 区(de) x(qū)"
    assert [text[s:e] for s, e in gloss_spans(text)] == ["(fā)"]


def test_a_simplified_report_is_left_as_it_is():
    # 乾 is also the traditional form of 干; in a simplified report it names 乾县 and must stay.
    text = "乾县民政局2022年工作总结\n2022年,全县城乡低保对象1850人,发放低保资金960万元。"
    assert not is_traditional(text)
    assert normalize(text).text == text
    ex = run(text, published=None)
    assert {f.jurisdiction_name for f in ex.facts} == {"乾县"}


def test_phrases_are_converted_as_phrases_and_lengths_are_kept():
    assert to_simplified("乾淨的乾隆年間") == "干净的乾隆年间"
    assert len(to_simplified(TRADITIONAL)) == len(TRADITIONAL)


def test_a_traditional_title_given_with_the_file_is_simplified():
    assert simplified_copy("青川縣民政局2023年工作總結") == "青川县民政局2023年工作总结"
    assert simplified_copy("鄉(xiāng)村振興") == "乡村振兴"


def test_place_names_the_converter_would_change_are_kept():
    # OpenCC turns 乾 into 干 outside known phrases; 乾縣 is 乾县, not 干县, and 乾淨 is still 干净.
    assert to_simplified("陝西省乾縣民政局發放資金") == "陕西省乾县民政局发放资金"
    assert to_simplified("乾淨的環境") == "干净的环境"
    text = "乾縣民政局2022年工作總結\n2022年,全縣城鄉低保對象1850人,發放低保資金960萬元。"
    ex = run(text, published=None)
    assert {f.jurisdiction_name for f in ex.facts} == {"乾县"}
