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
--
-- v002 (same rows as v001): v_fact_best is read ONCE. v001 was a UNION ALL of the
-- stated rows and a GROUP BY over a second copy of v_fact_best, so the ranking ran
-- twice. Here each best row gets its family's totals as window aggregates (family
-- = the parent for an urban/rural part, else the program itself), and the join
-- with the two-row `k` emits every row once as stated (derived = 0) and, for the
-- urban part of a family that has exactly its two parts and no total, once more
-- as the derived total (derived = 1). city_code, metric_code and unit_code are in
-- the window's partition so that filters on them are pushed into v_fact_best.
--
-- v003 (same rows as v002): `corrected` is 1 when the figure is a corrected fact
-- or, for a derived total, when either part is (v_fact_best.corrected).
SELECT
    b.city_code,
    b.jurisdiction_code,
    b.is_city_figure,
    CASE WHEN k.derived = 1 THEN b.family_code ELSE b.program_code END AS program_code,
    b.metric_code,
    b.unit_code,
    b.year,
    CASE WHEN k.derived = 1 THEN b.family_value ELSE b.value END AS value,
    CASE
        WHEN k.derived = 0 THEN b.value_high
        WHEN b.family_ranges > 0 THEN b.family_value_high
    END AS value_high,
    CASE
        WHEN k.derived = 0 THEN b.qualifier
        WHEN b.family_first_qualifier = b.family_last_qualifier THEN b.family_first_qualifier
        ELSE 'mixed'
    END AS qualifier,
    CASE WHEN k.derived = 1 THEN b.family_period_start ELSE b.period_start END AS period_start,
    CASE WHEN k.derived = 1 THEN b.family_period_end ELSE b.period_end END AS period_end,
    CASE WHEN k.derived = 0 THEN b.fact_id END AS fact_id,
    CASE
        WHEN k.derived = 0 THEN b.document
        WHEN b.family_first_document = b.family_last_document THEN b.family_first_document
        ELSE b.family_first_document || ' + ' || b.family_last_document
    END AS document,
    CASE WHEN k.derived = 1 THEN b.family_facts ELSE 1 END AS facts,
    k.derived,
    CASE WHEN k.derived = 1 THEN b.family_corrected ELSE b.corrected END AS corrected
FROM (
    SELECT
        b.*,
        COUNT(*) OVER family AS family_facts,
        SUM(b.is_urban_part) OVER family AS family_urban_parts,
        SUM(b.is_rural_part) OVER family AS family_rural_parts,
        SUM(b.value) OVER family AS family_value,
        COUNT(b.value_high) OVER family AS family_ranges,
        SUM(COALESCE(b.value_high, b.value)) OVER family AS family_value_high,
        MIN(b.qualifier) OVER family AS family_first_qualifier,
        MAX(b.qualifier) OVER family AS family_last_qualifier,
        MIN(b.period_start) OVER family AS family_period_start,
        MIN(b.period_end) OVER family AS family_period_end,
        MIN(b.document) OVER family AS family_first_document,
        MAX(b.document) OVER family AS family_last_document,
        MAX(b.corrected) OVER family AS family_corrected
    FROM (
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
            b.corrected,
            CASE
                WHEN b.program_code = pr.parent_code || '_urban' OR b.program_code = pr.parent_code || '_rural'
                THEN pr.parent_code
                ELSE b.program_code
            END AS family_code,
            CASE WHEN b.program_code = pr.parent_code || '_urban' THEN 1 ELSE 0 END AS is_urban_part,
            CASE WHEN b.program_code = pr.parent_code || '_rural' THEN 1 ELSE 0 END AS is_rural_part,
            CASE WHEN u.dimension IN ('count', 'money') THEN 1 ELSE 0 END AS additive
        FROM v_fact_best b
        JOIN program pr ON pr.code = b.program_code
        JOIN unit u ON u.code = b.unit_code
    ) b
    WINDOW family AS (
        PARTITION BY b.city_code, b.jurisdiction_code, b.is_city_figure, b.family_code, b.metric_code, b.unit_code, b.year
    )
) b
JOIN (SELECT 0 AS derived UNION ALL SELECT 1 AS derived) k
    ON k.derived = 0
    OR (
        b.is_urban_part = 1
        AND b.additive = 1
        AND b.family_urban_parts = 1
        AND b.family_rural_parts = 1
        AND b.family_facts = 2
    )
