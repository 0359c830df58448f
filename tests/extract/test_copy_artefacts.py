"""Whitespace copy artefacts leave the facts as they are (a metamorphic test on snippets written here).

A report copied from a web page or a PDF arrives with CRLF line ends, tabs and ideographic
spaces after punctuation, hard line breaks anywhere (also inside a number or a word) or a
space between every two Chinese characters. :mod:`etl.extract.normalize` undoes these, so
each variant of a snippet must give the facts of the snippet itself, with quotes that are
exact slices of the variant. (``bench/robustness.py`` measures the same on the dev sets.)
"""

from __future__ import annotations

import random
import re
from datetime import date
from typing import Callable

import pytest

from etl.extract import MetaRecord, extract_text
from etl.extract.normalize import normalize

REPORT = (
    "某某县民政局2024年上半年社会救助工作情况\n"
    "2024年上半年,全县共有城市低保对象1203户2135人,累计发放城市低保金856.4万元;农村低保对象"
    "5620户9874人,累计发放农村低保金2316.8\n万元。全县特困供养人员1450人,发放供养金1088.2万元。"
    "实施临时救助412人次,发放临时救助资金96.5万元。\n"
    "城乡低保标准分别提高到每人每月760元和每人每月590元。\n"
)
TABLE = (
    "某某县2024年6月社会救助情况\n"
    "| 类别 | 保障户数(户) | 保障人数(人) | 支出(万元) | 低保标准(元) |\n"
    "| 城市低保 | 1203 | 2135 | 142.7 |\n甲街道、乙街道、丙街道、丁街道每人每月760元,戊镇、己镇每人每月740元 |\n"
    "| 农村低保 | 5620 | 9874 | 386.1 |\n甲街道、乙街道、丙街道、丁街道每人每月590元,戊镇、己镇每人每月570元 |\n"
)
META = MetaRecord(document="t.txt", published=date(2024, 7, 10), jurisdiction="621121")

_GAP = re.compile(r"[ ,，。;；:：、]")
_CJK_PAIR = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff])(?=[\u3400-\u4dbf\u4e00-\u9fff])")


def crlf_tabs(text: str, rng: random.Random) -> str:
    """CRLF line ends; a tab or an ideographic space after some punctuation."""
    def gap(m: re.Match[str]) -> str:
        return m.group(0) + rng.choice(["", "", "\t", "\u3000"])
    return _GAP.sub(gap, text).replace("\n", "\r\n")


def hard_wrap(text: str, rng: random.Random) -> str:
    """A line break every 30-40 characters of a line, wherever it falls."""
    out = []
    for line in text.split("\n"):
        pieces = []
        while len(line) > 40:
            cut = rng.randint(30, 40)
            pieces.append(line[:cut])
            line = line[cut:]
        out.append("\n".join(pieces + [line]))
    return "\n".join(out)


def cjk_spaces(text: str, rng: random.Random) -> str:
    """A space between every two Chinese characters."""
    return _CJK_PAIR.sub(r"\1 ", text)


def all_three(text: str, rng: random.Random) -> str:
    return crlf_tabs(cjk_spaces(hard_wrap(text, rng), rng), rng)


ARTEFACTS: dict[str, Callable[[str, random.Random], str]] = {
    "crlf_tabs": crlf_tabs, "hard_wrap": hard_wrap, "cjk_spaces": cjk_spaces, "all_three": all_three,
}


def _facts(text: str) -> set[tuple[object, ...]]:
    ex = extract_text(text, "t.txt", META)
    for f in ex.facts:
        assert text[f.span[0]:f.span[1]] == f.quote
    return {(f.jurisdiction_code, f.program, f.metric, f.unit, f.value, f.period_start, f.period_end)
            for f in ex.facts}


@pytest.mark.parametrize("snippet", [REPORT, TABLE], ids=["report", "table"])
@pytest.mark.parametrize("name", sorted(ARTEFACTS))
def test_artefacts_keep_the_facts(name: str, snippet: str) -> None:
    expected = _facts(snippet)
    assert len(expected) >= 6
    for seed in range(40):
        variant = ARTEFACTS[name](snippet, random.Random(f"{name}:{seed}"))
        assert _facts(variant) == expected, (name, seed, variant)


