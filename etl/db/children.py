"""A document's rows in other tables (facts, unclassified mentions, its text), kept with it without foreign keys.

``fact.document_id`` and ``unclassified_mention.document_id`` have no foreign
key to ``document`` (revision 0010): PostgreSQL checks such a key row by row
(one ``SELECT ... FOR KEY SHARE`` on ``document`` per fact) while the loader
copies facts in, which made that COPY about twice as slow as one into a table
without it (issue #13, goal 4). The relation is kept instead by:

* the writer (:mod:`etl.load.writer`), which inserts a document and its facts
  and mentions in one transaction, with the id the document insert returned;
* :func:`delete_documents`, the one way the code deletes documents: it deletes
  their facts, mentions and texts first, explicitly (the roll-up triggers on
  ``fact`` see those deletes as before);
* the triggers of :func:`cascade_trigger_statements`, which do the same when a
  document is deleted by other means (``DELETE FROM document`` in SQL by hand,
  ``etl query --write``), as ``ON DELETE CASCADE`` did. They fire on deletes
  of ``document`` only, so inserting facts costs nothing more;
* the data check ``schema/checks/fact_document_known.sql`` (``etl check``),
  which lists facts and mentions whose document is missing (written by other
  means), and the downgrade of 0010, which refuses to restore the keys while
  such rows exist (:func:`count_orphans`).

``document_text`` keeps its foreign key (one row per document, not per fact;
it is also its primary key).
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, text

from etl.datatests import check_sql

# Tables whose rows belong to one document (document_id), deleted with it; children first.
CHILD_TABLES = ("fact", "unclassified_mention", "document_text")
# The children without a foreign key to document since revision 0010.
UNKEYED_CHILDREN = ("fact", "unclassified_mention")

_DELETES = {
    table: text(f"DELETE FROM {table} WHERE document_id IN :ids").bindparams(bindparam("ids", expanding=True))
    for table in CHILD_TABLES
}
_DELETE_DOCUMENTS = text("DELETE FROM document WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
# SQLite allows 32,766 parameters a statement (999 before 3.32); stay well below.
IDS_PER_STATEMENT = 900


def delete_documents(connection: Connection, ids: list[int]) -> None:
    """Delete documents ``ids`` with their facts, mentions and texts (in the caller's transaction).

    The children go first and explicitly: neither ``fact`` nor
    ``unclassified_mention`` has a foreign key that would cascade (and on
    SQLite ``PRAGMA foreign_keys`` may be off for an engine not made by
    :func:`etl.db.engine.make_engine`).
    """
    for start in range(0, len(ids), IDS_PER_STATEMENT):
        part = {"ids": ids[start:start + IDS_PER_STATEMENT]}
        for table in CHILD_TABLES:
            connection.execute(_DELETES[table], part)
        connection.execute(_DELETE_DOCUMENTS, part)


def count_orphans(connection: Connection) -> dict[str, int]:
    """Per table without a document key, how many rows name a document that is not stored:
    the rows the data check ``fact_document_known`` lists, counted."""
    check = check_sql("fact_document_known")
    counted = connection.execute(text(f"SELECT row_table, count(*) FROM ({check}\n) o GROUP BY row_table")).all()
    found = {str(table): int(n) for table, n in counted}
    return {table: found.get(table, 0) for table in UNKEYED_CHILDREN}


# --- triggers (revision 0010) -------------------------------------------------


def cascade_trigger_statements(sqlite: bool) -> list[str]:
    """Triggers that delete a deleted document's facts and mentions, as ON DELETE CASCADE did.

    SQLite: a row trigger per table. PostgreSQL: one statement trigger with a
    transition table (one DELETE per table and statement, however many
    documents it deletes).
    """
    if sqlite:
        return [
            f"CREATE TRIGGER document_delete_{table} AFTER DELETE ON document BEGIN"
            f" DELETE FROM {table} WHERE document_id = OLD.id; END"
            for table in UNKEYED_CHILDREN
        ]
    deletes = " ".join(
        f"DELETE FROM {table} WHERE document_id IN (SELECT id FROM old_documents);" for table in UNKEYED_CHILDREN
    )
    return [
        "CREATE FUNCTION document_delete_children() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN {deletes} RETURN NULL; END $$",
        "CREATE TRIGGER document_delete_children AFTER DELETE ON document REFERENCING OLD TABLE AS old_documents"
        " FOR EACH STATEMENT EXECUTE FUNCTION document_delete_children()",
    ]


def drop_cascade_trigger_statements(sqlite: bool) -> list[str]:
    """Statements that remove the triggers of :func:`cascade_trigger_statements` (downgrade)."""
    if sqlite:
        return [f"DROP TRIGGER IF EXISTS document_delete_{table}" for table in UNKEYED_CHILDREN]
    return [
        "DROP TRIGGER IF EXISTS document_delete_children ON document",
        "DROP FUNCTION IF EXISTS document_delete_children()",
    ]


def lock_document(connection: Connection, document_id: int) -> bool:
    """Keep document ``document_id`` from being deleted until this transaction ends; False when it is not stored.

    Call it before adding a fact to a document that another transaction may
    delete (a correction, while a load replaces the file). It takes the lock
    the foreign key's check took (``FOR KEY SHARE``): a concurrent delete
    waits for this transaction, and then its cascade trigger sees the new
    fact. SQLite serialises writers, so a read is enough there.
    """
    lock = "" if connection.dialect.name == "sqlite" else " FOR KEY SHARE"
    found = connection.execute(text(f"SELECT id FROM document WHERE id = :id{lock}"), {"id": document_id}).first()
    return found is not None
