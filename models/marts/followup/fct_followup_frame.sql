-- Grain: one row per drawn person per survey wave (survey_wave x survey_serial): the follow-up
-- survey's frame (NAV's stratified draw from the 2013 exits) with the sample stratum and exit
-- group, whether the person was invited and answered, the Tabell 37 disposition, and the register
-- characteristics (int_followup_frame_register, int_followup_register_spells).
--
-- sample_disposition follows the frame's invitert, as Tabell 37/38 do: invited_responded (invited
-- and answered), invited_nonresponse (invited, no answer), not_invited (also the persons not
-- invited who returned a questionnaire anyway: answered_flag true). Figur 28 counts every answer
-- (followup_flow).

with frame as (

    select * from {{ ref('stg_followup_frame__frame') }}

),

answers as (

    select survey_wave, survey_serial, response_mode
    from {{ ref('stg_followup_answers__answers') }}

)

select
    frame.survey_wave,
    frame.survey_serial,
    frame.exit_month,
    frame.stratum_code,
    case frame.stratum_code when 'ARBS' then 'job_seeker' when 'NEDS' then 'reduced_work_capacity' end
        as exit_group,
    frame.invited_flag,
    answers.survey_serial is not null as answered_flag,
    answers.response_mode,
    case
        when not frame.invited_flag then 'not_invited'
        when answers.survey_serial is not null then 'invited_responded'
        else 'invited_nonresponse'
    end as sample_disposition,
    register.register_exit_found_flag,
    register.register_exit_status,
    register.registered_status,
    register.reclassified_flag,
    register.arena_status_code,
    register.in_statistics_population_flag,
    register.age_at_exit,
    register.age_band,
    register.youth_flag,
    register.gender_code,
    register.birth_region,
    register.measure_last_6_months_flag,
    register.long_term_job_seeker_flag,
    spells.dagpenger_2012_2013_flag,
    spells.aap_2012_2013_flag,
    spells.register_employed_end_of_june_flag,
    spells.register_disability_pension_end_of_june_flag,
    register.office_id,
    register.county_code,
    register.office_size_class
from frame
left join answers
    on frame.survey_wave = answers.survey_wave
    and frame.survey_serial = answers.survey_serial
left join {{ ref('int_followup_frame_register') }} as register
    on frame.survey_wave = register.survey_wave
    and frame.survey_serial = register.survey_serial
left join {{ ref('int_followup_register_spells') }} as spells
    on frame.survey_wave = spells.survey_wave
    and frame.survey_serial = spells.survey_serial
