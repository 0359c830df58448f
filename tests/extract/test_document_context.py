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


def test_a_newspaper_as_source_is_evidence_not_the_jurisdiction():
    text = ("近日,泉州市发改委会同市民政局启动价格联动机制。截至1月底,全市发放价格临时补贴320万元。\n"
            "来源:福建日报")
    assert _info(text, published=date(2023, 2, 3)).info.jurisdiction_name == "泉州市"


# --- web addresses read loosely, only when the text names nothing --------------------------

def test_a_two_letter_province_host_names_a_report_that_says_only_quansheng():
    text = "截至2021年6月底,全省共有城市低保对象30.5万人,全省农村低保对象180.2万人。"
    ex = _info(text, url="https://mzt.gz.gov.cn/xxgk/12345.html")
    assert ex.info.jurisdiction_name == "贵州省"
    assert ("520000", "dibao_urban", "recipients", "person", 305000.0) in {
        (f.jurisdiction_code, f.program, f.metric, f.unit, f.value) for f in ex.facts}


def test_a_county_folder_on_the_city_site_names_a_county_report():
    # sg = 韶关 (and some counties); /wy/ below it = 翁源县, and the report says only 全县
    text = "2016年10月,全县城乡低保对象共有5600户12000人,发放低保金480万元。"
    ex = _info(text, url="http://www.sg.gov.cn/zwgk/wy/mzxx/post_123.html")
    assert ex.info.jurisdiction_name == "翁源县"


def test_prefix_and_county_initials_with_the_level_initial():
    # 赣州 (gz) + 瑞金 ... spelled gzrjs: 瑞金市 with the initial of 市
    text = "上半年,全市共保障城乡低保对象8000户15000人,我市发放低保资金2100万元。"
    ex = _info(text, url="http://www.gzrjs.gov.cn/a/1.html")
    assert ex.info.jurisdiction_name == "瑞金市"


def test_a_news_site_host_spells_its_city_after_the_media_word_is_dropped():
    text = "本报讯 记者从市民政局获悉,1月份我市发放低保金1200万元,全市城市低保对象9000人。"
    ex = _info(text, url="http://epaper.ycnews.com.cn/content/20190308/a1.htm", published=date(2019, 3, 8))
    assert ex.info.jurisdiction_name in ("宜春市", "盐城市", "宜昌市", "运城市", "伊春市", None)


def test_a_loose_reading_that_is_not_the_one_of_its_level_is_not_taken():
    # yc = 伊春 and 宜春, both cities, and no known domain: nothing is guessed
    text = "截至3月底,全市救助城乡低保对象30000人,发放低保金2000万元。"
    assert _info(text, url="http://mzj.yc.gov.cn/1.html").info.jurisdiction_name is None
    # yl.gov.cn is 榆林's own domain (seeds/jurisdiction_domains.csv): no guess needed
    assert _info(text, url="http://mzj.yl.gov.cn/1.html").info.jurisdiction_name == "榆林市"
    # no word for the report's own level: nothing is guessed either
    assert _info("城乡低保对象30000人,发放低保金2000万元。", url="https://mzt.gz.gov.cn/1.html").info.jurisdiction_name is None


# --- periods -----------------------------------------------------------------------------

def test_a_quarter_in_the_title_is_the_report_period():
    text = ("    • 发布机构\n    • 丽江市民政局\n    • 发布日期\n    • 2018-10-15\n"
            "    丽江市民政局2018年3季度城乡低保实施情况\n\n季度末全市城市低保对象5200户8100人。")
    ex = _info(text)
    assert ex.info.title == "丽江市民政局2018年3季度城乡低保实施情况"  # not the publisher value line
    assert (ex.info.period_start, ex.info.period_end) == (date(2018, 7, 1), date(2018, 9, 30))
    assert ex.info.jurisdiction_name == "丽江市"


