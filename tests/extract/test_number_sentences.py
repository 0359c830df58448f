"""The forms of issue 16 in report sentences, through the whole extractor: the value stored is
the value written, or nothing is stored and the number is kept as an ``unreadable_number``
mention. And a property: every fact's value re-parses from its own quote."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract import extract_text
from etl.extract.catalogue import vocabulary
from etl.extract.normalize import normalize
from etl.extract.numbers import NumberGrammar

GRAMMAR = NumberGrammar(vocabulary())
TITLE = "芜湖市民政局2024年工作总结\n"
PEOPLE = TITLE + "全市城乡低保对象{}。"
MONEY = TITLE + "全年发放城乡低保资金{}。"

# (sentence, value, value_high, qualifier); value None: no fact, an unreadable_number mention
SENTENCES = [
    (PEOPLE.format("三万五人"), 35_000, None, "exact"),
    (MONEY.format("两千六元"), 2_600, None, "exact"),
    (MONEY.format("一百二十万三元"), 1_203_000, None, "exact"),
    (MONEY.format("壹万二千三百四十五元"), 12_345, None, "exact"),
    (MONEY.format("1万5千元"), 15_000, None, "exact"),
    (MONEY.format("100万三千元"), 1_003_000, None, "exact"),
    (MONEY.format("2亿3千万元"), 230_000_000, None, "exact"),
    (MONEY.format("5000-1万元"), 5_000, 10_000, "exact"),
    (MONEY.format("800-1.2万元"), 800, 12_000, "exact"),
    (MONEY.format("一百二十到一百五十万元"), 1_200_000, 1_500_000, "exact"),
    (MONEY.format("1万-5万元"), 10_000, 50_000, "exact"),
    (MONEY.format("八九亿元"), 800_000_000, 900_000_000, "approx"),
    (PEOPLE.format("三四百人"), 300, 400, "approx"),
    (MONEY.format("数十亿元"), 2_000_000_000, 9_000_000_000, "approx"),
    (MONEY.format("十几万元"), 110_000, 190_000, "approx"),
    (MONEY.format("一点二亿元"), 120_000_000, None, "exact"),
    (PEOPLE.format("三点五万人"), 35_000, None, "exact"),
    (MONEY.format("十一十二元"), None, None, None),
    (MONEY.format("十七十八元"), None, None, None),
    (MONEY.format("50万元（含）以上"), 500_000, None, "at_least"),
    (MONEY.format("壹仟贰佰元"), 1_200, None, "exact"),
    (MONEY.format("肆佰叁拾萬元"), 4_300_000, None, "exact"),
    (PEOPLE.format("百余人"), 100, None, "at_least"),
    (PEOPLE.format("近百人"), 100, None, "approx"),
    (PEOPLE.format("上千人"), 1_000, None, "at_least"),
    (MONEY.format("3百元"), 300, None, "exact"),
    (MONEY.format("1千2百元"), 1_200, None, "exact"),
    (MONEY.format("一百二十萬元"), 1_200_000, None, "exact"),
    (PEOPLE.format("兩千人"), 2_000, None, "exact"),
    (TITLE + "全市城乡低保救助人数十万人。", None, None, None),
]


@pytest.mark.parametrize("text,value,high,qualifier", SENTENCES, ids=[s[0].split("\n")[1] for s in SENTENCES])
def test_issue_forms_in_report_sentences(text, value, high, qualifier):
    ex = extract_text(text, "t.txt")
    if value is None:
        assert ex.facts == []
        unread = [m for m in ex.mentions if m.reason == "unreadable_number"]
        assert len(unread) == 1 and unread[0].value is None
        assert ex.text[unread[0].span[0]:unread[0].span[1]] == unread[0].quote
        return
    assert [(f.jurisdiction_code, f.program, f.value, f.value_high, f.qualifier) for f in ex.facts] == [
        ("340200", "dibao", value, high, qualifier)]


def _reread(quote: str) -> tuple[float, float | None]:
    """The last number with a unit in a fact's quote (the quote ends with its number)."""
    found = [m for m in GRAMMAR.find(normalize(quote).text) if m.kind != "other"]
    assert found, quote
    return found[-1].value, found[-1].value_high


def _arabic(n: int) -> str:
    return str(n)


def _wan(n: int) -> str:
    whole, rest = divmod(n, 10_000)
    return f"{whole}万" if not rest else f"{n / 10_000:.4f}".rstrip("0") + "万"


def _chinese(n: int) -> str:
    return cn2an.an2cn(n, "low")


def _formal(n: int) -> str:
    return cn2an.an2cn(n, "up")


WRITERS = [_arabic, _wan, _chinese, _formal]


@settings(max_examples=120, deadline=None)
@given(n=st.integers(min_value=11, max_value=2_000_000_000), writer=st.sampled_from(WRITERS),
       money=st.booleans())
def test_every_number_written_is_the_value_stored_and_reparses_from_its_quote(n, writer, money):
    # (from 11: a lone 十 is a number only with a qualifier, like 百 and 千: 十余人, not 十人小组)
    written = writer(n)
    text = (MONEY if money else PEOPLE).format(written + ("元" if money else "人"))
    ex = extract_text(text, "t.txt")
    assert [f.value for f in ex.facts] == [n], (written, ex.facts, ex.mentions)
    for f in ex.facts:
        assert ex.text[f.span[0]:f.span[1]] == f.quote
        assert _reread(f.quote) == (f.value, f.value_high)


@settings(max_examples=60, deadline=None)
@given(low=st.integers(min_value=1, max_value=9_999), high_wan=st.integers(min_value=1, max_value=500))
def test_a_range_never_stores_a_low_end_above_its_high_end(low, high_wan):
    ex = extract_text(MONEY.format(f"{low}-{high_wan}万元"), "t.txt")
    for f in ex.facts:
        assert f.value_high is not None and f.value <= f.value_high
        assert f.value in (low, low * 10_000) and f.value_high == high_wan * 10_000
        assert _reread(f.quote) == (f.value, f.value_high)


NUMERAL_TEXT = st.text(alphabet="0123456789.,-~至到余多数几点零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億兩元人户约近上以(含)",
                       max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=NUMERAL_TEXT)
def test_any_run_of_numeral_characters_is_read_whole_or_kept_unread(text):
    """Whatever the characters, the grammar does not fail; every value it gives is finite, a range
    is ordered, and a number is never read from inside a run of numerals (where it starts, the
    character before it cannot continue the number)."""
    found, unreadable = GRAMMAR.scan(text)
    for m in found:
        assert m.value == m.value and abs(m.value) < float("inf")
        assert m.value_high is None or m.value <= m.value_high < float("inf")
        before = text[m.start - 1] if m.start else ""
        assert not (before.isdigit() or before == ".")
    for u in unreadable:
        assert 0 <= u.start < u.end <= len(text)
