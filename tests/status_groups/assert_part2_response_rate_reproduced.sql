-- The published response rate of AFI r2014:14 Part 2 (22,1%, footnote 56, L4522-4525) and its
-- 95% assumption are reproduced within tolerance by marts.part2_reproduction
-- (see macros/user_survey.sql).
{{ assert_part2_table_reproduced('RR') }}
