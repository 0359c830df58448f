"""The report's jurisdiction inferred from the text, and ambiguous names."""

from __future__ import annotations

import pytest

from extract_helpers import run

HOMES = [
    ("signature", "全县城乡低保对象3000人。\n枞阳县民政局\n2023年7月10日", "340722"),
    ("publisher field", "发布机构: | 湖州市民政局 |\n全市低保对象1万人。", "330500"),
    ("counties of one city", "我市调整标准,海城市、台安县、岫岩满族自治县城市低保月标准由700元调整为750元。", "210300"),
    ("counties of one prefecture with 全州", "全州特困供养人员2000人,其中,香格里拉市800人,维西县900人,德钦县300人。", "533400"),
    ("cities of one province with 我省", "我省郑州、平顶山、汝州、兰考等地提高了补贴标准。", "410000"),
    ("autonomous region named with 全区", "记者从内蒙古自治区民政厅了解到,全区共保障城乡低保对象150万人。", "150000"),
    ("organisation name in the text", "国家统计局泸州调查队联合印发通知。全市城市低保标准800元/月。", "510500"),
]


@pytest.mark.parametrize("name,text,code", HOMES, ids=[h[0] for h in HOMES])
def test_home_inference(name, text, code):
    ex = run(text, jurisdiction=None, published="2023-07-10")
    assert ex.info.jurisdiction_code == code


def test_ambiguous_district_resolved_toward_home():
    ex = run("白云区城乡低保标准为每人每月1100元。", jurisdiction="440100")
    assert {f.jurisdiction_code for f in ex.facts} == {"440111"}


def test_town_names_are_not_counties():
    ex = run("凤凰街道2户9人,救助资金8000元。", jurisdiction="520201")
    assert ex.facts == []
