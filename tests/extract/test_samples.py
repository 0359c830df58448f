"""Whole documents: spans, determinism, and the quality bar against the gold files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.extract import extract_file, read_meta
from extract_helpers import SAMPLES, SHARED


def _docs() -> list[tuple[Path, object]]:
    docs: list[tuple[Path, object]] = [(p, None) for p in sorted(SAMPLES.glob("*.txt"))]
    dev = SHARED / "devset"
    if (dev / "meta.jsonl").exists():
        metas = read_meta(dev / "meta.jsonl")
        docs += [(p, metas.get(p.name)) for p in sorted((dev / "docs").glob("*.txt"))]
    return docs


DOCS = _docs()


@pytest.mark.parametrize("path,meta", DOCS, ids=[p.name for p, _ in DOCS])
def test_every_quote_is_the_original_text_at_its_span(path, meta):
    ex = extract_file(path, meta)
    for item in [*ex.facts, *ex.mentions]:
        s, e = item.span
        assert ex.text[s:e] == item.quote
    for f in ex.facts:
        assert f.jurisdiction_code and f.period_start <= f.period_end


def test_extraction_is_deterministic():
    path = SAMPLES / "001_e9cd8dd3cf289a76.txt"
    first = [f.to_dict() for f in extract_file(path).facts]
    assert first == [f.to_dict() for f in extract_file(path).facts]


def _score(shared: Path, gold: Path, paths: list[Path], meta_file: Path | None, tmp_path: Path) -> float:
    metas = read_meta(meta_file) if meta_file else {}
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for p in paths:
            for f in extract_file(p, metas.get(p.name)).facts:
                fh.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
    out = subprocess.run([sys.executable, str(shared / "tools" / "score_facts.py"), "--gold", str(gold), str(pred)],
                         capture_output=True, text=True, check=True).stdout
    last = out.strip().splitlines()[-1]
    return float(last.split("f1=")[1])


def test_seeds_quality(shared_dir, tmp_path):
    f1 = _score(shared_dir, shared_dir / "gold" / "seeds.gold.jsonl", sorted(SAMPLES.glob("*.txt")), None, tmp_path)
    assert f1 >= 0.95


def test_devset_quality(shared_dir, tmp_path):
    dev = shared_dir / "devset"
    f1 = _score(shared_dir, dev / "devset.gold.jsonl", sorted((dev / "docs").glob("*.txt")), dev / "meta.jsonl", tmp_path)
    assert f1 >= 0.85
