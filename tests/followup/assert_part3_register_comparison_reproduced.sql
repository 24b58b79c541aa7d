-- Published the register comparison of section 13.2 (56.7, 54.5, 2.4, 56.9 within the printed decimal; 274, 260, 17, 3 exact) of AFI r2014:14 Part 3 is reproduced by marts.part3_reproduction (see
-- macros/followup.sql, assert_part3_table_reproduced). Passes without rows in a warehouse that has
-- no follow-up raw tables yet.
{{ assert_part3_table_reproduced('S13.2') }}
