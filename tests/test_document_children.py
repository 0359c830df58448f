"""Facts and mentions without a foreign key to document (revision 0010): deleted with their document on every path.

The loader deletes a replaced document's facts, mentions and text itself
(etl.db.children.delete_documents); a DELETE of a document in SQL by hand
does the same through a trigger; `etl check fact_document_known` lists any
fact or mention whose document is missing. The roll-up tables stay right.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from etl.corrections import CorrectionError
from etl.corrections.apply import write_fact
from etl.datatests import failing, run_check, run_checks
from etl.db import children, migrate
from etl.db.engine import is_sqlite, make_engine
from etl.db.marts import ROLLUP_TABLES, refresh_stale, rollup_sql
from etl.errors import DatabaseError
from etl.load import load_paths
from fact_builder import add_document, add_facts, persons, year
from support import SAMPLES

KEY_REVISION = "0010"
# A fact that enters a roll-up: actual, within one year, in a place of a city.
IN_A_ROLLUP = (
    "SELECT min(f.id) FROM fact f JOIN jurisdiction j ON j.code = f.jurisdiction_code"
    " WHERE f.status = 'actual' AND j.city_code IS NOT NULL"
    " AND substr(CAST(f.period_start AS TEXT), 1, 4) = substr(CAST(f.period_end AS TEXT), 1, 4)"
)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("document", "fact", "unclassified_mention", "document_text")
        }


def _orphans(engine: Engine) -> list[tuple[str, int]]:
    return sorted((row["row_table"], row["document_id"]) for row in run_check(engine, "fact_document_known"))


def _assert_rollups_match_the_facts(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM rollup_stale")).scalar_one() == 0
        for table, (_, version) in ROLLUP_TABLES.items():
            computed = connection.execute(text(f"SELECT count(*), sum(year) FROM ({rollup_sql(table, version)}) r")).one()
            stored = connection.execute(text(f"SELECT count(*), sum(year) FROM {table}")).one()
            assert tuple(stored) == tuple(computed), table


def _document_keys(engine: Engine) -> dict[str, set[str]]:
    found = inspect(engine)
    return {
        table: {key["referred_table"] for key in found.get_foreign_keys(table)}
        for table in ("fact", "unclassified_mention", "document_text")
    }


def test_the_schema_has_no_document_key_on_facts_and_mentions(engine: Engine) -> None:
    assert _document_keys(engine) == {"fact": set(), "unclassified_mention": set(), "document_text": {"document"}}


def test_a_replaced_document_leaves_no_fact_mention_or_text_behind(engine: Engine) -> None:
    first = load_paths([SAMPLES], engine=engine, workers=1)
    assert first.facts > 50 and first.mentions > 0
    before = _counts(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE document SET parser_version = '0.0.1+old'"))  # as if from an older etl
    again = load_paths([SAMPLES], engine=engine, workers=1)
    assert again.replaced == first.loaded == 5
    # The old documents went with all their rows; the new ones have the same.
    assert _counts(engine) == before
    assert _orphans(engine) == []
    _assert_rollups_match_the_facts(engine)


def test_delete_documents_deletes_the_children_even_without_foreign_keys_pragma(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(children, "IDS_PER_STATEMENT", 2)  # several statements for five documents
    load_paths([SAMPLES], engine=engine, workers=1)
    with engine.connect() as connection:
        if is_sqlite(engine):
            # Before any write: the sqlite3 driver opens its transaction only then (a no-op inside one).
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 0
        ids = [row[0] for row in connection.execute(text("SELECT id FROM document ORDER BY id"))]
        children.delete_documents(connection, ids[:4])
        refresh_stale(connection)
        connection.commit()
        if is_sqlite(engine):
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    with engine.connect() as connection:
        for table in ("fact", "unclassified_mention", "document_text"):
            left = {row[0] for row in connection.execute(text(f"SELECT DISTINCT document_id FROM {table}"))}
            assert left <= {ids[4]}, table
    assert _counts(engine)["document"] == 1
    assert _orphans(engine) == []
    _assert_rollups_match_the_facts(engine)


def test_a_document_deleted_in_sql_by_hand_takes_its_rows_and_its_roll_up_figures(engine: Engine) -> None:
    with engine.begin() as connection:
        older = add_document(connection, "wuhu.txt", published="2025-01-20")
        add_facts(connection, older, [persons("340200", "dibao", 83000, *year(2024))])
        later = add_document(connection, "wuhu_later.txt", published="2025-03-01")
        add_facts(connection, later, [persons("340200", "dibao", 84000, *year(2024))])
        connection.execute(text("INSERT INTO document_text (document_id, text) VALUES (:d, 'x')"), {"d": later})
        connection.execute(
            text("INSERT INTO unclassified_mention (document_id, span_start, span_end, quote, reason)"
                 " VALUES (:d, 0, 1, '9', 'no_program')"),
            {"d": later},
        )
    with engine.connect() as connection:
        assert connection.execute(text("SELECT persons FROM v_dibao_city_year WHERE city_code = '340200'")).scalar_one() == 84000
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM document WHERE id = :d"), {"d": later})
        refresh_stale(connection)
    counts = _counts(engine)
    assert (counts["document"], counts["fact"], counts["unclassified_mention"], counts["document_text"]) == (1, 1, 0, 0)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT persons FROM v_dibao_city_year WHERE city_code = '340200'")).scalar_one() == 83000
    _assert_rollups_match_the_facts(engine)


def test_the_data_check_finds_a_fact_and_a_mention_whose_document_is_missing(engine: Engine) -> None:
    with engine.begin() as connection:
        document = add_document(connection, "kept.txt")
        add_facts(connection, document, [persons("340200", "dibao", 83000, *year(2024))])
        missing = document + 1000
        # Written by other means: nothing in the database refuses them now.
        add_facts(connection, missing, [persons("340200", "dibao", 5, *year(2023))])
        connection.execute(
            text("INSERT INTO unclassified_mention (document_id, span_start, span_end, quote, reason)"
                 " VALUES (:d, 0, 1, '9', 'no_program')"),
            {"d": missing},
        )
    assert _orphans(engine) == [("fact", missing), ("unclassified_mention", missing)]
    assert "fact_document_known" in failing(run_checks(engine))
    with engine.begin() as connection:
        assert children.count_orphans(connection) == {"fact": 1, "unclassified_mention": 1}


def test_the_data_check_is_silent_on_loaded_samples(engine: Engine) -> None:
    assert load_paths([SAMPLES], engine=engine, workers=1).facts > 50
    assert _orphans(engine) == []


def test_a_correction_cannot_add_a_fact_to_a_document_that_is_gone(engine: Engine) -> None:
    fields = {"jurisdiction_code": "340200", "program_code": "dibao", "metric_code": "recipients",
              "unit_code": "person", "value": 5.0, "period_start": "2024-01-01", "period_end": "2024-12-31"}
    with engine.begin() as connection:
        document = add_document(connection, "a.txt")
        assert children.lock_document(connection, document)
        assert not children.lock_document(connection, document + 1)
        with pytest.raises(CorrectionError, match="no longer stored"):
            write_fact(connection, document + 1, (0, 3), "5人 ", _row(fields), None, None)
        assert write_fact(connection, document, (0, 3), "5人 ", _row(fields), None, None) > 0


def _row(fields: dict[str, object]) -> dict[str, object]:
    from datetime import date

    return {k: date.fromisoformat(v) if k.startswith("period_") and isinstance(v, str) else v for k, v in fields.items()}


def test_a_delete_waits_for_a_correction_holding_the_document_and_takes_its_fact(engine: Engine) -> None:
    """PostgreSQL: the lock a foreign key's check took, taken by lock_document, keeps the cascade whole."""
    if is_sqlite(engine):
        pytest.skip("SQLite serialises writers")
    with engine.begin() as connection:
        document = add_document(connection, "a.txt")
        add_facts(connection, document, [persons("340200", "dibao", 83000, *year(2024))])
    errors: list[BaseException] = []
    correction = engine.connect()
    transaction = correction.begin()
    assert children.lock_document(correction, document)
    add_facts(correction, document, [persons("340200", "dibao", 5, *year(2023))])

    def delete() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(text("SET LOCAL lock_timeout = '20s'"))
                children.delete_documents(connection, [document])
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)

    deleter = threading.Thread(target=delete)
    deleter.start()
    deleter.join(1.0)
    assert deleter.is_alive()  # waiting for the correction's transaction
    transaction.commit()
    correction.close()
    deleter.join(30)
    assert not deleter.is_alive() and errors == []
    assert _counts(engine)["fact"] == 0
    assert _orphans(engine) == []


