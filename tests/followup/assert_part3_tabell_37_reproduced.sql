-- Published Tabell 37 (every count exact, every printed column percent within 0.5) of AFI r2014:14 Part 3 is reproduced by marts.part3_reproduction (see
-- macros/followup.sql, assert_part3_table_reproduced). Passes without rows in a warehouse that has
-- no follow-up raw tables yet.
{{ assert_part3_table_reproduced('T37') }}
