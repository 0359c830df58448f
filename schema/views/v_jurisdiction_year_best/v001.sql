-- v_jurisdiction_year_best (intermediate): per jurisdiction, program, metric, unit
-- and year, the figure the city roll-ups use: the best stated figure
-- (v_fact_best, derived = 0), or, when no total is stated, the sum of the best
-- urban and rural figures (derived = 1).
--
-- A program is the urban or rural part of its parent when its code is the
-- parent's code + '_urban' / '_rural' (dibao_urban, dibao_rural -> dibao; the same
-- holds for tekun). Only counts and money add up; standards (rates) are never
-- summed. The derived figure exists only when BOTH parts are stated and the total
-- is not: a stated total always wins, whatever its as-of date. Its as-of date is
-- the earlier of the two parts'.
SELECT
    b.city_code,
    b.jurisdiction_code,
    b.is_city_figure,
    b.program_code,
    b.metric_code,
    b.unit_code,
    b.year,
    b.value,
    b.value_high,
    b.qualifier,
    b.period_start,
    b.period_end,
    b.fact_id,
    b.document,
    1 AS facts,
    0 AS derived
FROM v_fact_best b
UNION ALL
SELECT
    b.city_code,
    b.jurisdiction_code,
    b.is_city_figure,
    CASE
        WHEN b.program_code = pr.parent_code || '_urban' OR b.program_code = pr.parent_code || '_rural'
        THEN pr.parent_code
        ELSE b.program_code
    END AS program_code,
    b.metric_code,
    b.unit_code,
    b.year,
    SUM(b.value) AS value,
    CASE WHEN COUNT(b.value_high) > 0 THEN SUM(COALESCE(b.value_high, b.value)) END AS value_high,
    CASE WHEN MIN(b.qualifier) = MAX(b.qualifier) THEN MIN(b.qualifier) ELSE 'mixed' END AS qualifier,
    MIN(b.period_start) AS period_start,
    MIN(b.period_end) AS period_end,
    CAST(NULL AS BIGINT) AS fact_id,
    CASE
        WHEN MIN(b.document) = MAX(b.document) THEN MIN(b.document)
        ELSE MIN(b.document) || ' + ' || MAX(b.document)
    END AS document,
    COUNT(*) AS facts,
    1 AS derived
FROM v_fact_best b
JOIN program pr ON pr.code = b.program_code
JOIN unit u ON u.code = b.unit_code
WHERE u.dimension IN ('count', 'money')
GROUP BY
    b.city_code,
    b.jurisdiction_code,
    b.is_city_figure,
    CASE
        WHEN b.program_code = pr.parent_code || '_urban' OR b.program_code = pr.parent_code || '_rural'
        THEN pr.parent_code
        ELSE b.program_code
    END,
    b.metric_code,
    b.unit_code,
    b.year
-- exactly the two parts, and no stated total in the same group
HAVING SUM(CASE WHEN b.program_code = pr.parent_code || '_urban' THEN 1 ELSE 0 END) = 1
   AND SUM(CASE WHEN b.program_code = pr.parent_code || '_rural' THEN 1 ELSE 0 END) = 1
   AND COUNT(*) = 2
