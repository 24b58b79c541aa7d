-- Grain: one row per drawn person per survey wave (survey_wave x survey_serial, the rows of
-- stg_followup_frame__frame): the frame joined to the exit it was drawn for, fct_register_exit on
-- (person_key, exit_month) within the register wave equal to the survey wave (the 2014 extracts
-- for the 2014 survey). The register facts of Tabell 37 and of the analyses come from there: exit
-- status after NAV's reclassification, gender, age band and youth at the end of the exit month,
-- birth region (Norge / EØS / utenfor EØS), measure in the six months before the exit, long-term
-- job seeker (HL covering the 26 weeks up to the exit), the follow-up office. A frame person
-- without such an exit keeps the row with register_exit_found_flag false and null facts.

with frame as (

    select survey_wave, survey_serial, person_key, exit_month, stratum_code
    from {{ ref('stg_followup_frame__frame') }}

),

exits as (

    select
        register_wave,
        person_key,
        exit_month,
        exit_status,
        registered_status,
        reclassified_flag,
        arena_status_code,
        in_statistics_population_flag,
        age_at_exit,
        age_band,
        youth_flag,
        gender_code,
        birth_region,
        measure_last_6_months_flag,
        long_term_job_seeker_flag,
        office_id,
        county_code,
        office_size_class
    from {{ ref('fct_register_exit') }}

)

select
    frame.survey_wave,
    frame.survey_serial,
    exits.person_key is not null as register_exit_found_flag,
    exits.exit_status as register_exit_status,
    exits.registered_status,
    exits.reclassified_flag,
    exits.arena_status_code,
    exits.in_statistics_population_flag,
    exits.age_at_exit,
    exits.age_band,
    exits.youth_flag,
    exits.gender_code,
    exits.birth_region,
    exits.measure_last_6_months_flag,
    -- langtidsledig is defined for job seekers only: null for the NEDS stratum
    case when frame.stratum_code = 'ARBS' then exits.long_term_job_seeker_flag end
        as long_term_job_seeker_flag,
    exits.office_id,
    exits.county_code,
    exits.office_size_class
from frame
left join exits
    on frame.survey_wave = exits.register_wave
    and frame.person_key = exits.person_key
    and frame.exit_month = exits.exit_month
