"""Helpers shared by the extractor tests (imported as a plain module: tests/ is not a package)."""

from __future__ import annotations

from pathlib import Path

from etl.extract import MetaRecord, extract_text
from etl.extract.model import Extraction

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "seeds" / "samples"
SHARED = (REPO / ".." / "shared").resolve()


def run(text: str, *, published: str | None = "2024-06-30", jurisdiction: str | None = None,
        title: str | None = None) -> Extraction:
    """Extract from an inline snippet with the metadata a collector would give."""
    from datetime import date

    pub = date.fromisoformat(published) if published else None
    meta = MetaRecord(document="t.txt", published=pub, jurisdiction=jurisdiction, title=title)
    return extract_text(text, "t.txt", meta)


def facts_of(ex: Extraction) -> set[tuple[str, str, str, str, float]]:
    """(jurisdiction, program, metric, unit, value) of every fact."""
    return {(f.jurisdiction_code, f.program, f.metric, f.unit, f.value) for f in ex.facts}


