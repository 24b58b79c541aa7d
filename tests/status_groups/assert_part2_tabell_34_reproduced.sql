-- Published Tabell 34 of AFI r2014:14 Part 2 (status groups and vulnerable groups by analysis
-- sample, n and %) is reproduced within tolerance by marts.part2_reproduction
-- (see macros/user_survey.sql).
{{ assert_part2_table_reproduced('T34') }}
