"""Page chrome: a site's navigation, date line and footer around a report (fresh snippets)."""

from __future__ import annotations

from datetime import date

from etl.extract import MetaRecord, extract_text
from etl.extract.chrome import line_role, page_chrome
from etl.extract.document import find_title

_NAV = "首页|政务公开|政务服务|互动交流|走进本市|专题专栏\n当前位置:首页>政务公开>社会救助\n"
_FOOTER = ("\n\n【打印本页】【关闭窗口】\n上一篇:2018年第一季度城乡低保资金发放情况公示\n"
           "下一篇:关于做好2026年元旦期间困难群众走访慰问工作的通知\n"
           "主办单位:{owner}办公室 承办:{owner}信息中心\n"
           "联系电话:0000-12345678 传真:0000-12345679 邮编:000000 网站标识码:1234567890 某ICP备01234567号-1\n"
           "技术支持:某某信息技术有限公司 为确保最佳浏览效果,建议使用1920×1080分辨率及以上浏览器浏览本网站\n"
           "版权所有:{owner} 未经书面授权禁止复制或建立镜像,本网站转载的文章不代表本网站的观点和立场\n"
           "Copyright©2010-2025 {owner} 版权所有\n")


def _info(text: str, url: str | None = None, published: date | None = None, jurisdiction: str | None = None):
    meta = MetaRecord(document="t.txt", url=url, published=published, jurisdiction=jurisdiction)
    return extract_text(text, "t.txt", meta)


def _dated(text: str, url: str | None = None):
    """A snippet of 泾县 (given, so that its facts are kept) with no date but the page's."""
    return _info(text, url=url, jurisdiction="341823")


def _years(ex) -> set[int]:
    return {f.period_start.year for f in ex.facts}


# --- which lines are chrome -----------------------------------------------------------------

def test_line_roles():
    assert line_role("首页|政务公开|走进本市") == "nav"
    assert line_role("当前位置:首页>要闻") == "nav"
    assert line_role("发布时间:2024-03-05 10:21 来源:某某网 浏览次数:88") == "field"
    assert line_role("【打印本页】【关闭窗口】") == "link"
    assert line_role("上一篇:关于做好低保工作的通知") == "link"
    assert line_role("主办单位:某县人民政府办公室") == "site"
    assert line_role("Copyright © 2010-2025 某县人民政府 版权所有") == "site"
    assert line_role("滇ICP备05002319号-1") == "site"


def test_prose_is_no_chrome():
    assert line_role("时间紧、任务重,全县上下齐心协力") is None  # 时间 goes on as a word
    assert line_role("来源于中央和省级财政的资金") is None
    assert line_role("主办单位:县民政局。全县共有低保对象1200人") is None  # a sentence


def test_chrome_is_found_above_the_body_and_closing_it_only():
    body = "今年以来,全县共保障城乡低保对象1200户2100人。\n来源:县民政局统计\n全县发放低保金860万元。"
    text = _NAV + "\n" + body + _FOOTER.format(owner="某某市人民政府")
    chrome = page_chrome(text)
    assert chrome.body_start == text.index("\n\n今年以来")
    assert chrome.body_end == text.index("【打印本页】")
    assert not chrome.covers(text.index("来源:县民政局统计"))  # a line inside the body
    assert chrome.covers(text.index("走进本市")) and not chrome.votes(text.index("走进本市"))
    assert chrome.names_site(text.index("主办单位"))


def test_a_navigation_line_is_no_title():
    text = "首页|政务公开|政务服务|走进泾县|互动交流\n\n泾县提高城乡低保标准\n\n全县城乡低保标准提高到每人每月700元。"
    assert find_title(text)[0] == "泾县提高城乡低保标准"


# --- the jurisdiction -----------------------------------------------------------------------

def test_a_level_word_in_the_navigation_does_not_move_a_county_report():
    # 走进本市 in the navigation is no 全市 of the report: the banner's county stays the report's
    body = ("东乌旗及时足额发放各类救助资金。2023年第一季度,城镇最低生活保障对象634户、1051人,"
            "累计发放资金194.1万元。")
    ex = _info(_NAV + "\n" + body + _FOOTER.format(owner="某某市人民政府"), published=date(2023, 4, 2))
    assert ex.info.jurisdiction_name == "东乌珠穆沁旗"
    assert {f.jurisdiction_name for f in ex.facts} == {"东乌珠穆沁旗"}


