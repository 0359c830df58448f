"""Documents whose jurisdiction or period was not found are named by `etl extract` and `etl load`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine

from etl.cli import cli
from etl.load import load_paths
from etl.load.progress import format_summary

# No place, no date anywhere: the figures cannot be filed.
NOWHERE = "近日,我市城乡低保对象共计5200人,发放低保资金1300万元。"
# Place and year stated.
KNOWN = "2022年工作总结\n2022年,安庆市城乡低保对象共计5200人,发放低保资金1300万元。"


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "nowhere.txt").write_text(NOWHERE, encoding="utf-8")
    (tmp_path / "known.txt").write_text(KNOWN, encoding="utf-8")
    return tmp_path


def test_extract_names_each_document_without_jurisdiction_or_period_on_stderr(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(folder)])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note:")]
    assert any("nowhere.txt" in n and "no jurisdiction and no period" in n and "2 figures" in n for n in notes), notes
    assert not any("known.txt" in n for n in notes)
    # stdout stays pure JSON lines: the facts of the known document only
    facts = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert facts and {f["document"] for f in facts} == {"known.txt"}


def test_metadata_that_supplies_the_place_and_date_silences_the_note(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"document": "nowhere.txt", "jurisdiction": "安庆市", "published": "2023-03-01"}) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", "--meta", str(meta),
                                      str(folder / "nowhere.txt"), str(folder / "known.txt")])
    assert result.exit_code == 0
    assert "Note:" not in result.stderr
    assert any(json.loads(line)["document"] == "nowhere.txt" for line in result.stdout.splitlines() if line.strip())


def test_the_load_summary_counts_and_names_them(tmp_path: Path, engine: Engine) -> None:
    folder = _folder(tmp_path / "docs") if (tmp_path / "docs").mkdir() is None else None
    assert folder is not None
    summary = load_paths([folder], engine=engine, workers=1)
    assert summary.loaded == 2
    assert [Path(p).name for p in summary.no_jurisdiction] == ["nowhere.txt"]
    assert [Path(p).name for p in summary.no_period] == ["nowhere.txt"]
    text = format_summary(summary)
    assert "no jurisdiction: 1 document" in text and "nowhere.txt" in text
    assert "no period: 1 document" in text


def test_a_document_without_any_figure_is_not_named(tmp_path: Path, engine: Engine) -> None:
    (tmp_path / "prose.txt").write_text("今天天气很好,没有任何数字。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(tmp_path / "prose.txt")])
    assert result.exit_code == 0 and "Note:" not in result.stderr
    summary = load_paths([tmp_path], engine=engine, workers=1)
    assert summary.no_jurisdiction == [] and summary.no_period == []
