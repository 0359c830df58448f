"""Web copies of a report give the facts of the clean report (snippets written here).

Reports are read from mirror sites and pasted pages: in the characters of the Taiwan or Hong
Kong standard (with the words of a Taiwan converter: 物件 for 对象), with invisible
characters inside words and numbers, HTML entities (&nbsp;, &amp;nbsp;), a half-width '.'
for 。, and markdown or list markers. Each variant must give the facts of the clean snippet,
with quotes that are exact slices of the variant as read. (``bench/robustness.py`` measures
the same on the dev sets.)
"""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract import MetaRecord, extract_text
from etl.extract.normalize import normalize

META = MetaRecord(document="t.txt", published=date(2024, 1, 20), jurisdiction="621121")

CLEAN = (
    "某某县民政局2023年社会救助工作总结\n"
    "2023年，全县共有城乡低保对象3250户5870人，全年发放低保资金2740.6万元。\n"
    "全县共有低保边缘对象860户1520人。全县共有孤儿42人、事实无人抚养儿童87人、艾滋病感染儿童3人，"
    "发放基本生活费186.2万元。\n"
    "城乡低保标准分别提高到每人每月770元和每人每月585元。\n"
    "下一步，全县拟将城市低保标准提高到每人每月800元。全县实施临时救助412人次，发放临时救助资金96.5万元。\n"
)

# CLEAN as a Taiwan-standard converter (OpenCC s2twp) writes it: 物件 for 对象, 愛滋病 for 艾滋病.
TAIWAN = (
    "某某縣民政局2023年社會救助工作總結\n"
    "2023年，全縣共有城鄉低保物件3250戶5870人，全年發放低保資金2740.6萬元。\n"
    "全縣共有低保邊緣物件860戶1520人。全縣共有孤兒42人、事實無人撫養兒童87人、愛滋病感染兒童3人，"
    "發放基本生活費186.2萬元。\n"
    "城鄉低保標準分別提高到每人每月770元和每人每月585元。\n"
    "下一步，全縣擬將城市低保標準提高到每人每月800元。全縣實施臨時救助412人次，發放臨時救助資金96.5萬元。\n"
)


def _facts(text: str, meta: MetaRecord | None = META) -> set[tuple[object, ...]]:
    """The facts of ``text``, after checking that every quote is a slice of ``text`` itself."""
    ex = extract_text(text, "t.txt", meta)
    for f in ex.facts:
        assert text[f.span[0]:f.span[1]] == f.quote
    return {(f.jurisdiction_code, f.program, f.metric, f.unit, f.value, f.period_start, f.status)
            for f in ex.facts}


@pytest.fixture(scope="module")
def clean() -> set[tuple[object, ...]]:
    facts = _facts(CLEAN)
    values = {(f[1], f[2], f[3], f[4]) for f in facts}
    # the clean snippet itself is read: the marginal program, no fact about the children with HIV
    assert ("dibao_marginal", "recipients", "household", 860.0) in values
    assert ("de_facto_orphan", "recipients", "person", 87.0) in values
    assert not any(f[4] == 3.0 for f in facts)
    # the plan (拟) is the 800 元 standard's only: the assistance after its full stop happened
    assert {f[6] for f in facts if f[1] == "temporary_assistance"} == {"actual"}
    return facts


def test_taiwan_words_are_read_as_the_mainland_ones(clean: set[tuple[object, ...]]) -> None:
    assert _facts(TAIWAN) == clean
    ex = extract_text(TAIWAN, "t.txt", META)
    marginal = [f for f in ex.facts if f.program == "dibao_marginal"]
    assert marginal and all("邊緣物件" in f.quote for f in marginal)  # the original's characters


def test_hong_kong_variant_characters_name_the_place() -> None:
    # 衞 is the Hong Kong form of 衛 (simplified 卫): 中衞市 is 中卫市
    text = "中衞市民政局2023年社會救助工作總結\n2023年，全市共有城鄉低保對象3250戶5870人，全年發放低保資金2740.6萬元。\n"
    ex = extract_text(text, "t.txt")
    assert ex.info.jurisdiction_name == "中卫市"
    assert {(f.jurisdiction_code, f.value) for f in ex.facts} == {
        ("640500", 3250.0), ("640500", 5870.0), ("640500", 27406000.0)}
    for f in ex.facts:
        assert text[f.span[0]:f.span[1]] == f.quote


def test_invisible_characters_inside_numbers_and_words(clean: set[tuple[object, ...]]) -> None:
    # a zero-width space, a soft hyphen, a word joiner and a BOM inside numbers and words
    text = (CLEAN.replace("3250户", "32\u200b50户").replace("2740.6", "27\xad40.6")
            .replace("低保边缘", "低\u2060保边缘").replace("艾滋病", "艾\ufeff滋病"))
    assert _facts(text) == clean
    ex = extract_text(text, "t.txt", META)
    assert any(f.quote.endswith("27\xad40.6万元") and f.value == 27406000.0 for f in ex.facts)


def test_space_entities_are_spaces(clean: set[tuple[object, ...]]) -> None:
    # indented paragraphs, entities after punctuation, twice escaped, and a missing ';'
    text = (CLEAN.replace("2023年，", "&nbsp;&nbsp;&nbsp;&nbsp;2023年，&nbsp;", 1)
            .replace("。\n全县", "。&amp;nbsp;\n&#160;&#160;全县").replace("、事实", "、&nbsp事实"))
    assert _facts(text) == clean
    # a space entity parts like a space: the date and the time of a publication line stay apart
    norm = normalize("发布时间：2024-01-20&nbsp;09:30\n")
    assert "2024-01-20 09:30" in norm.text


