-- v_fact_best (intermediate): the best single-year actual figure per jurisdiction,
-- program, metric, unit and year, chosen among v_fact_single_year by, in order:
--   1. later as-of date (period_end): a year-end or full-year figure beats a
--      mid-year one (截至6月底), 11-30 beats 06-30;
--   2. longer coverage at the same as-of (earlier period_start): the full year
--      beats the second half or December alone;
--   3. the later-published document (document.published; a document without a
--      date counts as older than any dated one), then the later-loaded one
--      (loaded_at, then id) -- the same figure restated later is a correction;
--   4. within one document, the larger value (a 其中 subset is smaller than the
--      headline figure it belongs to), then the later fact id.
-- `candidates` is how many facts competed. The window is partitioned by city_code
-- first so that PostgreSQL pushes a `city_code = ...` filter below it.
SELECT
    fact_id,
    document_id,
    document,
    document_published,
    city_code,
    jurisdiction_code,
    jurisdiction_level,
    is_city_figure,
    program_code,
    metric_code,
    unit_code,
    value,
    value_high,
    qualifier,
    period_start,
    period_end,
    year,
    candidates
FROM (
    SELECT
        s.fact_id,
        s.document_id,
        s.document,
        s.document_published,
        s.city_code,
        s.jurisdiction_code,
        s.jurisdiction_level,
        s.is_city_figure,
        s.program_code,
        s.metric_code,
        s.unit_code,
        s.value,
        s.value_high,
        s.qualifier,
        s.period_start,
        s.period_end,
        s.year,
        ROW_NUMBER() OVER (
            PARTITION BY s.city_code, s.jurisdiction_code, s.program_code, s.metric_code, s.unit_code, s.year
            ORDER BY
                s.period_end DESC,
                s.period_start ASC,
                CASE WHEN s.document_published IS NULL THEN 1 ELSE 0 END,
                s.document_published DESC,
                s.document_loaded_at DESC,
                s.document_id DESC,
                s.value DESC,
                s.fact_id DESC
        ) AS preference,
        COUNT(*) OVER (
            PARTITION BY s.city_code, s.jurisdiction_code, s.program_code, s.metric_code, s.unit_code, s.year
        ) AS candidates
    FROM v_fact_single_year s
) ranked
WHERE preference = 1
