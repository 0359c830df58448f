"""Normalization keeps an exact map back to the original text."""

from __future__ import annotations

import pytest

from etl.extract.normalize import normalize

CASES = [
    ("全角数字", "救助１２３４人，发放资金", "救助1234人,发放资金"),
    ("line break inside a number and its unit", "x" * 40 + "发放保障金1389\n万元", "x" * 40 + "发放保障金1389万元"),
    ("line break inside a word", "y" * 40 + "保障48名孤\n儿基本", "y" * 40 + "保障48名孤儿基本"),
    ("spaces between Chinese characters", "名    称 :天津", "名称:天津"),
    ("space between a date and a time is kept", "2024-12-27 15:29", "2024-12-27 15:29"),
    ("a short title line keeps its break", "2023年工作总结\n根据通知要求", "2023年工作总结\n根据通知要求"),
    ("a break after a full stop is kept", "z" * 40 + "完成。\n二是", "z" * 40 + "完成。\n二是"),
    ("a long table row ending in numbers keeps its break",
     "城镇居民最低生活保障资金支出合计 万元 3,512.6 3,401.2 3.27\n其中:城镇低保金 万元 3,100.0",
     "城镇居民最低生活保障资金支出合计万元3,512.6 3,401.2 3.27\n其中:城镇低保金万元3,100.0"),
    ("a long row before a row of '|' cells keeps its break",
     "| 城镇居民最低生活保障资金支出合计 | 万元 | 3,512.6 |\n| 其中:城镇低保金 | 万元 | 3,100.0 |",
     "|城镇居民最低生活保障资金支出合计|万元|3,512.6|\n|其中:城镇低保金|万元|3,100.0|"),
    ("a long cell wrapped inside its '|' row is joined",
     "| 城镇低保 | 1200 | 甲街道、乙街道、丙街道、丁街道、戊街道每人每月800元、\n己镇每人每月780元 |",
     "|城镇低保|1200|甲街道、乙街道、丙街道、丁街道、戊街道每人每月800元、己镇每人每月780元|"),
]


@pytest.mark.parametrize("name,original,expected", CASES, ids=[c[0] for c in CASES])
def test_normalize(name, original, expected):
    assert normalize(original).text == expected


def test_every_normalized_character_maps_back():
    original = "a" * 35 + "发放 保障金1389\n万元，累计\u3000保障６００９人次"
    norm = normalize(original)
    for i, ch in enumerate(norm.text):
        o = norm.to_original(i)
        assert original[o].translate(str.maketrans("，６０９\u3000", ",609 ")) == ch
    s, e = norm.span_to_original(norm.text.index("1389"), norm.text.index("元") + 1)
    assert original[s:e] == "1389\n万元"
