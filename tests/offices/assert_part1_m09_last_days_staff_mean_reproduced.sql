-- Published M09 of AFI r2014:14 Part 1 is reproduced within tolerance (see macros/part1_tests.sql).
{{ assert_part1_table_reproduced('M09') }}
