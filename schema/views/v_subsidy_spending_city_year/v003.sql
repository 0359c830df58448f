-- v_subsidy_spending_city_year (mart) v003: the same rows, columns and figures as
-- v002 (see its header for the rules), read from the table
-- rollup_subsidy_spending_city_year, which etl.db.marts keeps up to date in the
-- transaction that changes the facts (computed by
-- schema/rollups/rollup_subsidy_spending_city_year/v001.sql over v_city_year_best).
-- New: spending_corrected, 1 when a reviewer's correction (etl correct) set or
-- added the fact the figure is, or any fact a county sum adds up, else 0.
SELECT
    city_code,
    city_name,
    province_code,
    province_name,
    year,
    year_start,
    program,
    program_name_zh,
    counties_in_city,
    spending,
    spending_high,
    spending_qualifier,
    spending_source,
    spending_counties_covered,
    spending_period_start,
    spending_as_of,
    spending_document,
    spending_fact_id,
    spending_corrected
FROM rollup_subsidy_spending_city_year
