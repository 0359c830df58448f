"""fact's reference codes without foreign keys (migration 0008): the loader and `etl check` check them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, text

from etl.datatests import failing, run_check, run_checks
from etl.db import migrate
from etl.db.engine import make_engine
from etl.errors import DatabaseError, EtlError
from etl.load.codes import ReferenceCodes, UnknownCodeError
from fact_builder import F, add_document, add_facts, persons, year

CODES_REVISION = "0008"


def _fact(place: str = "340200", program: str = "dibao", metric: str = "recipients", unit: str = "person") -> tuple:
    # The worker's fact tuple (etl.load.worker.FACT_COLUMNS).
    return (place, program, metric, unit, 12.0, None, "exact", date(2023, 1, 1), date(2023, 12, 31), "actual", 3, 6, "12人")


def test_reference_codes_accept_known_codes_and_name_the_unknown_one(engine: Engine) -> None:
    with engine.connect() as connection:
        codes = ReferenceCodes.read(connection)
    codes.check("a.txt", [_fact(), _fact("500229", "tekun", "spending", "cny")])
    for fact, column, code in [
        (_fact(place="999999"), "jurisdiction", "999999"),
        (_fact(program="no_such_program"), "program", "no_such_program"),
        (_fact(metric="height"), "metric", "height"),
        (_fact(unit="li"), "unit", "li"),
    ]:
        with pytest.raises(UnknownCodeError) as raised:
            codes.check("reports/b.txt", [_fact(), fact])
        assert isinstance(raised.value, EtlError)
        assert str(raised.value).startswith(f"reports/b.txt: unknown {column} code '{code}' (fact at characters 3-6")


def test_fact_table_takes_an_unknown_code_and_the_data_check_finds_it(engine: Engine) -> None:
    with engine.begin() as connection:
        document = add_document(connection, "odd.txt")
        good, bad_place, bad_program = add_facts(
            connection,
            document,
            [
                persons("340200", "dibao", 83000, *year(2024)),
                persons("999999", "dibao", 12, *year(2024)),
                F("340200", "no_such_program", "recipients", "person", 5, *year(2024)),
            ],
        )
    rows = run_check(engine, "fact_codes_known")
    assert sorted((row["fact_id"], row["code_column"], row["code"]) for row in rows) == sorted([
        (bad_place, "jurisdiction_code", "999999"),
        (bad_program, "program_code", "no_such_program"),
    ])
    assert all(row["document_id"] == document for row in rows)
    assert "fact_codes_known" in failing(run_checks(engine))


def test_the_data_check_is_silent_on_loaded_samples(engine: Engine) -> None:
    from etl.load import load_paths
    from support import SAMPLES

    assert load_paths([SAMPLES], engine=engine, workers=1).facts > 50
    assert run_check(engine, "fact_codes_known") == []


def _foreign_keys(engine: Engine) -> set[str]:
    from sqlalchemy import inspect

    return {key["referred_table"] for key in inspect(engine).get_foreign_keys("fact")}


def test_upgrade_downgrade_upgrade_0008_on_a_database_holding_facts(empty_db_url: str) -> None:
    from etl.load import load_paths
    from support import SAMPLES

    engine = make_engine(empty_db_url)
    migrate.upgrade(engine, CODES_REVISION)
    assert _foreign_keys(engine) == {"document"}
    facts = load_paths([SAMPLES], engine=engine, workers=1).facts
    assert facts > 50

    migrate.downgrade(engine, "0007")
    assert _foreign_keys(engine) == {"document", "jurisdiction", "program", "metric", "unit"}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM fact")).scalar_one() == facts
        assert connection.execute(text("SELECT count(*) FROM v_fact")).scalar_one() == facts
    # The keys are back: the database refuses an unknown code again.
    with pytest.raises(Exception, match="(?i)foreign key"):
        with engine.begin() as connection:
            connection.execute(text("UPDATE fact SET program_code = 'no_such_program' WHERE id = (SELECT min(id) FROM fact)"))

    migrate.upgrade(engine, CODES_REVISION)
    assert _foreign_keys(engine) == {"document"}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM v_fact")).scalar_one() == facts
    # Deleting a document still deletes its facts (the document key and its cascade stay).
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM document WHERE id = (SELECT min(document_id) FROM fact)"))
        left = connection.execute(text("SELECT count(*) FROM fact")).scalar_one()
        orphans = connection.execute(
            text("SELECT count(*) FROM fact WHERE document_id NOT IN (SELECT id FROM document)")
        ).scalar_one()
    assert 0 < left < facts and orphans == 0
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_downgrade_with_a_fact_naming_an_unknown_code_fails_and_changes_nothing(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine, CODES_REVISION)
    with engine.begin() as connection:
        document = add_document(connection, "odd.txt")
        add_facts(connection, document, [persons("999999", "dibao", 12, *year(2024))])
    with pytest.raises(DatabaseError):
        migrate.downgrade(engine, "0007")
    assert migrate.current_revision(engine) == CODES_REVISION
    assert _foreign_keys(engine) == {"document"}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM fact")).scalar_one() == 1
    engine.dispose()
