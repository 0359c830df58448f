-- v_dibao_city_year has one row per city and year.
SELECT city_code, year, COUNT(*) AS rows_found
FROM v_dibao_city_year
GROUP BY city_code, year
HAVING COUNT(*) > 1
