-- Every city code of the roll-up views is a prefecture-level city or a 直辖市
-- (a jurisdiction that is its own city), never a county or a province.
SELECT 'v_dibao_city_year' AS view_name, v.city_code, j.level
FROM v_dibao_city_year v
LEFT JOIN jurisdiction j ON j.code = v.city_code
WHERE j.code IS NULL OR j.city_code IS NULL OR j.city_code <> j.code OR j.level = 'county'
UNION ALL
SELECT 'v_subsidy_spending_city_year', v.city_code, j.level
FROM v_subsidy_spending_city_year v
LEFT JOIN jurisdiction j ON j.code = v.city_code
WHERE j.code IS NULL OR j.city_code IS NULL OR j.city_code <> j.code OR j.level = 'county'
