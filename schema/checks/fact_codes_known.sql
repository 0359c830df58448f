-- Every fact names codes that exist in the reference tables. fact has no
-- foreign keys to them (migration 0008: the loader checks the codes instead,
-- etl.load.codes), so a fact written by other means, or reference data synced
-- to drop a code, shows here: one row per fact and unknown code.
SELECT f.id AS fact_id, f.document_id, 'jurisdiction_code' AS code_column, f.jurisdiction_code AS code
FROM fact f
WHERE NOT EXISTS (SELECT 1 FROM jurisdiction j WHERE j.code = f.jurisdiction_code)
UNION ALL
SELECT f.id, f.document_id, 'program_code', f.program_code
FROM fact f
WHERE NOT EXISTS (SELECT 1 FROM program p WHERE p.code = f.program_code)
UNION ALL
SELECT f.id, f.document_id, 'metric_code', f.metric_code
FROM fact f
WHERE NOT EXISTS (SELECT 1 FROM metric m WHERE m.code = f.metric_code)
UNION ALL
SELECT f.id, f.document_id, 'unit_code', f.unit_code
FROM fact f
WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE u.code = f.unit_code)
