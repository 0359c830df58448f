"""The held-out corpus: our own hand-written reports in styles the seeds and the dev set
do not have (statistics bulletins, quarterly and monthly releases, press conferences,
government work reports, district notices, newspaper stories, full-width digits ...).

Its gold (``heldout/gold.jsonl``) was written by hand before the extractor was run on
the texts. ``heldout2`` is a second such corpus in yet other genres (a national bulletin,
an interview, a flattened monthly table, an audit, a proposal reply, township figures,
千元 and Chinese-numeral amounts, HTML remnants, a jurisdiction named only in the
signature); its first-contact score was P 0.891 R 0.835. ``heldout3`` (m01-m15: a 一是/二是 summary,
a 政府工作报告 with ——dash headings, a 公示 table, a county list of standards, 较上年 deltas, 附表,
(万元) labels, thousands separators) scored P 0.798 R 0.741 on first contact. ``heldout4`` (n01-n12: a
provincial summary with a 分市州看 breakdown, 低保 动态管理 with 退出/停保, 万余人次/近X亿元, 防止返贫 监测
beside 低保, a notice setting next year's standards, 特困 集中供养率 and 床位, 小额先行救助, 公文 numbering,
两项补贴, per-year 孤儿 standards, a date only in the URL) scored P 0.860 R 0.892 on first contact. ``heldout5`` (p01-p08:
a 街道 summary, a provincial 统计公报 with 同比, a 自治州 report with a county breakdown, a 2025 价格临时补贴 notice,
a 答网民问 with a worked example, 一门受理 受理/办结 counts, 孤儿 千余名/近万人次, 人均年补助1.2万元) scored
P 0.941 R 0.941 on first contact. ``heldout6`` (q01-q08: a 前三季度 新闻通稿, a 社会救助资金 公示 with
乡镇 rows after a colon, a 人大 专题询问 reply, a provincial 提标 发布会 with 全省平均 and city standards, a
工作要点 whose title makes it all targets, a 两项补贴 notice with 不低于, a 2013 report with 农村五保 and
城市三无人员, 惠民殡葬 减免) scored P 0.686 R 0.783 on first contact. ``heldout7`` (r01-r10: a 西藏 统计公报, a
部门决算说明 with (项) lines, a 政协提案答复, a 绩效自评 with 目标值, a quarterly table flattened one cell a
line, a TV interview, a 乡 一是/二是 summary, a 资金分配表 under 单位:万元, a 冬春救助 report, a 2016 两项制度
衔接 report) scored P 0.765 R 0.609 on first contact. The scorer lives in
``../shared/tools``; the test skips when it is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.extract import extract_file, read_meta
from extract_helpers import SHARED

HERE = Path(__file__).resolve().parent
SCORER = SHARED / "tools" / "score_facts.py"
# Per corpus, a little below the score reached when it was last extended (see git log):
# heldout 1.000, heldout2 0.996, heldout3 1.000, heldout4 1.000, heldout5 0.993, heldout6 0.910,
# heldout7 0.993.
MIN_F1 = {"heldout": 0.97, "heldout2": 0.98, "heldout3": 0.98, "heldout4": 0.98, "heldout5": 0.98,
          "heldout6": 0.89, "heldout7": 0.97}


def _scores(corpus: Path, tmp_path: Path) -> dict[str, float]:
    meta_file = corpus / "meta.jsonl"
    metas = read_meta(meta_file) if meta_file.exists() else {}
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for p in sorted((corpus / "docs").glob("*.txt")):
            for f in extract_file(p, metas.get(p.name)).facts:
                fh.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
    out = subprocess.run([sys.executable, str(SCORER), "--gold", str(corpus / "gold.jsonl"), str(pred)],
                         capture_output=True, text=True, check=True).stdout
    last = out.strip().splitlines()[-1]  # precision=... recall=... f1=...
    return {k: float(v) for k, v in (part.split("=") for part in last.split())}


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_facts.py is absent")
@pytest.mark.parametrize("name", sorted(MIN_F1))
def test_heldout_quality(name, tmp_path):
    scores = _scores(HERE / name, tmp_path)
    assert scores["f1"] >= MIN_F1[name], scores


@pytest.mark.parametrize("name", sorted(MIN_F1))
def test_heldout_gold_quotes_are_in_their_documents(name):
    corpus = HERE / name
    docs = {p.name: p.read_text(encoding="utf-8") for p in (corpus / "docs").glob("*.txt")}
    rows = [json.loads(line) for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    assert rows
    for row in rows:
        assert row["quote"] in docs[row["doc"]], row
