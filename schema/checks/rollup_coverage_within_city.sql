-- A county sum never covers more counties than the city has (more would mean a
-- 市辖区 figure summed together with its own districts).
SELECT r.city_code, r.program_code, r.metric_code, r.unit_code, r.year, r.counties_covered, c.counties_in_city
FROM v_city_year_best r
JOIN v_city c ON c.city_code = r.city_code
WHERE r.counties_covered > c.counties_in_city