def test_spaces_after_a_full_stop_keep_the_line_break() -> None:
    text = "全年发放城市低保资金856.4万元，惠及城市低保对象2135人，较上年有所增加。\xa0 \n城乡低保标准分别提高到每人每月760元。\n"
    assert "增加。\n城乡" in normalize(text).text


def test_a_half_width_full_stop_ends_a_sentence(clean: set[tuple[object, ...]]) -> None:
    half = CLEAN.replace("。", ".").replace("，", ",")
    assert _facts(half) == clean
    norm = normalize(half).text
    assert "万元。\n" in norm and "2740.6" in norm
    # a decimal point, a list number, a web address and the dot of a rate stay what they are
    kept = normalize("1.加强管理,见www.mca.gov.cn,标准为每月770元/人.月,增长3.5%.下一步").text
    assert kept == "1.加强管理,见www.mca.gov.cn,标准为每月770元/人.月,增长3.5%。下一步"


def test_markdown_and_bullets(clean: set[tuple[object, ...]]) -> None:
    text = (CLEAN.replace("3250户5870人", "**3250户**5870人").replace("2740.6万元", "**2740.6万元**")
            .replace("全县共有低保边缘", "• 全县共有低保边缘").replace("城乡低保标准", "## 城乡低保标准"))
    assert _facts(text) == clean
    norm = normalize(text).text
    assert "**" not in norm and "•" not in norm and "#" not in norm
    # a bulleted line starts anew after a long line that ends in no punctuation
    listed = normalize("2023年全县社会救助工作主要有以下几个方面的内容和重点\n· 城市低保对象2135人\n").text
    assert "重点\n城市低保" in listed


def test_html_source_pasted_as_text(clean: set[tuple[object, ...]]) -> None:
    # paragraphs in <p>, a <br> between two sentences of one line, figures in <span>/<strong>
    lines = CLEAN.rstrip("\n").split("\n")
    body = ['<p style="text-indent: 2em;">' + line + "</p>" for line in lines[1:]]
    text = (lines[0] + "\n" + body[0] + "<br/>" + body[1] + "\n" + "\n".join(body[2:]) + "\n")
    text = text.replace("3250户", "<span style=\"color:#333\">3250</span>户").replace("770元", "<strong>770元</strong>")
    assert _facts(text) == clean
    # a block tag inside a line of text is a line break; at a line's ends it is nothing
    norm = normalize('<p>全县发放城市低保金<span>856.4</span>万元。<br>全县特困供养人员1450人。</p>').text
    assert norm == "全县发放城市低保金856.4万元。\n全县特困供养人员1450人。"


def test_look_alike_punctuation() -> None:
    norm = normalize("1\u20105月发放,标准\u2236每人每月770元/人\u2022月,农村1\u22123月").text
    assert norm == "1-5月发放,标准:每人每月770元/人·月,农村1-3月"
    ex = extract_text("某某县2023年低保标准为每月770元/人\u2022月。", "t.txt", META)
    assert [f.quote for f in ex.facts if f.value == 770.0] == ["某某县2023年低保标准为每月770元/人\u2022月"]


def test_a_glossed_title_stays_a_title() -> None:
    # mirror sites put pinyin after some characters: the glosses do not make a headline long
    # (joined to the body it is no title, and the body's first sentence is read as its rest)
    text = ("某縣困難(nán)群眾(zhòng)生活補(bǔ)貼標(biāo)準(zhǔn)再提高\n"
            "2023年，全縣共有城鄉(xiāng)低保對象3250戶5870人，全年發(fā)放低保資金2740.6萬元。\n")
    ex = extract_text(text, "t.txt", META)
    assert ex.info.title == "某县困难群众生活补贴标准再提高"
    assert {f.value for f in ex.facts} == {3250.0, 5870.0, 27406000.0}


def test_a_repost_keeps_its_field_lines_apart() -> None:
    # a repost: the original title and the source above the body, the editor below it
    title = "某某县民政局关于2023年下半年城乡低保资金发放情况的公示"
    body = "2023年下半年，全县共有城乡低保对象3250户5870人，发放低保资金1370.3万元。\n"
    clean = _facts(title + "\n" + body)
    assert {f[4] for f in clean} == {3250.0, 5870.0, 13703000.0}
    text = f"原标题：{title}\n来源：某某日报\n{title}\n{body}（责任编辑：李四）\n"
    assert _facts(text) == clean
    assert extract_text(text, "t.txt", META).info.title == title
    norm = normalize(f"原标题：{title}\n来源：县民政局\n").text
    assert norm == f"原标题:{title}\n来源:县民政局\n"


def test_a_formal_numeral_in_traditional_characters_keeps_its_three() -> None:
    """參仟 simplifies to 参仟 (参 as in 参加), which is still 3,000 in a formal numeral."""
    text = "2023年,全市城鄉低保對象貳萬參仟人。"
    facts = extract_text(text, "t.txt", META).facts
    assert [(f.program, f.value) for f in facts] == [("dibao", 23000)]
    assert all(text[f.span[0]:f.span[1]] == f.quote for f in facts)
