-- v_fact: every fact with the names of its document, place, city, province and program.
-- `year` is set when the period lies within one calendar year, else NULL.
-- Dates are compared as ISO text so the same SQL runs on SQLite and PostgreSQL.
--
-- v002: document_url, the address the report was published at (document.url,
-- from --meta), so that a BI user can click through to the source.
-- v003: `corrected` is 1 when a reviewer's correction (etl correct) set or added
-- the fact, else 0; `correction_id` names that correction. Rejected facts are
-- not in the fact table, so no view sees them.
SELECT
    f.id AS fact_id,
    d.id AS document_id,
    d.name AS document,
    d.title AS document_title,
    d.path AS document_path,
    d.url AS document_url,
    d.published AS document_published,
    f.jurisdiction_code,
    j.name AS jurisdiction_name,
    j.level AS jurisdiction_level,
    j.city_code,
    c.name AS city_name,
    j.province_code,
    p.name AS province_name,
    f.program_code AS program,
    pr.name_zh AS program_name_zh,
    f.metric_code AS metric,
    f.unit_code AS unit,
    f.value,
    f.value_high,
    f.qualifier,
    f.period_start,
    f.period_end,
    CASE
        WHEN substr(CAST(f.period_start AS TEXT), 1, 4) = substr(CAST(f.period_end AS TEXT), 1, 4)
        THEN CAST(substr(CAST(f.period_start AS TEXT), 1, 4) AS INTEGER)
    END AS year,
    f.status,
    f.quote,
    f.span_start,
    f.span_end,
    CASE WHEN f.correction_id IS NULL THEN 0 ELSE 1 END AS corrected,
    f.correction_id
FROM fact f
JOIN document d ON d.id = f.document_id
JOIN jurisdiction j ON j.code = f.jurisdiction_code
LEFT JOIN jurisdiction c ON c.code = j.city_code
LEFT JOIN jurisdiction p ON p.code = j.province_code
JOIN program pr ON pr.code = f.program_code
