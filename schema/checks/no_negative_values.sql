-- Counts, money and standards are never negative.
SELECT id AS fact_id, document_id, jurisdiction_code, program_code, metric_code, value, value_high
FROM fact
WHERE value < 0 OR value_high < 0
