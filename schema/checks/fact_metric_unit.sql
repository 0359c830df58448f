-- Units fit metrics: head-counts are counts, spending is money, standards and
-- average benefits are rates (docs: the fact model's metric table).
SELECT f.id AS fact_id, f.document_id, f.metric_code, f.unit_code, u.dimension
FROM fact f
JOIN unit u ON u.code = f.unit_code
WHERE (f.metric_code IN ('recipients', 'exits', 'new_recipients') AND u.dimension <> 'count')
   OR (f.metric_code = 'spending' AND u.dimension <> 'money')
   OR (f.metric_code IN ('standard', 'avg_benefit') AND u.dimension <> 'rate')
