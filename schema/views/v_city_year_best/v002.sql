-- v_city_year_best (intermediate, long format): per prefecture-level city (or
-- 直辖市), program, metric, unit and year, the best figure for the whole city.
--
--   * The city's own figure (is_city_figure = 1) beats any sum of its counties,
--     whatever their as-of dates: it covers the whole city, a county sum rarely does.
--     source = 'city', or 'urban+rural' when the city's total is its urban + rural parts.
--   * Otherwise the counties' figures are combined: counts and money are summed,
--     standards (rates) are reported as the lowest county value with the highest
--     in value_high. source = 'counties' ('counties urban+rural' when some county's
--     total is its urban + rural parts); counties_covered says how many counties
--     the figure covers, out of v_city.counties_in_city.
--   * as_of is the period end of the figure; for a county sum it is the EARLIEST
--     of the counties' as-of dates, so that a mix of year-end and mid-year figures
--     reads as "no later than".
--   * document names the source file; several files are shown as
--     'first.txt (+N more)'. fact_id is set when one stated fact is the figure.
--   * corrected is 1 when a reviewer's correction (etl correct) set or added the
--     fact the figure is, or any fact a sum adds up (v_jurisdiction_year_best.corrected).
-- Facts about places without a city (provinces, 省直辖县级行政区划) are left out.
--
-- v002 (same rows and figures as v001): the `corrected` column.
SELECT
    g.city_code,
    g.program_code,
    g.metric_code,
    g.unit_code,
    g.year,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.value END)
        WHEN MAX(u.dimension) = 'rate' THEN MIN(g.value)
        ELSE SUM(g.value)
    END AS value,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.value_high END)
        WHEN MAX(u.dimension) = 'rate' THEN
            CASE WHEN MAX(COALESCE(g.value_high, g.value)) > MIN(g.value) THEN MAX(COALESCE(g.value_high, g.value)) END
        WHEN COUNT(g.value_high) > 0 THEN SUM(COALESCE(g.value_high, g.value))
    END AS value_high,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.qualifier END)
        WHEN MIN(g.qualifier) = MAX(g.qualifier) THEN MIN(g.qualifier)
        ELSE 'mixed'
    END AS qualifier,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN
            CASE WHEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.derived END) = 1 THEN 'urban+rural' ELSE 'city' END
        WHEN MAX(g.derived) = 1 THEN 'counties urban+rural'
        ELSE 'counties'
    END AS source,
    CASE WHEN MAX(g.is_city_figure) = 1 THEN NULL ELSE COUNT(*) END AS counties_covered,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.period_start END)
        ELSE MIN(g.period_start)
    END AS period_start,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.period_end END)
        ELSE MIN(g.period_end)
    END AS as_of,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.document END)
        WHEN COUNT(DISTINCT g.document) = 1 THEN MIN(g.document)
        ELSE MIN(g.document) || ' (+' || CAST(COUNT(DISTINCT g.document) - 1 AS TEXT) || ' more)'
    END AS document,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.fact_id END)
        WHEN COUNT(*) = 1 THEN MAX(g.fact_id)
    END AS fact_id,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.facts END)
        ELSE SUM(g.facts)
    END AS facts,
    CASE
        WHEN MAX(g.is_city_figure) = 1 THEN MAX(CASE WHEN g.is_city_figure = 1 THEN g.corrected END)
        ELSE MAX(g.corrected)
    END AS corrected
FROM v_jurisdiction_year_best g
JOIN unit u ON u.code = g.unit_code
WHERE g.city_code IS NOT NULL
GROUP BY g.city_code, g.program_code, g.metric_code, g.unit_code, g.year