def test_crlf_reads_as_lf() -> None:
    """A CRLF text normalizes to the text of its LF copy; every position maps into the CRLF text."""
    rng = random.Random(7)
    pieces = ["发放", "保障金", "1389", "万元", ",", "。", " ", "\u3000", "\t", "\r\n", "\n", "\r\n\r\n",
              "(fā)", "x" * 12, "<b>"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        lf = text.replace("\r\n", "\n")
        norm, norm_lf = normalize(text), normalize(lf)
        assert norm.text == norm_lf.text
        # the positions of the LF copy's characters in the CRLF text
        at = [i for i, ch in enumerate(text) if not (ch == "\r" and text.startswith("\n", i + 1))]
        for i in range(len(norm.text)):
            assert norm.to_original(i) == at[norm_lf.to_original(i)]
        for s in range(len(norm.text)):
            for e in range(s + 1, min(len(norm.text), s + 4) + 1):
                start, end = norm.span_to_original(s, e)
                lf_start, lf_end = norm_lf.span_to_original(s, e)
                assert (start, end) == (at[lf_start], at[lf_end - 1] + 1)


CASES = [
    ("a CRLF line end is one break", "x" * 40 + "发放保障金1389\r\n万元", "x" * 40 + "发放保障金1389万元"),
    ("a CRLF blank line still parts paragraphs", "一、总体情况\r\n\r\n二、主要做法", "一、总体情况\n\n二、主要做法"),
    ("a tab after prose punctuation is no table cell",
     "全县共有城市低保对象1203户,\t累计发放城市低保金856.4\n万元", "全县共有城市低保对象1203户,累计发放城市低保金856.4万元"),
    ("a tab after a cell parts cells: the row keeps its break",
     "城市低保\t1203\t2135\t142.7\t其中新增对象二十户共计三十五人\n农村低保\t5620",
     "城市低保1203 2135 142.7其中新增对象二十户共计三十五人\n农村低保5620"),
    ("the short rest of a wrapped line goes on",
     "a" * 35 + "\n累计保障5.911万人次,困\n难残疾人", "a" * 35 + "累计保障5.911万人次,困难残疾人"),
    ("a wrapped line may go on with a digit", "b" * 35 + "保障对象634户、\n1051人", "b" * 35 + "保障对象634户、1051人"),
    ("a wrapped line may go on with one space", "c" * 35 + "累计保障\n 6009人次", "c" * 35 + "累计保障6009人次"),
    ("a list item after a long line starts anew", "d" * 35 + "加强管理\n2.落实资金", "d" * 35 + "加强管理\n2.落实资金"),
    ("a heading after a long line starts anew", "e" * 35 + "加强管理\n(三)落实资金", "e" * 35 + "加强管理\n(三)落实资金"),
    ("an indented line after a long line starts anew", "f" * 35 + "加强管理\n  落实资金", "f" * 35 + "加强管理\n落实资金"),
    ("a one-cell '|' line keeps its break", "Number of Persons Receiving Minimum Living |\n62524 |",
     "Number of Persons Receiving Minimum Living|\n62524|"),
    ("a gloss cut by a wrap is deleted", "g" * 35 + "累計發(fā)放農(nó\nng)村低保", "g" * 35 + "累计发放农村低保"),
    ("a spaced-out title keeps its break", "低 保 工 作 情 况 通 报 第 三 期 发 布\n2024年上半年",
     "低保工作情况通报第三期发布\n2024年上半年"),
    ("a number of prose cut by a break is joined, even after a short line", "低保对象共有12\n345人。", "低保对象共有12345人。"),
    ("a table one cell a line keeps its breaks", "合计\n12\n345\n", "合计\n12\n345\n"),
]


@pytest.mark.parametrize("name,original,expected", CASES, ids=[c[0] for c in CASES])
def test_normalize_artefact(name: str, original: str, expected: str) -> None:
    assert normalize(original).text == expected


def test_a_cut_number_is_never_stored_as_its_tail() -> None:
    for text in ("2023年全县城乡低保对象共有12\n345人。", "2023年全县城乡低保对象共有12\r\n345人。"):
        ex = extract_text(text, "t.txt", META)
        assert 345 not in {f.value for f in ex.facts}
        assert 12345 in {f.value for f in ex.facts}
