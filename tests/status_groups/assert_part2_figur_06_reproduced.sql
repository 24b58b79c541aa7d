-- Published Figur 6 of AFI r2014:14 Part 2 (the sample flow: drawn, phone found, interviews,
-- non-response, full quotas, analysis samples 1-3) is reproduced within tolerance by
-- marts.part2_reproduction (see macros/user_survey.sql).
{{ assert_part2_table_reproduced('F6') }}
