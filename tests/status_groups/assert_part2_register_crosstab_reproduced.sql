-- The register cross-tab of AFI r2014:14 Part 2 (analysis sample 1, status group by labour-market
-- main group, counts from the prose L4885-4912) is reproduced within tolerance by
-- marts.part2_reproduction (see macros/user_survey.sql).
{{ assert_part2_table_reproduced('X23') }}
