"""Fact.to_json_line / Mention.to_json_line write exactly what json.dumps writes of to_dict()."""

from __future__ import annotations

import json
from datetime import date

import pytest

from etl.extract.model import Fact, Mention


def _fact(value: float, high: float | None, quote: str) -> Fact:
    return Fact("r\"1\".txt", "340200", "芜湖市", "dibao_urban", "standard", "CNY_per_person_month", value, high,
                "exact", date(2024, 1, 1), date(2024, 12, 31), "actual", (12, 20), quote)


@pytest.mark.parametrize("value, high", [(83000.0, None), (0.5, 1.25), (1e20, None), (2.0**53, 3.0),
                                          (12345.678, None), (float("inf"), None), (-0.0, None)])
@pytest.mark.parametrize("quote", ["城市低保标准为每人每月780元", "tab\there \"quoted\" \\ back\nline", "\u2028 \x00 é"])
def test_fact_line_is_json_dumps_of_to_dict(value: float, high: float | None, quote: str) -> None:
    fact = _fact(value, high, quote)
    assert fact.to_json_line() == json.dumps(fact.to_dict(), ensure_ascii=False) + "\n"


@pytest.mark.parametrize("value, unit", [(None, None), (3.0, "person"), (2.5, "CNY")])
def test_mention_line_is_json_dumps_of_to_dict(value: float | None, unit: str | None) -> None:
    mention = Mention("a.txt", (3, 9), "约1.2万人\"", value, unit, "no_program")
    assert mention.to_json_line() == json.dumps(mention.to_dict(), ensure_ascii=False) + "\n"
