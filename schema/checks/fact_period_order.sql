-- Every fact's period starts no later than it ends (also a table constraint;
-- the check catches databases created before it or loaded around it).
SELECT id AS fact_id, document_id, period_start, period_end
FROM fact
WHERE period_start > period_end
