-- A 低保 total of a city and year is not smaller than its urban or rural part
-- (a smaller one means a subset was read as the total, or the figures are from
-- very different dates).
SELECT city_code, year, persons, persons_urban, persons_rural, households, households_urban, households_rural
FROM v_dibao_city_year
WHERE persons < persons_urban OR persons < persons_rural
   OR households < households_urban OR households < households_rural