def test_a_chinese_quarter_word_dates_a_figure():
    ex = run("2023年一季度,全县发放高龄津贴45万元,惠及1600人。", jurisdiction="522301", published=None)
    assert {(f.period_start, f.period_end) for f in ex.facts} == {(date(2023, 1, 1), date(2023, 3, 31))}


def test_a_report_dated_only_by_an_upto_month_cue_gets_that_year():
    ex = _info("截至2021年6月底,全省共有城市低保对象30.5万人。", url="https://mzt.gz.gov.cn/xxgk/12345.html")
    assert ex.info.period_start is not None and ex.info.period_start.year == 2021


def test_a_year_after_the_news_lead_is_the_report_year_not_the_page_date():
    text = ("县民政局做好冬季救助 作者:王明 时间:2019-01-15 次数:88\n"
            "    本报讯2018年,县民政局全年为860户1500人发放城市低保金620万元。\n版权所有:蓝田县融媒体中心")
    ex = _info(text)
    assert ex.info.published == date(2019, 1, 15)
    assert ex.info.period_start == date(2018, 1, 1)
    assert {f.period_start.year for f in ex.facts} == {2018}


def test_the_year_the_office_speaks_for_beats_the_publication_year():
    text = ("根据《省社会救助办法》规定,2019年我局全年共支出社会救助资金8600万元。其中:城市低保1200万元;农村低保3300万元。\n"
            "松滋市民政局\n2020年2月10日")
    ex = run(text, published="2021-06-01")
    assert ex.info.period_start == date(2019, 1, 1)
    assert {f.period_start.year for f in ex.facts} == {2019}


def test_the_past_year_in_an_early_year_meeting_is_the_year_before():
    text = "记者从3日召开的全省民政工作会议获悉,过去一年,全省低保平均标准达到每人每月960元。"
    ex = run(text, published="2022-01-04", jurisdiction="330000")
    assert ex.info.period_start == date(2021, 1, 1)
    # later in the year 过去一年 is no such cue: the publication year stays
    assert run(text, published="2022-08-04", jurisdiction="330000").info.period_start == date(2022, 1, 1)


def test_a_local_portal_prefix_and_a_dated_file_name():
    # i + 泗洪 (full pinyin sihong); the file name starts with the year and month
    text = "近日,县政府决定,我县城乡低保标准从今年7月1日起上调,城市低保标准调高至420元/人、月。"
    ex = _info(text, url="http://www.isihong.com/a/news/201306187731.html")
    assert ex.info.jurisdiction_name == "泗洪县"
    assert ex.info.published == date(2013, 6, 1)
    assert ex.info.period_start == date(2013, 1, 1)


def test_an_old_year_end_baseline_does_not_date_a_mid_year_report():
    text = ("甘肃省八月一日起调整城乡低保标准\n\n 7月28日,省政府常务会议决定,城市低保标准统一提高到每月620元。\n\n"
            " 截至2016年底,全省城市低保对象有32万人。")
    ex = run(text, published="2017-08-02", jurisdiction="620000")
    assert ex.info.period_start == date(2017, 1, 1)
    # published soon after the year end, the same opening is the report's own year
    assert run(text, published="2017-02-10", jurisdiction="620000").info.period_start == date(2016, 1, 1)


def test_the_last_n_years_of_the_report():
    ex = run("2023年工作总结\n五年来,全省累计发放城乡低保资金260亿元。近三年来全省累计发放临时救助资金18亿元。",
             published="2023-12-20", jurisdiction="430000")
    spans = {f.value: (f.period_start, f.period_end) for f in ex.facts}
    assert spans[26000000000.0] == (date(2019, 1, 1), date(2023, 12, 31))
    assert spans[1800000000.0] == (date(2021, 1, 1), date(2023, 12, 31))


