-- rollup_subsidy_spending_city_year v001: the rows of v_subsidy_spending_city_year,
-- computed from v_city_year_best, v_city and program by etl.db.marts, which stores
-- them in the table rollup_subsidy_spending_city_year for the cities whose facts
-- changed; the view v_subsidy_spending_city_year (v003) reads that table. Same rows
-- and figures as v_subsidy_spending_city_year v002 (see its header), plus
--   spending_corrected  1 when a reviewer's correction (etl correct) set or added the
--                       fact the figure is, or any fact a county sum adds up, else 0.
SELECT
    c.city_code,
    c.city_name,
    c.province_code,
    c.province_name,
    r.year,
    date(CAST(r.year AS TEXT) || '-01-01') AS year_start,
    r.program_code AS program,
    pr.name_zh AS program_name_zh,
    c.counties_in_city,
    r.value AS spending,
    r.value_high AS spending_high,
    r.qualifier AS spending_qualifier,
    r.source AS spending_source,
    r.counties_covered AS spending_counties_covered,
    r.period_start AS spending_period_start,
    r.as_of AS spending_as_of,
    r.document AS spending_document,
    r.fact_id AS spending_fact_id,
    r.corrected AS spending_corrected
FROM v_city_year_best r
JOIN v_city c ON c.city_code = r.city_code
JOIN program pr ON pr.code = r.program_code
WHERE pr.is_subsidy
  AND r.metric_code = 'spending'
  AND r.unit_code = 'cny'
