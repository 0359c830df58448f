"""The number grammar against its examples corpus (Duckling style).

``corpus/numbers.jsonl`` holds one example a line, grouped by form: a snippet and
what the grammar must read from it (value, value_high, qualifier, unit; or ``values``, a list of
[value, value_high, qualifier] when the snippet holds several numbers), or
``"nothing": true`` (no number is found, e.g. 一户一策), or ``"unreadable": true``
(a run of numerals before a unit that is not one number read with certainty:
no value, kept as an ``unreadable_number`` mention by the extractor).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.extract.catalogue import vocabulary
from etl.extract.normalize import normalize
from etl.extract.numbers import NumberGrammar

GRAMMAR = NumberGrammar(vocabulary())
CORPUS = [json.loads(line) for line in
          (Path(__file__).parent / "corpus" / "numbers.jsonl").read_text(encoding="utf-8").splitlines() if line]


def _scan(text: str):
    normalized = normalize(text)
    norm = normalized.text
    # as the pipeline does: what the original has at each position (a minus, or an em dash)
    found, unreadable = GRAMMAR.scan(norm, lambda p: text[normalized.to_original(p):normalized.to_original(p + 1)])
    return norm, [m for m in found if m.kind != "other"], unreadable


@pytest.mark.parametrize("case", CORPUS, ids=[c["text"] for c in CORPUS])
def test_corpus(case):
    norm, found, unreadable = _scan(case["text"])
    if case.get("nothing"):
        assert found == [] and unreadable == []
        return
    if case.get("unreadable"):
        assert found == []
        assert len(unreadable) == 1, unreadable
        return
    assert unreadable == []
    if "values" in case:
        assert [[m.value, m.value_high, m.qualifier] for m in found] == case["values"]
        return
    assert len(found) == 1, found
    m = found[0]
    assert (m.value, m.value_high, m.qualifier) == (case["value"], case["value_high"], case["qualifier"])
    if "unit" in case:
        assert m.unit == case["unit"]


def test_corpus_covers_every_form_of_the_issue():
    """Every row of the table of issue 16 is in the corpus."""
    texts = "\n".join(c["text"] for c in CORPUS)
    for phrase in ["三万五", "两千六", "一百二十万三", "壹万二千三百四十五", "1万5千", "100万三千", "2亿3千万",
                   "5000-1万", "800-1.2万", "一百二十到一百五十万", "1万-5万", "八九亿", "三四百", "数十亿",
                   "一点二亿", "三点五万", "十一十二", "十七十八", "50万元（含）以上", "壹仟贰佰", "肆佰叁拾萬",
                   "百余人", "近百人", "上千人", "3百元", "1千2百元", "一百二十萬元"]:
        assert phrase in texts, phrase