def test_0010_upgrade_downgrade_upgrade_keeps_rows_keys_and_triggers(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine)
    load_paths([SAMPLES], engine=engine, workers=1)
    before = _counts(engine)

    migrate.downgrade(engine, "0009")
    assert _document_keys(engine) == {"fact": {"document"}, "unclassified_mention": {"document"},
                                      "document_text": {"document"}}
    assert _counts(engine) == before
    # The roll-up triggers survived the table rebuilds (SQLite) and still mark city-years.
    with engine.begin() as connection:
        connection.execute(text(f"DELETE FROM fact WHERE id = ({IN_A_ROLLUP})"))
        assert connection.execute(text("SELECT count(*) FROM rollup_stale")).scalar_one() == 1
        refresh_stale(connection)
    _assert_rollups_match_the_facts(engine)
    with pytest.raises(Exception, match="(?i)foreign key"):
        with engine.begin() as connection:
            connection.execute(text("UPDATE fact SET document_id = -1 WHERE id = (SELECT min(id) FROM fact)"))

    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == KEY_REVISION == migrate.head_revision()
    assert _document_keys(engine)["fact"] == set()
    if is_sqlite(engine):
        expected = {"rollup_stale_fact_delete_old", "rollup_stale_fact_update_old", "rollup_stale_fact_update_new",
                    "rollup_stale_document", "document_delete_fact", "document_delete_unclassified_mention"}
    else:
        expected = {"rollup_stale_fact_insert", "rollup_stale_fact_delete", "rollup_stale_fact_update",
                    "rollup_stale_document", "document_delete_children"}
    assert _triggers(engine) == expected
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM document WHERE id = (SELECT min(id) FROM document)"))
        refresh_stale(connection)
    assert _counts(engine)["document"] == before["document"] - 1
    assert _orphans(engine) == []
    _assert_rollups_match_the_facts(engine)
    engine.dispose()


def _triggers(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        if is_sqlite(engine):
            sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        else:
            sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        return {row[0] for row in connection.execute(text(sql))}


def test_0010_downgrade_with_an_orphan_fact_is_refused_and_changes_nothing(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine)
    with engine.begin() as connection:
        document = add_document(connection, "a.txt")
        add_facts(connection, document + 7, [persons("340200", "dibao", 12, *year(2024))])
    triggers = _triggers(engine)
    with pytest.raises(DatabaseError, match="1 row.s. of fact name a document that is not stored.*nothing was changed"):
        migrate.downgrade(engine, "0009")
    assert migrate.current_revision(engine) == KEY_REVISION
    assert _document_keys(engine)["fact"] == set()
    assert _triggers(engine) == triggers
    assert _counts(engine)["fact"] == 1
    engine.dispose()

