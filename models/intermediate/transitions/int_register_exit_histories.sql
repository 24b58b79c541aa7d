{{ config(materialized='view') }}

-- Grain: one row per exit fct_register_exit keeps (int_register_exits of persons aged
-- {{ register_exit_min_age() }} and over at the end of the exit month, register_wave x person_key x exit_month_index): what the registers say around the exit, by the
-- rules of the macro register_exit_histories (macros/transitions_histories.sql): the long-term
-- job-seeker and measure flags before it, the status six months after. fct_register_exit runs
-- the same macro on the exits it (re)builds; this view shows it for every exit and is what the
-- unit tests check.

{{ register_exit_histories(
    "(select register_wave, person_key, exit_month_index, arena_status_code from "
    ~ ref('int_register_exits') ~ " where age_at_exit >= " ~ register_exit_min_age() ~ ")"
) }}
