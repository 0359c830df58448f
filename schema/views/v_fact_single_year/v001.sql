-- v_fact_single_year (staging): the facts the per-year roll-ups may use -- status
-- 'actual' (no targets) and a period within one calendar year (no 十三五 totals) --
-- with the roll-up target (city_code), the year and the document fields that rank
-- competing figures.
--
-- is_city_figure is 1 when the fact is about the city (or 直辖市) itself, 0 when it
-- is about one of its counties. Dates are compared as ISO text so the same SQL runs
-- on SQLite (dates stored as 'YYYY-MM-DD' text) and PostgreSQL (date).
SELECT
    f.id AS fact_id,
    f.document_id,
    d.name AS document,
    d.published AS document_published,
    d.loaded_at AS document_loaded_at,
    j.city_code,
    f.jurisdiction_code,
    j.level AS jurisdiction_level,
    CASE WHEN f.jurisdiction_code = j.city_code THEN 1 ELSE 0 END AS is_city_figure,
    f.program_code,
    f.metric_code,
    f.unit_code,
    f.value,
    f.value_high,
    f.qualifier,
    f.period_start,
    f.period_end,
    CAST(substr(CAST(f.period_start AS TEXT), 1, 4) AS INTEGER) AS year
FROM fact f
JOIN jurisdiction j ON j.code = f.jurisdiction_code
JOIN document d ON d.id = f.document_id
WHERE f.status = 'actual'
  AND substr(CAST(f.period_start AS TEXT), 1, 4) = substr(CAST(f.period_end AS TEXT), 1, 4)
