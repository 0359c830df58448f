-- Nor are the roll-up figures (a guard against a sign slip in the view SQL).
SELECT city_code, program_code, metric_code, unit_code, year, value
FROM v_city_year_best
WHERE value < 0 OR value_high < 0
