-- v_fact_best (intermediate): the best single-year actual figure per jurisdiction,
-- program, metric, unit and year, chosen among the competing facts by, in order:
--   1. later as-of date (period_end): a year-end or full-year figure beats a
--      mid-year one (截至6月底), 11-30 beats 06-30;
--   2. longer coverage at the same as-of (earlier period_start): the full year
--      beats the second half or December alone;
--   3. the later-published document (document.published; a document without a
--      date counts as older than any dated one), then the later-loaded one
--      (loaded_at, then id) -- the same figure restated later is a correction;
--   4. within one document, the larger value (a 其中 subset is smaller than the
--      headline figure it belongs to), then the later fact id.
-- `candidates` is how many facts competed.
--
-- v002 (same rows as v001, which ranked v_fact_single_year with ROW_NUMBER):
-- instead of sorting every candidate with a window, the groups are found by
-- aggregation (`periods`: one row per distinct period, then `g`: one row per
-- year), and each group's winner is picked by a LIMIT 1 subquery that reads only
-- that group's facts through ix_fact_series (an index-only range scan: same
-- series, status 'actual', period_start within the group's first..last start and
-- period_end = the group's latest end, which is where every winner lies). The
-- year is taken from distinct periods, not from every fact, because turning a
-- date into text is the costly step on PostgreSQL. A `city_code = ...` filter is
-- pushed below both aggregations (city_code is a grouping column).
--
-- v003 (same rows as v002): `corrected` is 1 when a reviewer's correction (etl
-- correct) set or added the winning fact (v_fact.corrected), else 0.
SELECT
    f.id AS fact_id,
    f.document_id,
    d.name AS document,
    d.published AS document_published,
    w.city_code,
    w.jurisdiction_code,
    w.jurisdiction_level,
    w.is_city_figure,
    w.program_code,
    w.metric_code,
    w.unit_code,
    f.value,
    f.value_high,
    f.qualifier,
    f.period_start,
    f.period_end,
    w.year,
    w.candidates,
    CASE WHEN f.correction_id IS NULL THEN 0 ELSE 1 END AS corrected
FROM (
    SELECT
        g.city_code,
        g.jurisdiction_code,
        g.jurisdiction_level,
        g.is_city_figure,
        g.program_code,
        g.metric_code,
        g.unit_code,
        g.year,
        g.candidates,
        (
            SELECT s.id
            FROM fact s
            JOIN document sd ON sd.id = s.document_id
            WHERE s.jurisdiction_code = g.jurisdiction_code
              AND s.program_code = g.program_code
              AND s.metric_code = g.metric_code
              AND s.unit_code = g.unit_code
              AND s.status = 'actual'
              AND s.period_end = g.last_end
              AND s.period_start BETWEEN g.first_start AND g.last_start
            ORDER BY
                s.period_start ASC,
                CASE WHEN sd.published IS NULL THEN 1 ELSE 0 END,
                sd.published DESC,
                sd.loaded_at DESC,
                s.document_id DESC,
                s.value DESC,
                s.id DESC
            LIMIT 1
        ) AS fact_id
    FROM (
        -- one row per jurisdiction, program, metric, unit and year (of the start
        -- and of the end: a period spanning two years is a group of its own,
        -- dropped below)
        SELECT
            p.city_code,
            p.jurisdiction_code,
            p.jurisdiction_level,
            p.is_city_figure,
            p.program_code,
            p.metric_code,
            p.unit_code,
            CAST(substr(CAST(p.period_start AS TEXT), 1, 4) AS INTEGER) AS year,
            CAST(substr(CAST(p.period_end AS TEXT), 1, 4) AS INTEGER) AS end_year,
            MIN(p.period_start) AS first_start,
            MAX(p.period_start) AS last_start,
            MAX(p.period_end) AS last_end,
            CAST(SUM(p.facts) AS BIGINT) AS candidates
        FROM (
            -- one row per distinct period of a series
            SELECT
                j.city_code,
                f.jurisdiction_code,
                j.level AS jurisdiction_level,
                CASE WHEN f.jurisdiction_code = j.city_code THEN 1 ELSE 0 END AS is_city_figure,
                f.program_code,
                f.metric_code,
                f.unit_code,
                f.period_start,
                f.period_end,
                COUNT(*) AS facts
            FROM fact f
            JOIN jurisdiction j ON j.code = f.jurisdiction_code
            WHERE f.status = 'actual'
            GROUP BY
                j.city_code,
                f.jurisdiction_code,
                j.level,
                CASE WHEN f.jurisdiction_code = j.city_code THEN 1 ELSE 0 END,
                f.program_code,
                f.metric_code,
                f.unit_code,
                f.period_start,
                f.period_end
        ) p
        GROUP BY
            p.city_code,
            p.jurisdiction_code,
            p.jurisdiction_level,
            p.is_city_figure,
            p.program_code,
            p.metric_code,
            p.unit_code,
            CAST(substr(CAST(p.period_start AS TEXT), 1, 4) AS INTEGER),
            CAST(substr(CAST(p.period_end AS TEXT), 1, 4) AS INTEGER)
    ) g
    WHERE g.year = g.end_year
) w
JOIN fact f ON f.id = w.fact_id
JOIN document d ON d.id = f.document_id
