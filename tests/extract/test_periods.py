"""Period expressions resolved against the report's time."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract.catalogue import vocabulary
from etl.extract.periods import PeriodGrammar, ReportTime

G = PeriodGrammar(vocabulary().plan_periods)
YEAR_2023 = ReportTime(date(2023, 1, 1), date(2023, 12, 31), date(2024, 3, 22))
H1_2023 = ReportTime(date(2023, 1, 1), date(2023, 6, 30), None)
FIVE_YEARS = ReportTime(date(2016, 1, 1), date(2020, 12, 31), date(2020, 12, 25))

CASES = [
    ("截至6月底", H1_2023, (date(2023, 1, 1), date(2023, 6, 30))),
    ("上半年", YEAR_2023, (date(2023, 1, 1), date(2023, 6, 30))),
    ("2019年下半年", YEAR_2023, (date(2019, 7, 1), date(2019, 12, 31))),
    ("1-12月", YEAR_2023, (date(2023, 1, 1), date(2023, 12, 31))),
    ("今年1~11月份", YEAR_2023, (date(2023, 1, 1), date(2023, 11, 30))),
    ("截至11月", YEAR_2023, (date(2023, 1, 1), date(2023, 11, 30))),
    ("截至2019年12月", YEAR_2023, (date(2019, 1, 1), date(2019, 12, 31))),
    ("2020年11月", FIVE_YEARS, (date(2020, 11, 1), date(2020, 11, 30))),
    ("202011月", FIVE_YEARS, (date(2020, 11, 1), date(2020, 11, 30))),
    ("十三五期间", YEAR_2023, (date(2016, 1, 1), date(2020, 12, 31))),
    ("“十三五”以来", YEAR_2023, (date(2016, 1, 1), date(2020, 12, 31))),
    ("2017年以来", FIVE_YEARS, (date(2017, 1, 1), date(2020, 12, 31))),
    ("自2018年政策实施以来", FIVE_YEARS, (date(2018, 1, 1), date(2020, 12, 31))),
    ("去年", YEAR_2023, (date(2023, 1, 1), date(2023, 12, 31))),
    ("今年", YEAR_2023, (date(2024, 1, 1), date(2024, 12, 31))),
    ("全年", YEAR_2023, (date(2023, 1, 1), date(2023, 12, 31))),
    ("目前", FIVE_YEARS, (date(2020, 1, 1), date(2020, 12, 31))),
    ("12月份", YEAR_2023, (date(2023, 12, 1), date(2023, 12, 31))),
    ("2018年", YEAR_2023, (date(2018, 1, 1), date(2018, 12, 31))),
]


@pytest.mark.parametrize("text,rt,expected", CASES, ids=[c[0] for c in CASES])
def test_period_cues(text, rt, expected):
    cues = G.find(text, 0, len(text))
    assert cues, text
    assert G.resolve(cues[0], rt) == expected


@pytest.mark.parametrize("text", ["比2017年底分别提高184元", "较2015年减少26万人", "比十二五时分别提高了43%", "相较2015年集中"],
                         ids=["比2017年底", "较2015年", "比十二五时", "相较2015年"])
def test_comparison_dates_are_ignored(text):
    assert G.find(text, 0, len(text)) == []
