-- v_subsidy_spending_city_year has one row per city, year and program.
SELECT city_code, year, program, COUNT(*) AS rows_found
FROM v_subsidy_spending_city_year
GROUP BY city_code, year, program
HAVING COUNT(*) > 1