def test_an_undated_report_is_later_than_the_year_it_raises_a_standard_from():
    text = ("近日从市民政局获悉,截至10月底,全市发放城乡低保资金6.2亿元,相较去年有所增长。"
            "据介绍,2018年全市共发放城乡低保资金7.1亿元。今年将全市农村低保标准由2018年的每人每月420元提高到每人每月450元。")
    ex = run(text, published=None, jurisdiction="321300")
    assert ex.info.period_start == date(2019, 1, 1)


def test_a_brand_host_of_another_site_is_not_read_as_initials():
    # gzxxkj could be spelled as initials; a brand of a non-government site is not read that way
    text = "截至2021年6月底,全省共有城市低保对象30.5万人。"
    assert _info(text, url="https://www.gzxxkj.com/a/1.html").info.jurisdiction_name is None
    # the same letters under .gov.cn are the government's own site
    assert _info(text, url="https://mzt.gz.gov.cn/a/1.html").info.jurisdiction_name == "贵州省"


def test_a_dateline_gives_the_publication_date():
    text = ("您当前的位置:网站首页>新闻中心>本地新闻>\n\n林芝城乡低保提标\n\n2015-04-02 09:30 来源:林芝报 点击:0\n"
            "记者从全市民政工作会议获悉,从今年1月起,林芝市城镇低保标准提高到每人每月700元。")
    ex = _info(text)
    assert ex.info.published == date(2015, 4, 2)
    assert {f.period_start.year for f in ex.facts} == {2015}
    # a date inside a line of page furniture is no dateline (a repost's date)
    furniture = ("首页 >> 民生舆情\n\n热点推荐标题一则\n\n民生舆情  2020-03-09 07:06 字号: 大 中 小\n\n"
                 "林芝城乡低保提标\n记者获悉,城镇低保标准提高到每人每月700元。")
    assert _info(furniture).info.published is None


def test_a_numbered_list_announced_as_a_plan_is_target():
    text = ("3月2日,县长在县人民代表大会上作《政府工作报告》时,提出了2019年将全力办好十件民生实事。\n"
            "1、提升底线民生保障水平\n农村特困人员救助供养平均标准提高到每人每年9000元以上。\n\n"
            "去年,全县城乡低保对象共4200人。")
    ex = run(text, published="2019-03-05", jurisdiction="441821")
    status = {f.value: f.status for f in ex.facts}
    assert status[9000.0] == "target"
    assert status[4200.0] == "actual"  # after the list: a review figure


def test_since_a_month_runs_from_that_month_to_the_report_end():
    ex = run("2023年1月工作简报\n去年12月份以来,全区累计发放价格临时补贴560万元。", published="2023-01-20", jurisdiction="150000")
    assert {(f.period_start, f.period_end) for f in ex.facts} == {(date(2022, 12, 1), date(2023, 1, 31))}
    ex = run("2023年工作总结\n2022年7月以来,全市累计发放价格临时补贴800万元。", published="2023-12-20", jurisdiction="350600")
    assert {(f.period_start, f.period_end) for f in ex.facts} == {(date(2022, 7, 1), date(2023, 12, 31))}


def test_a_span_of_months_not_from_january():
    ex = run("今年4月至9月期间,全市发放价格临时补贴480万元。", published="2019-10-31", jurisdiction="330200")
    assert {(f.period_start, f.period_end) for f in ex.facts} == {(date(2019, 4, 1), date(2019, 9, 30))}


def test_an_undated_report_is_dated_by_its_reporting_day_not_the_day_a_standard_took_effect():
    text = ("城乡低保运行情况\n从2021年7月1日起,执行的城市低保标准为每人每月690元。\n"
            "截至2023年9月30日,全市城市低保对象12040人,累计发放低保金3120.5万元。")
    ex = run(text, published=None, jurisdiction="321300")
    assert ex.info.period_start == date(2023, 1, 1)
    # the effective day alone still dates the report (it is at or after that day)
    alone = run("城乡低保运行情况\n从2021年7月1日起,全市城市低保标准提高到每人每月690元。", published=None, jurisdiction="321300")
    assert alone.info.period_start == date(2021, 1, 1)
