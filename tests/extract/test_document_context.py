"""Document context on real pages: title, publisher, dates, jurisdiction evidence weighed (fresh snippets)."""

from __future__ import annotations

from datetime import date

from etl.extract import MetaRecord, extract_text
from etl.extract.document import find_title

from extract_helpers import run


def _info(text: str, url: str | None = None, published: date | None = None):
    meta = MetaRecord(document="t.txt", url=url, published=published) if (url or published) else None
    return extract_text(text, "t.txt", meta)


# --- titles ------------------------------------------------------------------------------

def test_a_breadcrumb_line_is_no_title():
    text = "当前位置: 首页 > 政务动态 > 正文\n\n宜宾市提高城乡低保标准\n\n近日,全市城乡低保标准提高到每人每月700元。"
    assert find_title(text)[0] == "宜宾市提高城乡低保标准"


def test_a_site_name_or_a_code_line_is_no_title():
    text = "新华网\n01-2234-5567/2019\n金华市为困难群众发放一次性生活补贴\n全市发放补贴560万元。"
    assert find_title(text)[0] == "金华市为困难群众发放一次性生活补贴"


def test_a_bulleted_field_list_gives_the_date_and_the_title_after_it():
    text = ("    • 索引号\n    • 11223344-5-66/2019-0301\n    • 发布日期\n    • 2019-03-05\n"
            "    曲靖市民政局2019年2月城乡低保运行情况\n\n全市城市低保对象12000户20000人。")
    ex = _info(text)
    assert ex.info.published == date(2019, 3, 5)
    assert ex.info.title == "曲靖市民政局2019年2月城乡低保运行情况"


def test_an_addressee_line_and_a_cited_document_are_no_title():
    text = ("各县(区)人民政府,市直各部门:\n根据《江苏省人民政府关于加强社会救助工作的通知》要求,结合我市实际,"
            "市政府决定提高全市城乡低保标准,连云区、海州区、赣榆区城市低保标准调整为每人每月720元,东海县、灌云县、"
            "灌南县农村低保标准调整为每人每月650元。")
    assert find_title(text) is None
    ex = run(text, published="2019-05-01")
    assert {f.jurisdiction_name for f in ex.facts} <= {"连云区", "海州区", "赣榆区", "东海县", "灌云县", "灌南县", "连云港市"}
    assert ex.info.jurisdiction_name == "连云港市"


def test_a_run_on_sentence_of_the_body_is_no_title():
    text = ("根据《福建省民政厅关于做好困难群众救助工作的通知》精神,2020年我局共发放城乡低保资金2300万元,"
            "其中城市低保资金600万元。\n龙岩市新罗区民政局\n2021年1月15日")
    assert find_title(text) is None
    assert _info(text).info.jurisdiction_name == "新罗区"


# --- the jurisdiction vote -----------------------------------------------------------------

def test_the_level_the_report_calls_itself_beats_the_province_above():
    # 全州 three times: the report is about the prefecture its one named project belongs to
    text = ("上半年工作总结\n一、上半年,全州城市低保对象3.1万人,发放低保金1.2亿元。全州特困人员4200人。"
            "二、推进“红河州康养中心”和“弥勒温泉养老”项目建设,全州新增养老床位500张。")
    ex = run(text, published="2022-07-10")
    assert ex.info.jurisdiction_name == "红河哈尼族彝族自治州"


def test_an_ambiguous_district_is_resolved_toward_the_city_named_beside_it():
    # 鼓楼区 is in 福州, 南京, 徐州 and 开封; this one is the 徐州 one
    text = ("近日,江苏省人民政府印发通知,徐州市高龄津贴标准提高。鼓楼区财政及时拨付资金,"
            "本次发放高龄津贴310万元,惠及6200名老人。鼓楼区财政局将按季度发放。")
    ex = run(text, published="2021-05-01")
    assert ex.info.jurisdiction_name == "鼓楼区" and ex.info.jurisdiction_code == "320302"


def test_places_inside_a_cited_document_title_weigh_little():
    text = ("根据《浙江省最低生活保障办法》和《浙江省人民政府关于完善社会救助制度的意见》,"
            "我市对鹿城区、龙湾区、瓯海区、瑞安市、乐清市的城乡低保标准统一调整为每人每月1000元。")
    assert run(text, published="2021-07-01").info.jurisdiction_name == "温州市"
