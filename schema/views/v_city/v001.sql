-- v_city (staging): the roll-up targets, one row per prefecture-level city or 直辖市
-- (a row whose city_code is its own code), with its province and the number of
-- county-level divisions it has.
--
-- counties_in_city counts county-level rows of the city except the `市辖区` pseudo
-- rows (XXXX01 of a prefecture: "the city's urban districts" as a whole, not a
-- division of their own). They are matched by name, not by code, because under a
-- 直辖市 XXXX01 is a real district (110101 东城区). 省直辖县级行政区划 (仙桃市 429004 ...)
-- have no city_code and belong to no city.
SELECT
    c.code AS city_code,
    c.name AS city_name,
    c.level AS city_level,
    c.province_code,
    p.name AS province_name,
    COUNT(k.code) AS counties_in_city
FROM jurisdiction c
JOIN jurisdiction p ON p.code = c.province_code
LEFT JOIN jurisdiction k
    ON k.city_code = c.code
    AND k.level = 'county'
    AND k.name <> '市辖区'
WHERE c.code = c.city_code
GROUP BY c.code, c.name, c.level, c.province_code, p.name
