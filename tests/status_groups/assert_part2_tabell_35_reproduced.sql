-- Published Tabell 35 of AFI r2014:14 Part 2 (jobs applied for in the last 6 months, analysis
-- sample 3 by status group, vulnerable group and complement, n and %) is reproduced within
-- tolerance by marts.part2_reproduction (see macros/user_survey.sql).
{{ assert_part2_table_reproduced('T35') }}
