"""The report's web address as a fallback for its jurisdiction (etl.extract.hosts)."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extract import MetaRecord, extract_text
from etl.extract.catalogue import vocabulary
from etl.extract.hosts import host_of, host_place, text_url_place, url_place

HOSTS = [
    ("full pinyin of a city", "www.wuhu.gov.cn", "340200"),
    ("full pinyin of a prefecture", "diqing.gov.cn", "533400"),
    ("province under a department label", "mzt.henan.gov.cn", "410000"),
    ("province spelled like a county elsewhere: the higher level", "www.xinjiang.gov.cn", "650000"),
    ("official spelling of 陕西", "www.shaanxi.gov.cn", "610000"),
    ("initials of a county", "www.tja.gov.cn", "340403"),
    ("province initials + county initials", "www.gzzs.gov.cn", "520201"),
    ("province initials + county in full", "www.sxjiaxian.gov.cn", "610828"),
    ("county label left of its city", "jiangyin.wuxi.gov.cn", "320281"),
    ("department label left of its city", "mzj.hefei.gov.cn", "340100"),
    ("pinyin with 长 read chang", "www.changsha.gov.cn", "430100"),
    # official domains (seeds/jurisdiction_domains.csv) settle spellings two prefectures share
    ("yulin.gov.cn is 玉林's domain", "www.yulin.gov.cn", "450900"),
    ("yl.gov.cn is 榆林's domain", "www.yl.gov.cn", "610800"),
    ("taizhou.gov.cn is 泰州's domain", "www.taizhou.gov.cn", "321200"),
    ("zjtz.gov.cn is 台州's domain", "mzj.zjtz.gov.cn", "331000"),
    ("suzhou.gov.cn is 苏州's domain", "suzhou.gov.cn", "320500"),
    ("fuzhou.gov.cn is 福州's domain", "www.fuzhou.gov.cn", "350100"),
    ("jxfz.gov.cn is 抚州's domain", "www.jxfz.gov.cn", "361000"),
    ("a two-letter official domain", "mzt.sc.gov.cn", "510000"),
    ("an official domain in a romanization the pinyin table lacks", "mzj.harbin.gov.cn", "230100"),
    ("a county left of a known domain", "kunshan.suzhou.gov.cn", "320583"),
    ("place + department label left of its domain is no county (蒙自 mz)", "ynmz.yn.gov.cn", "530000"),
]


@pytest.mark.parametrize("name,host,code", HOSTS, ids=[h[0] for h in HOSTS])
def test_host_names_its_place(name, host, code):
    place = host_place(vocabulary(), host)
    assert place is not None and place.code == code


NOT_PLACES = [
    ("the national portal", "www.gov.cn"),
    ("a ministry", "www.mca.gov.cn"),
    ("a news site", "hxcsw.com"),
    ("a news site named after a place", "www.wuhu.com"),
    ("two-letter initials of no known domain", "www.qz.gov.cn"),
    ("山西 and 陕西 both spelled shanxi? no: shanxi is 山西, sx alone is neither", "www.sx.gov.cn"),
    ("a full spelling shared by two counties", "www.tongshan.gov.cn"),
    ("a known domain's name under another suffix", "www.yl.gov.cn.example.com"),
    ("letters that spell no place", "www.qwxz.gov.cn"),
]


@pytest.mark.parametrize("name,host", NOT_PLACES, ids=[h[0] for h in NOT_PLACES])
def test_host_names_no_place(name, host):
    assert host_place(vocabulary(), host) is None


def test_host_of_urls():
    assert host_of("https://WWW.Tja.gov.cn:8080/public/1.html") == "www.tja.gov.cn"
    assert host_of("mzt.henan.gov.cn/2018/12-27/1.html") == "mzt.henan.gov.cn"
    assert url_place(vocabulary(), "http://www.gzzs.gov.cn/zsqmzj/202301/t1.html").code == "520201"


def test_gov_address_written_in_the_text():
    text = "网站地址: http://www.wuhu.gov.cn/xxgk/1.html\n全市低保对象1万人。"
    assert text_url_place(vocabulary(), text).code == "340200"
    two = "http://www.wuhu.gov.cn/1.html 转载自 http://www.hefei.gov.cn/2.html"
    assert text_url_place(vocabulary(), two) is None


def _extract(text: str, url: str | None) -> object:
    meta = MetaRecord(document="t.txt", url=url, published=date(2023, 1, 9), published_precision="day")
    return extract_text(text, "t.txt", meta)


def test_address_is_the_fallback_when_the_text_names_no_place():
    text = "一、低保工作\n我区纳入城乡低保1200户3100人,发放低保金260万元。"
    assert _extract(text, None).info.jurisdiction_code is None
    ex = _extract(text, "http://www.gzzs.gov.cn/zsqmzj/fdzdgknr/202301/t1.html")
    assert ex.info.jurisdiction_code == "520201"
    assert {(f.jurisdiction_code, f.program, f.value) for f in ex.facts} >= {("520201", "dibao", 1200.0),
                                                                             ("520201", "dibao", 2600000.0)}


def test_the_text_wins_over_the_address():
    # a county's site republishing its city's report: the report speaks for the city
    text = "榆林市民政局关于2020年社会救助工作的报告\n全市城乡低保对象5万人。"
    ex = _extract(text, "http://www.sxjiaxian.gov.cn/zwgk/1.html")
    assert ex.info.jurisdiction_code == "610800"


def test_local_abbreviation_in_the_title_agrees_with_the_address():
    # the vote alone would pick the city that guides the district's bureau
    text = "田区民政局2021年度资金使用情况说明\n在淮南市民政局的指导下,全区城市低保对象2000人。"
    assert _extract(text, None).info.jurisdiction_code == "340400"
    assert _extract(text, "https://www.tja.gov.cn/public/1.html").info.jurisdiction_code == "340403"
    # another place's site does not make 田区 mean anything
    assert _extract(text, "https://www.wuhu.gov.cn/public/1.html").info.jurisdiction_code == "340400"


def test_official_domain_settles_a_shared_spelling_in_extraction():
    text = "一、城乡低保\n全市共保障城市低保对象8120人,发放低保金1250万元。"
    # yulin is 玉林 and 榆林; each city's own domain names it
    assert _extract(text, "http://mzj.yulin.gov.cn/xxgk/1.shtml").info.jurisdiction_code == "450900"
    assert _extract(text, "http://www.yl.gov.cn/xxgk/1.html").info.jurisdiction_code == "610800"
    # a news site with the same letters stays no evidence
    assert _extract(text, "http://www.yulin.com.example.org/1.html").info.jurisdiction_code is None
