-- v_fact_conflicts: pairs of facts that state different values for the same thing:
-- the same jurisdiction, program, metric, unit, period and status. One row per pair
-- (fact_id_a < fact_id_b). same_document = 1 when one report gives both (a 其中 subset
-- read as the total, or an extraction slip); otherwise two reports disagree.
-- preferred_fact_id is the fact the roll-ups take (v_fact_best's order for facts of
-- the same period): the later-published document (an undated one counts as older),
-- then the later-loaded one, then the larger value within one document.
SELECT
    a.jurisdiction_code,
    j.name AS jurisdiction_name,
    j.city_code,
    a.program_code AS program,
    a.metric_code AS metric,
    a.unit_code AS unit,
    a.period_start,
    a.period_end,
    a.status,
    a.id AS fact_id_a,
    da.name AS document_a,
    da.published AS document_published_a,
    a.value AS value_a,
    a.quote AS quote_a,
    b.id AS fact_id_b,
    db.name AS document_b,
    db.published AS document_published_b,
    b.value AS value_b,
    b.quote AS quote_b,
    CASE WHEN a.document_id = b.document_id THEN 1 ELSE 0 END AS same_document,
    CASE
        WHEN da.published IS NOT NULL AND db.published IS NULL THEN a.id
        WHEN da.published IS NULL AND db.published IS NOT NULL THEN b.id
        WHEN da.published > db.published THEN a.id
        WHEN db.published > da.published THEN b.id
        WHEN da.loaded_at > db.loaded_at THEN a.id
        WHEN db.loaded_at > da.loaded_at THEN b.id
        WHEN da.id > db.id THEN a.id
        WHEN db.id > da.id THEN b.id
        WHEN a.value > b.value THEN a.id
        ELSE b.id
    END AS preferred_fact_id
FROM fact a
JOIN fact b
    ON b.jurisdiction_code = a.jurisdiction_code
    AND b.program_code = a.program_code
    AND b.metric_code = a.metric_code
    AND b.unit_code = a.unit_code
    AND b.period_start = a.period_start
    AND b.period_end = a.period_end
    AND b.status = a.status
    AND b.id > a.id
    AND b.value <> a.value
JOIN document da ON da.id = a.document_id
JOIN document db ON db.id = b.document_id
JOIN jurisdiction j ON j.code = a.jurisdiction_code
