"""Period rules that are no corpus rows (``corpus/period_status.jsonl`` holds the examples):
the dates a report's web address gives."""

from __future__ import annotations

from datetime import date

from etl.extract.dates import url_date


def test_a_date_in_the_web_address():
    assert url_date("http://www.x.gov.cn/xxgk/201809/t20180925_77.html") == date(2018, 9, 25)
    assert url_date("http://www.x.gov.cn/art/2018/9/5/art_12_345.html") == date(2018, 9, 5)
    assert url_date("http://www.x.gov.cn/2018-09/25/c_11.htm") == date(2018, 9, 25)
    assert url_date("http://www.x.gov.cn/info/1024/20345.htm") is None
