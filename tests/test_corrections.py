"""Corrections (etl correct, etl corrections): set, reject, add; re-applied after reloads; unmatched ones reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from etl import corrections
from etl.cli import cli
from etl.corrections import CorrectionError, parse_assignments
from review_support import WUHU, WUHU_QUOTE, clean, facts_where, force_reextraction, load, one_fact  # noqa: F401

pytestmark = pytest.mark.usefixtures("clean")


def _set(engine: Engine, fact_id: int, *assignments: str, note: str | None = None) -> corrections.Outcome:
    return corrections.correct_fact(engine, fact_id, parse_assignments(assignments), note=note)


def _rollup(engine: Engine, program: str) -> dict:
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT value, fact_id FROM v_city_year_best WHERE city_code = '340200' AND year = 2024"
                 " AND program_code = :p AND metric_code = 'recipients' AND unit_code = 'person'"), {"p": program}
        ).mappings().first()
    return dict(row) if row else {}


def test_a_correction_changes_the_fact_and_the_roll_ups_say_so(engine: Engine) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    assert (fact["value"], fact["corrected"]) == (83000, 0)
    assert _rollup(engine, "dibao")["fact_id"] == fact["fact_id"]

    outcome = _set(engine, fact["fact_id"], "value=84000", "program=dibao_urban", note="urban only")
    assert outcome.status == "applied"
    corrected = one_fact(engine, WUHU_QUOTE)
    assert (corrected["value"], corrected["program"], corrected["corrected"]) == (84000, "dibao_urban", 1)
    assert corrected["correction_id"] == outcome.correction_id
    assert _rollup(engine, "dibao_urban") == {"value": 84000, "fact_id": corrected["fact_id"]}
    assert _rollup(engine, "dibao").get("fact_id") != fact["fact_id"]
    [listed] = corrections.list_corrections(engine)
    assert (listed.action, listed.span_text, listed.note, listed.status) == ("set", WUHU_QUOTE, "urban only", "applied")
    assert listed.original["value"] == 83000 and listed.fields == {"value": 84000.0, "program_code": "dibao_urban"}


def test_a_second_correction_of_the_same_fact_is_merged_into_the_first(engine: Engine) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    first = _set(engine, fact["fact_id"], "value=84000")
    second = _set(engine, fact["fact_id"], "qualifier=approx")
    assert second.correction_id == first.correction_id
    row = one_fact(engine, WUHU_QUOTE)
    assert (row["value"], row["qualifier"], row["program"]) == (84000, "approx", "dibao")
    force_reextraction(engine)
    load(engine, WUHU)
    row = one_fact(engine, WUHU_QUOTE)
    assert (row["value"], row["qualifier"], row["corrected"]) == (84000, "approx", 1)


def test_a_correction_survives_a_new_parser_version_and_an_unchanged_reload(engine: Engine) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    _set(engine, fact["fact_id"], "value=84000")

    unchanged = load(engine, WUHU)
    assert (unchanged.loaded, unchanged.unchanged) == (0, 1)
    assert one_fact(engine, WUHU_QUOTE)["value"] == 84000

    force_reextraction(engine)
    again = load(engine, WUHU)
    assert (again.loaded, again.replaced, again.corrections_applied, again.corrections_unmatched) == (1, 1, 1, [])
    row = one_fact(engine, WUHU_QUOTE)  # a new fact row (re-extracted), corrected again
    assert (row["value"], row["corrected"]) == (84000, 1)
    assert corrections.list_corrections(engine)[0].status == "applied"


def test_a_rejected_fact_stays_rejected_after_re_extraction(engine: Engine) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, "特困供养1.8万人")
    corrections.reject_fact(engine, fact["fact_id"], note="not a count of persons")
    assert facts_where(engine, "quote = :q", q="特困供养1.8万人") == []
    force_reextraction(engine)
    summary = load(engine, WUHU)
    assert summary.corrections_applied == 1
    assert facts_where(engine, "quote = :q", q="特困供养1.8万人") == []
    assert one_fact(engine, WUHU_QUOTE, "dibao")["corrected"] == 0  # the other facts are untouched


def test_an_added_fact_has_the_documents_place_and_period_and_survives_re_extraction(engine: Engine) -> None:
    load(engine, WUHU)
    text_of = _text(engine, WUHU.name)
    start = text_of.index("15个工作日")
    outcome = corrections.add_fact(
        engine, WUHU.name, (start, start + 3), parse_assignments(["program=dibao", "metric=recipients", "value=15"]),
        note="a test figure",
    )
    [added] = facts_where(engine, "fact_id = :i", i=outcome.fact_id)
    assert (added["quote"], added["jurisdiction_code"], added["period_start"], added["corrected"]) == (
        "15个", "340200", added["period_start"], 1)
    assert str(added["period_start"]) == "2024-01-01" and added["unit"] == "person"
    force_reextraction(engine)
    load(engine, WUHU)
    [again] = facts_where(engine, "quote = '15个'")
    assert (again["value"], again["corrected"]) == (15, 1)


def _text(engine: Engine, name: str) -> str:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT t.text FROM document_text t JOIN document d ON d.id = t.document_id WHERE d.name = :n"), {"n": name}
        ).scalar_one()


def test_the_stored_text_is_the_text_spans_index_into(engine: Engine) -> None:
    load(engine, WUHU)
    stored = _text(engine, WUHU.name)
    for fact in facts_where(engine, "document = :n", n=WUHU.name):
        assert stored[fact["span_start"]:fact["span_end"]] == fact["quote"]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "docs" / WUHU.name
    target.parent.mkdir()
    shutil.copyfile(WUHU, target)
    return target


def test_a_correction_whose_span_text_changed_is_reported_not_applied(engine: Engine, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    load(engine, path)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    _set(engine, fact["fact_id"], "value=84000")
    original = path.read_text(encoding="utf-8")
    # The report is republished with a sentence inserted before the figure: every offset after it moves.
    path.write_text(original.replace(WUHU_QUOTE, "新增一句。" + WUHU_QUOTE, 1), encoding="utf-8")

    summary = load(engine, path)
    assert (summary.replaced, summary.corrections_applied) == (1, 0)
    [line] = summary.corrections_unmatched
    assert "changed" in line and WUHU.name in line
    row = one_fact(engine, WUHU_QUOTE, "dibao")
    assert (row["value"], row["corrected"]) == (83000, 0)  # not silently applied elsewhere
    [listed] = corrections.list_corrections(engine)
    assert listed.status == "unmatched" and "changed" in (listed.status_detail or "")
    result = CliRunner().invoke(cli, ["corrections", "list", "--db", str(engine.url.render_as_string(hide_password=False))])
    assert result.exit_code == 1 and "unmatched" in result.output


def test_a_correction_follows_a_changed_file_when_its_span_is_untouched(engine: Engine, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    load(engine, path)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    _set(engine, fact["fact_id"], "value=84000")
    path.write_text(path.read_text(encoding="utf-8") + "\n附:本文于次日更新。\n", encoding="utf-8")
    summary = load(engine, path)
    assert (summary.replaced, summary.corrections_applied, summary.corrections_unmatched) == (1, 1, [])
    assert one_fact(engine, WUHU_QUOTE)["value"] == 84000


def test_bad_corrections_are_refused_with_a_clear_message(engine: Engine) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    for assignments, message in [
        (["program=no_such_program"], "no such code"),
        (["value=lots"], "not a number"),
        (["colour=red"], "not a field"),
        (["period_start=2024-13-01"], "not a date"),
        (["period_start=2025-01-01"], "after period_end"),
    ]:
        with pytest.raises(CorrectionError, match=message):
            _set(engine, fact["fact_id"], *assignments)
    with pytest.raises(CorrectionError, match="no fact 999999"):
        _set(engine, 999999, "value=1")
    with pytest.raises(CorrectionError, match="not within the text"):
        corrections.add_fact(engine, WUHU.name, (10, 10**7), parse_assignments(["program=dibao", "metric=recipients", "value=1"]))
    with pytest.raises(CorrectionError, match="needs --program"):
        corrections.add_fact(engine, WUHU.name, (10, 12), parse_assignments(["metric=recipients", "value=1"]))
    assert corrections.list_corrections(engine) == []
    assert one_fact(engine, WUHU_QUOTE, "dibao")["value"] == 83000


def test_export_and_import_move_corrections(engine: Engine, tmp_path: Path) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    _set(engine, fact["fact_id"], "value=84000", note="逗号, and \"quotes\"")
    corrections.reject_fact(engine, one_fact(engine, "特困供养1.8万人")["fact_id"])
    csv_file = tmp_path / "corrections.csv"
    assert corrections.export_corrections(engine, csv_file) == 2

    # Another database: the same report loaded, no corrections.
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM correction"))
    force_reextraction(engine)
    load(engine, WUHU)
    assert one_fact(engine, WUHU_QUOTE, "dibao")["value"] == 83000

    report = corrections.import_corrections(engine, csv_file)
    assert (report.imported, report.duplicates, report.unmatched) == (2, 0, [])
    assert one_fact(engine, WUHU_QUOTE, "dibao")["value"] == 84000
    assert facts_where(engine, "quote = :q", q="特困供养1.8万人") == []
    assert corrections.list_corrections(engine)[0].note == "逗号, and \"quotes\""
    again = corrections.import_corrections(engine, csv_file)
    assert (again.imported, again.duplicates) == (0, 2)


def test_import_refuses_a_file_that_is_not_a_corrections_export(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CorrectionError, match="not a corrections file"):
        corrections.import_corrections(engine, bad)


def test_the_cli_corrects_rejects_and_adds(engine: Engine) -> None:
    load(engine, WUHU)
    db = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    result = runner.invoke(cli, ["correct", str(fact["fact_id"]), "--set", "value=84000", "--note", "typo", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Corrected fact" in result.output
    tekun = one_fact(engine, "特困供养1.8万人")
    result = runner.invoke(cli, ["correct", str(tekun["fact_id"]), "--reject", "--db", db])
    assert result.exit_code == 0 and "Rejected" in result.output
    start = _text(engine, WUHU.name).index("15个工作日")
    result = runner.invoke(cli, ["correct", "add", WUHU.name, "--span", str(start), str(start + 3), "--program", "dibao",
                                 "--metric", "recipients", "--value", "15", "--db", db])
    assert result.exit_code == 0, result.output
    assert facts_where(engine, "quote = '15个'")[0]["corrected"] == 1
    result = runner.invoke(cli, ["corrections", "list", "--format", "csv", "--db", db])
    assert result.exit_code == 0
    assert [line.split(",")[2] for line in result.output.splitlines()[1:]] == ["set", "reject", "add"]
    result = runner.invoke(cli, ["correct", str(fact["fact_id"]), "--set", "program=nope", "--db", db])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "Traceback" not in result.output
    result = runner.invoke(cli, ["correct", str(fact["fact_id"]), "--db", db])
    assert result.exit_code == 2 and "--reject" in result.output


def test_deleting_a_correction_undoes_it(engine: Engine) -> None:
    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    changed = _set(engine, fact["fact_id"], "value=84000", "program=dibao_urban")
    rejected = corrections.reject_fact(engine, one_fact(engine, "特困供养1.8万人")["fact_id"])
    start = _text(engine, WUHU.name).index("15个工作日")
    added = corrections.add_fact(engine, WUHU.name, (start, start + 3),
                                 parse_assignments(["program=dibao", "metric=recipients", "value=15"]))
    before = len(facts_where(engine, "1 = 1"))

    assert "extracted values" in corrections.delete_correction(engine, changed.correction_id)
    row = one_fact(engine, WUHU_QUOTE)
    assert (row["value"], row["program"], row["corrected"]) == (83000, "dibao", 0)
    assert "restored" in corrections.delete_correction(engine, rejected.correction_id)
    assert one_fact(engine, "特困供养1.8万人")["corrected"] == 0
    assert "removed" in corrections.delete_correction(engine, added.correction_id)
    assert facts_where(engine, "quote = '15个'") == []
    assert len(facts_where(engine, "1 = 1")) == before  # +1 restored, -1 added
    assert corrections.list_corrections(engine) == []
    with pytest.raises(CorrectionError, match="no correction"):
        corrections.delete_correction(engine, added.correction_id)
    result = CliRunner().invoke(cli, ["corrections", "delete", "12345", "--db", engine.url.render_as_string(hide_password=False)])
    assert result.exit_code == 1 and "no correction 12345" in result.output


def test_the_quote_check_reads_the_stored_text(engine: Engine) -> None:
    from etl.datatests import run_check

    load(engine, WUHU)
    fact = one_fact(engine, WUHU_QUOTE, "dibao")
    start = _text(engine, WUHU.name).index("15个工作日")
    corrections.add_fact(engine, WUHU.name, (start, start + 3), parse_assignments(["program=dibao", "metric=recipients", "value=15"]))
    assert run_check(engine, "fact_quote_matches_text") == []
    with engine.begin() as connection:  # same length, other characters: only the text can tell
        connection.execute(text("UPDATE fact SET quote = :q WHERE id = :i"), {"q": "全市城乡特困对象8.3万人", "i": fact["fact_id"]})
    [bad] = run_check(engine, "fact_quote_matches_text")
    assert (bad["fact_id"], bad["text_at_span"]) == (fact["fact_id"], WUHU_QUOTE)
