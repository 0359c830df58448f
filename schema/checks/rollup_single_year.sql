-- The per-year roll-ups only use figures within their year: as-of dates fall in it.
SELECT city_code, program_code, metric_code, unit_code, year, period_start, as_of
FROM v_city_year_best
WHERE substr(CAST(period_start AS TEXT), 1, 4) <> CAST(year AS TEXT)
   OR substr(CAST(as_of AS TEXT), 1, 4) <> CAST(year AS TEXT)
