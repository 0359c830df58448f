-- v_dibao_city_year (mart): one row per prefecture-level city (or 直辖市) and year
-- with 低保 figures, each the best available (see v_city_year_best for the rules):
--   persons / households (total, urban, rural): metric recipients, unit person / household;
--   standard (unsplit 城乡低保标准), standard_urban, standard_rural: metric standard,
--     unit cny_per_person_month (annual standards are not converted);
--   spending (total, urban, rural): metric spending, unit cny (元).
-- Only actual figures whose period lies within the year enter (v_fact_single_year);
-- a later as-of date beats an earlier one (mid-year cumulative spending included),
-- the city's own figure beats a sum of its counties, a total is urban + rural when
-- only the parts are stated, and the later-published document wins a disagreement
-- (listed in v_fact_conflicts).
-- Every measure M comes with:
--   M_source            'city' | 'urban+rural' | 'counties' | 'counties urban+rural'
--   M_counties_covered  how many counties a county sum covers (NULL for a city figure),
--                       out of counties_in_city (v_city: county-level divisions, 市辖区 excluded)
--   M_as_of             period end of the figure (earliest one for a county sum)
--   M_document          source file(s)
--   M_fact_id           the fact the figure is (v_fact.fact_id), when it is one stated
--                       fact; NULL for a sum (counties, urban + rural)
-- standard*_high is the upper end of a range (highest county value for a county roll-up).
-- Each measure repeats one column pattern; keep it when adding a measure.
--
-- v002 (same rows and figures as v001): year_start, the year as a DATE (1 January),
-- placed before the other date columns so that BI tools that take the first DATE
-- column as the time axis (Superset) use it rather than a measure's as-of date
-- (`year` stays; date(text) is SQLite's date function and PostgreSQL's
-- function-style cast); and M_fact_id for every measure.
SELECT
    c.city_code,
    c.city_name,
    c.province_code,
    c.province_name,
    r.year,
    date(CAST(r.year AS TEXT) || '-01-01') AS year_start,
    c.counties_in_city,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.value END) AS persons,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.source END) AS persons_source,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.counties_covered END) AS persons_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.as_of END) AS persons_as_of,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.document END) AS persons_document,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.fact_id END) AS persons_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.value END) AS persons_urban,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.source END) AS persons_urban_source,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.counties_covered END) AS persons_urban_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.as_of END) AS persons_urban_as_of,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.document END) AS persons_urban_document,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.fact_id END) AS persons_urban_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.value END) AS persons_rural,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.source END) AS persons_rural_source,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.counties_covered END) AS persons_rural_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.as_of END) AS persons_rural_as_of,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.document END) AS persons_rural_document,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'person' THEN r.fact_id END) AS persons_rural_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.value END) AS households,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.source END) AS households_source,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.counties_covered END) AS households_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.as_of END) AS households_as_of,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.document END) AS households_document,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.fact_id END) AS households_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.value END) AS households_urban,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.source END) AS households_urban_source,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.counties_covered END) AS households_urban_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.as_of END) AS households_urban_as_of,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.document END) AS households_urban_document,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.fact_id END) AS households_urban_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.value END) AS households_rural,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.source END) AS households_rural_source,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.counties_covered END) AS households_rural_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.as_of END) AS households_rural_as_of,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.document END) AS households_rural_document,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'recipients' AND r.unit_code = 'household' THEN r.fact_id END) AS households_rural_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.value END) AS standard,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.value_high END) AS standard_high,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.source END) AS standard_source,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.counties_covered END) AS standard_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.as_of END) AS standard_as_of,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.document END) AS standard_document,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.fact_id END) AS standard_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.value END) AS standard_urban,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.value_high END) AS standard_urban_high,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.source END) AS standard_urban_source,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.counties_covered END) AS standard_urban_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.as_of END) AS standard_urban_as_of,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.document END) AS standard_urban_document,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.fact_id END) AS standard_urban_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.value END) AS standard_rural,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.value_high END) AS standard_rural_high,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.source END) AS standard_rural_source,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.counties_covered END) AS standard_rural_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.as_of END) AS standard_rural_as_of,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.document END) AS standard_rural_document,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month' THEN r.fact_id END) AS standard_rural_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.value END) AS spending,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.source END) AS spending_source,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.counties_covered END) AS spending_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.as_of END) AS spending_as_of,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.document END) AS spending_document,
    MAX(CASE WHEN r.program_code = 'dibao' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.fact_id END) AS spending_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.value END) AS spending_urban,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.source END) AS spending_urban_source,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.counties_covered END) AS spending_urban_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.as_of END) AS spending_urban_as_of,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.document END) AS spending_urban_document,
    MAX(CASE WHEN r.program_code = 'dibao_urban' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.fact_id END) AS spending_urban_fact_id,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.value END) AS spending_rural,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.source END) AS spending_rural_source,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.counties_covered END) AS spending_rural_counties_covered,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.as_of END) AS spending_rural_as_of,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.document END) AS spending_rural_document,
    MAX(CASE WHEN r.program_code = 'dibao_rural' AND r.metric_code = 'spending' AND r.unit_code = 'cny' THEN r.fact_id END) AS spending_rural_fact_id
FROM v_city_year_best r
JOIN v_city c ON c.city_code = r.city_code
WHERE r.program_code IN ('dibao', 'dibao_urban', 'dibao_rural')
  AND (
        (r.metric_code = 'recipients' AND r.unit_code IN ('person', 'household'))
     OR (r.metric_code = 'standard' AND r.unit_code = 'cny_per_person_month')
     OR (r.metric_code = 'spending' AND r.unit_code = 'cny')
  )
GROUP BY c.city_code, c.city_name, c.province_code, c.province_name, r.year, c.counties_in_city
