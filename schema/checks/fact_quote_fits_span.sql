-- Traceability: the quote is exactly as long as its [span_start, span_end) span.
SELECT id AS fact_id, document_id, span_start, span_end, quote
FROM fact
WHERE span_end <= span_start OR length(quote) <> span_end - span_start
