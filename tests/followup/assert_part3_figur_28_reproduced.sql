-- Published Figur 28 (the flow: drawn 8 439, invited 7 993, not invited 448, answers 2 166, no answer 5 827, counts exact and percents within the printed decimal) of AFI r2014:14 Part 3 is reproduced by marts.part3_reproduction (see
-- macros/followup.sql, assert_part3_table_reproduced). Passes without rows in a warehouse that has
-- no follow-up raw tables yet.
{{ assert_part3_table_reproduced('F28') }}
