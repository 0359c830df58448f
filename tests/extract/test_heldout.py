"""The held-out corpus: our own hand-written reports in styles the seeds and the dev set
do not have (statistics bulletins, quarterly and monthly releases, press conferences,
government work reports, district notices, newspaper stories, full-width digits ...).

Its gold (``heldout/gold.jsonl``) was written by hand before the extractor was run on
the texts. The scorer lives in ``../shared/tools``; the test skips when it is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.extract import extract_file, read_meta
from extract_helpers import SHARED

HELDOUT = Path(__file__).resolve().parent / "heldout"
SCORER = SHARED / "tools" / "score_facts.py"
# A little below the score reached when the corpus was last extended (see git log).
MIN_F1 = 0.97


def _scores(tmp_path: Path) -> dict[str, float]:
    metas = read_meta(HELDOUT / "meta.jsonl")
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for p in sorted((HELDOUT / "docs").glob("*.txt")):
            for f in extract_file(p, metas.get(p.name)).facts:
                fh.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
    out = subprocess.run([sys.executable, str(SCORER), "--gold", str(HELDOUT / "gold.jsonl"), str(pred)],
                         capture_output=True, text=True, check=True).stdout
    last = out.strip().splitlines()[-1]  # precision=... recall=... f1=...
    return {k: float(v) for k, v in (part.split("=") for part in last.split())}


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_facts.py is absent")
def test_heldout_quality(tmp_path):
    scores = _scores(tmp_path)
    assert scores["f1"] >= MIN_F1, scores


def test_heldout_gold_quotes_are_in_their_documents():
    docs = {p.name: p.read_text(encoding="utf-8") for p in (HELDOUT / "docs").glob("*.txt")}
    rows = [json.loads(line) for line in (HELDOUT / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    assert rows
    for row in rows:
        assert row["quote"] in docs[row["doc"]], row
