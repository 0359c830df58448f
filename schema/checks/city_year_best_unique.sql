-- The long roll-up has one figure per city, program, metric, unit and year.
SELECT city_code, program_code, metric_code, unit_code, year, COUNT(*) AS rows_found
FROM v_city_year_best
GROUP BY city_code, program_code, metric_code, unit_code, year
HAVING COUNT(*) > 1
