"""The number grammar: values, multipliers, ranges, qualifiers, units, rates."""

from __future__ import annotations

import subprocess
import sys

import pytest

from etl.extract.catalogue import vocabulary
from etl.extract.normalize import normalize
from etl.extract.numbers import NumberGrammar
from etl.extract.numerals import read_numeral

GRAMMAR = NumberGrammar(vocabulary())


def find(text: str):
    return [m for m in GRAMMAR.find(normalize(text).text) if m.kind != "other"]


CASES = [
    ("对象8.3万人", 83000, None, "person", "exact", None),
    ("资金8.9亿元", 890_000_000, None, "cny", "exact", None),
    ("累计发放13962.78万元", 139_627_800, None, "cny", "exact", None),
    ("每年100-6000元不等", 100, 6000, "cny", "exact", None),
    ("送温暖3000余万元", 30_000_000, None, "cny", "at_least", None),
    ("资金15亿多元", 1_500_000_000, None, "cny", "at_least", None),
    ("残疾人76万多人", 760_000, None, "person", "at_least", None),
    ("约1000万元", 10_000_000, None, "cny", "approx", None),
    ("超1亿元", 100_000_000, None, "cny", "at_least", None),
    ("近10亿元", 1_000_000_000, None, "cny", "approx", None),
    ("不足500人", 500, None, "person", "at_most", None),
    ("共100人以上", 100, None, "person", "at_least", None),
    ("不低于每人每月1792元", 1792, None, "cny", "at_least", None),
    ("临时救助10483人次", 10483, None, "person_time", "exact", None),
    ("标准1145元/月", 1145, None, "cny", "exact", "month"),
    ("标准100元/月/人", 100, None, "cny", "exact", "month"),
    ("标准670元/月·人", 670, None, "cny", "exact", "month"),
    ("护理补贴80元/人/月人", 80, None, "cny", "exact", "month"),
    ("孤儿为1450//月", 1450, None, "cny", "exact", "month"),
    ("两万人", 20000, None, "person", "exact", None),
    ("一千二百三十四人", 1234, None, "person", "exact", None),
    ("共1,234人", 1234, None, "person", "exact", None),
    ("全市18万低收入人口", 180000, None, "person", "exact", None),
    ("发放保障金1389\n万元", 13_890_000, None, "cny", "exact", None),
    ("全年救助３０５人", 305, None, "person", "exact", None),
]


@pytest.mark.parametrize("text,value,high,unit,qualifier,per", CASES, ids=[c[0].replace("\n", "⏎") for c in CASES])
def test_number_grammar(text, value, high, unit, qualifier, per):
    found = find(text)
    assert len(found) == 1, found
    m = found[0]
    assert m.value == value
    assert m.value_high == high
    assert m.unit == unit
    assert m.qualifier == qualifier
    assert m.rate_per == per


NOT_VALUES = [
    "比十二五时分别提高了37%121%202011月",
    "2020年11月,全市",
    "201911月国务院批准",
    "同比增长51.6%",
    "第3名",
    "一户一方案",
    "十三五期间",
    "截至12月27日",
]


@pytest.mark.parametrize("text", NOT_VALUES, ids=NOT_VALUES)
def test_percentages_years_and_dates_are_not_values(text):
    assert find(text) == []


def test_garbled_percentages_do_not_glue_into_a_number():
    values = [m.value for m in GRAMMAR.find(normalize("提高了37%121%202011月,城镇低保月人均补差达645元").text)]
    assert values == [645]


@pytest.mark.parametrize("cn,value", [("两万", 20000), ("三十", 30), ("一百零五", 105), ("十二", 12), ("一亿二千万", 120_000_000),
                                      ("三万五", 35000), ("三亿五", 350_000_000), ("壹仟贰佰", 1200), ("兩千", 2000),
                                      ("1万5千", 15000), ("12.5万", 125000)])
def test_chinese_numerals(cn, value):
    read = read_numeral(cn)
    assert read is not None and read.high is None and read.low == value


@pytest.mark.parametrize("cn", ["十一十二", "一二三", "二〇二〇", "五零", "三5", "亿万", "一千零", "零五", "三五百"])
def test_strings_of_digits_are_not_numerals(cn):
    assert read_numeral(cn) is None


@pytest.mark.slow
def test_reading_chinese_numerals_imports_no_cn2an():
    """The arithmetic is our own (numeral_arith.py): a worker that reads 三万五 pays no cn2an import."""
    probe = ("import sys\nfrom etl.extract import extract_text\n"
             "ex = extract_text('芜湖市民政局2024年工作总结\\n全市城乡低保对象三万五人, 资金1万5千元。', 't.txt')\n"
             "print([f.value for f in ex.facts], 'cn2an' in sys.modules, 'proces' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[35000.0,", "15000.0]", "False", "False"]
