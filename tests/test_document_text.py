"""Migration 0007 on a database loaded before it: documents get their text on the next load."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from sqlalchemy import insert, select, text

from etl.db import migrate
from etl.db.engine import make_engine
from etl.db.models import Document
from etl.extract import PARSER_VERSION
from review_support import WUHU, load


def test_documents_loaded_before_texts_were_kept_get_theirs_on_the_next_load(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine, "0006")
    with engine.begin() as connection:
        # A document as the loader stored it before revision 0007 (same bytes, current parser).
        connection.execute(insert(Document.__table__).values(
            sha256=hashlib.sha256(WUHU.read_bytes()).hexdigest(), path=str(WUHU.resolve()), name=WUHU.name,
            size_bytes=WUHU.stat().st_size, parser_version=PARSER_VERSION, loaded_at=datetime.now(timezone.utc),
        ))
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(select(Document.parser_version)).scalar_one() == PARSER_VERSION + "+notext"
    summary = load(engine, WUHU)
    assert (summary.loaded, summary.replaced, summary.unchanged) == (1, 1, 0)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT t.text FROM document_text t JOIN document d ON d.id = t.document_id")).scalar_one()
        spans = connection.execute(text("SELECT span_start, span_end, quote FROM fact")).all()
    assert spans and all(stored[s:e] == q for s, e, q in spans)
    migrate.downgrade(engine, "0006")
    with engine.connect() as connection:
        assert connection.execute(select(Document.parser_version)).scalar_one() == PARSER_VERSION
    engine.dispose()
