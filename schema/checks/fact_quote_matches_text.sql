-- Traceability against the stored text: each fact's quote is the document's text at
-- its [span_start, span_end) span (document_text; a document loaded without its text
-- is not checked). substr counts characters from 1 on both SQLite and PostgreSQL.
SELECT f.id AS fact_id, f.document_id, f.span_start, f.span_end, f.quote,
       substr(t.text, f.span_start + 1, f.span_end - f.span_start) AS text_at_span
FROM fact f
JOIN document_text t ON t.document_id = f.document_id
WHERE substr(t.text, f.span_start + 1, f.span_end - f.span_start) <> f.quote
