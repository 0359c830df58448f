"""The windowed scan of references.py finds exactly what the plain pattern scan finds."""

from __future__ import annotations

import random

import pytest

from etl.extract import references

# Characters that make matches, near-misses and overlaps of the base-of-a-multiple pattern likely.
_ALPHABET = "低保标准的1.3倍%保障城市农村,按二十两的准。残疾人"


def _plain_scan(text: str) -> list[tuple[int, int]]:
    return [(m.start("ref"), m.end("ref")) for m in references._BASE.finditer(text)]


@pytest.mark.parametrize("text", [
    "集中供养标准按不低于当地低保标准的1.6倍确定",
    "按城市低保保障标准的25%发放,农村低保标准的1.2倍,特困标准的两倍",
    "标准的标准的2倍",
    "低保标准的通知,城市低保标准的2倍",
    "",
])
def test_base_spans_on_examples(text: str) -> None:
    assert references._base_spans(text) == _plain_scan(text)


def test_base_spans_on_random_text() -> None:
    rng = random.Random(20261207)
    for _ in range(20000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))
        assert references._base_spans(text) == _plain_scan(text), text
