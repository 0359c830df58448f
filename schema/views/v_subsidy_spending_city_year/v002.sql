-- v_subsidy_spending_city_year (mart): one row per prefecture-level city (or 直辖市),
-- year and subsidy program (program.is_subsidy: 高龄津贴, 养老服务补贴, 困难残疾人生活补贴,
-- 重度残疾人护理补贴, 惠民殡葬, 价格临时补贴, 一次性生活补助) with the spending in 元, under the
-- same rules as v_dibao_city_year (see v_city_year_best): actual single-year figures
-- only; a later as-of date beats an earlier one, so a year-end cumulative total beats
-- a mid-year one; the city's own figure beats the sum of its counties; the
-- later-published document wins a disagreement.
--   spending_source            'city' | 'counties'
--   spending_counties_covered  counties in a county sum (NULL for a city figure), of counties_in_city
--   spending_period_start, spending_as_of  the period the figure covers (as_of = its end;
--                              for a county sum the earliest start and end)
--   spending_qualifier         exact | approx | at_least | at_most ('mixed' for a sum of different ones)
--   spending_document, spending_fact_id  the source file(s) and, for one stated fact, its id
--
-- v002: year_start, the year as a DATE (1 January), placed before the other date
-- columns so that BI tools that take the first DATE column as the time axis
-- (Superset) use it rather than a measure's as-of date; `year` stays. date(text)
-- is SQLite's date function and PostgreSQL's function-style cast to date.
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
    r.fact_id AS spending_fact_id
FROM v_city_year_best r
JOIN v_city c ON c.city_code = r.city_code
JOIN program pr ON pr.code = r.program_code
WHERE pr.is_subsidy
  AND r.metric_code = 'spending'
  AND r.unit_code = 'cny'