def test_a_footer_naming_another_office_does_not_outvote_the_body():
    body = ("泾县民政局认真落实社会救助政策。今年1-6月,泾县城市低保对象320户510人,"
            "发放城市低保金152万元。")
    ex = _info(body + _FOOTER.format(owner="芜湖市人民政府"), published=date(2023, 7, 10))
    assert ex.info.jurisdiction_name == "泾县"


def test_a_host_line_names_the_report_when_the_body_names_nothing():
    body = "今年以来,全县共保障城乡低保对象1200户2100人,发放低保金860万元。"
    ex = _info(body + _FOOTER.format(owner="泾县人民政府"), published=date(2023, 7, 10))
    assert ex.info.jurisdiction_name == "泾县"


def test_the_signature_above_the_footer_is_found():
    body = ("2019年社会救助资金支出情况公示\n根据《省社会救助办法》规定,现将2019年社会救助资金支出情况公示如下。\n"
            "2019年我局全年共支出社会救助资金8600万元。其中城市低保1200万元。\n松滋市民政局\n2020年2月10日")
    ex = _info(body + _FOOTER.format(owner="某某市人民政府"))
    assert ex.info.published == date(2020, 2, 10)
    assert ex.info.jurisdiction_name == "松滋市"


# --- the page's dates weighed against the body ------------------------------------------------

_HEADER = "发布时间:2024-03-05 10:21 来源:某某网 浏览次数:1234\n\n"


def test_a_repost_date_does_not_date_a_body_years_older():
    # the body names 2021 only: the page's 2024 is a repost's date, so 今年 is the body's year
    text = (_HEADER + "现将我区2021年上半年社会救助工作情况报告如下:今年以来,我区城市低保对象2511户3677人,"
            "累计发放城市低保金1208万元。")
    ex = _dated(text)
    assert ex.info.published == date(2024, 3, 5)  # still what the page says of itself
    assert ex.info.period_start == date(2021, 1, 1)
    assert _years(ex) == {2021}


def test_a_page_date_dates_a_body_that_names_no_year():
    text = _HEADER + "今年以来,全县城市低保对象2511户3677人,累计发放城市低保金1208万元。"
    ex = _dated(text)
    assert ex.info.published == date(2024, 3, 5)
    assert _years(ex) == {2024}


def test_a_page_date_a_year_after_the_body_still_dates_it():
    # a 2023 review published early in 2024 is no repost
    text = _HEADER + "2023年,全县城市低保对象2511户3677人,累计发放城市低保金1208万元。今年将继续提标。"
    assert _years(_dated(text)) == {2023}
    text = _HEADER + "今年1-2月,全县发放城市低保金208万元,比2023年同期增长5%。"
    assert _years(_dated(text)) == {2024}


def test_a_span_since_a_year_reaches_the_page_date():
    # a review since 2021 may well be published in 2024: 今年 is the page's year
    text = _HEADER + "今年1-2月,全县发放城乡低保资金1210万元,全县2021年以来累计发放城乡低保资金6.85亿元。"
    ex = _dated(text)
    assert ex.info.published == date(2024, 3, 5)
    assert {(f.period_start.year, f.period_end.year) for f in ex.facts} == {(2021, 2024), (2024, 2024)}


def test_the_original_date_beside_a_repost_date_is_the_reports():
    text = (_HEADER + "内蒙古各地发放价格临时补贴\n\n时间:2021-12-27 09:11 来源:自治区民政厅\n\n"
            "今年1-11月,全区共保障城乡低保对象159.69万人,发放低保资金63.72亿元。")
    ex = _dated(text)
    assert ex.info.published == date(2021, 12, 27)
    assert _years(ex) == {2021}


def test_a_page_date_later_than_its_web_address_is_not_the_pages():
    text = _HEADER + "近日,县政府决定,我县城乡低保标准从今年7月1日上调,城市低保标准调高至380元/人、月。"
    ex = _dated(text, url="http://www.example.com/a/news/201205106748.html")
    assert ex.info.published == date(2012, 5, 1)
    assert _years(ex) == {2012}


def test_a_date_line_joined_to_the_line_under_it_is_still_chrome():
    # one line break after a long line with no punctuation is read as a hard wrap and joined:
    # the site's date line and the body's first line become one line of the cleaned text
    text = ("发布时间:2024-03-05 10:21 来源:某某网 浏览次数:1234 【字体:大 中 小】\n截至2021年6月底:\n"
            "1.全县共有城市低保对象2511户3677人,平均保障标准569元/人.月;\n2.全县累计实施临时救助245人次。")
    ex = _dated(text)
    assert _years(ex) == {2021}
