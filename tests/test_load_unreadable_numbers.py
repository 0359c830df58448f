"""A number the grammar cannot read with certainty is loaded as an unclassified mention
(reason ``unreadable_number``, no value), counted in the load summary, never as a fact."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from etl.db.models import Fact, UnclassifiedMention
from etl.load import load_paths

REPORT = ("芜湖市民政局2024年工作总结\n"
          "全市城乡低保对象三万五人,全年发放城乡低保资金十一十二元。\n"
          "全市特困人员数十户。\n")


def test_unreadable_numbers_are_loaded_as_mentions_and_never_as_facts(engine: Engine, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "r.txt").write_text(REPORT, encoding="utf-8")
    summary = load_paths([docs], engine=engine, workers=1)
    assert summary.loaded == 1 and summary.failures == []
    with engine.connect() as connection:
        facts = connection.execute(select(Fact.program_code, Fact.value, Fact.value_high, Fact.qualifier)).all()
        mentions = connection.execute(
            select(UnclassifiedMention.quote, UnclassifiedMention.value, UnclassifiedMention.reason)).all()
    assert sorted(facts) == [("dibao", 35000.0, None, "exact"), ("tekun", 20.0, 90.0, "approx")]
    assert ("十一十二元", None, "unreadable_number") in mentions
    assert summary.mentions == len(mentions)
