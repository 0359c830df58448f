"""Reviewers' corrections of extracted facts, kept apart from the extraction and re-applied after it.

``etl correct`` / ``etl corrections`` call this package. Corrections are
keyed by the document's sha256 and the span (fact ids change with every
re-extraction); the loader re-applies them in the load transaction
(:func:`apply_to_document`) and reports the ones whose span text changed.
"""

from __future__ import annotations

from etl.corrections.apply import Outcome, apply_to_document, carry_over, corrected_documents, document_text
from etl.corrections.fields import CorrectionError, parse_assignments
from etl.corrections.manage import (
    CorrectionRow, add_fact, correct_fact, delete_correction, list_corrections, reject_fact, resolve_document,
)
from etl.corrections.transfer import ImportReport, export_corrections, import_corrections

__all__ = [
    "CorrectionError", "CorrectionRow", "ImportReport", "Outcome", "add_fact", "apply_to_document", "carry_over",
    "correct_fact", "corrected_documents", "delete_correction", "document_text", "export_corrections", "import_corrections", "list_corrections",
    "parse_assignments", "reject_fact", "resolve_document",
]
