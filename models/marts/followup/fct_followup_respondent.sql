-- Grain: one row per answer per survey wave (survey_wave x survey_serial): every returned
-- questionnaire linked to the frame (all answers, also those of persons the frame marks not
-- invited: the analyses use every answer, docs/DESIGN.md), with the derivations of
-- int_followup_answers_derived, the exit group from the sample stratum (the outcomes by exit status
-- use it: Figur 30a/b split 1 608 / 558), and the register facts of the frame (fct_followup_frame).
-- No national id, no person key: the survey serial is the survey's own.

{%- set ticks = followup_item_columns(kind='multi') %}
{%- set importance = followup_item_columns(prefix='q12b_') %}

with answers as (

    select * from {{ ref('int_followup_answers_derived') }}

),

frame as (

    select * from {{ ref('fct_followup_frame') }}

)

select
    answers.survey_wave,
    answers.survey_serial,
    frame.stratum_code,
    frame.exit_group,
    frame.invited_flag,
    frame.sample_disposition,
    answers.response_mode,
    answers.received_date,
    answers.q02_currently_in_job,
    answers.routing_violation_flag,
    answers.in_ordinary_work_flag,
    answers.transition_status,
    answers.job_situation,
    answers.hours_per_week,
    answers.work_time_class,
    answers.part_time_flag,
    answers.employment_type,
    answers.combines_benefit_flag,
    answers.relevant_education_flag,
    answers.relevant_experience_flag,
    answers.relevant_job_wish_flag,
    answers.satisfied_nav_followup_flag,
    answers.high_own_effort_flag,
    answers.jobs_applied_midpoint,
    answers.jobs_applied_band,
    answers.education_group,
    answers.low_education_flag,
    frame.register_exit_status,
    frame.reclassified_flag,
    frame.gender_code,
    frame.age_band,
    frame.youth_flag,
    frame.birth_region,
    frame.measure_last_6_months_flag,
    frame.long_term_job_seeker_flag,
    frame.dagpenger_2012_2013_flag,
    frame.aap_2012_2013_flag,
    frame.register_employed_end_of_june_flag,
    frame.register_disability_pension_end_of_june_flag,
    frame.office_id,
    frame.county_code,
    frame.office_size_class,
    {%- for column in ticks %}
    answers.{{ column }},
    {%- endfor %}
    {%- for column in importance %}
    answers.{{ column }}_importance{% if not loop.last %},{% endif %}
    {%- endfor %}
from answers
inner join frame
    on answers.survey_wave = frame.survey_wave
    and answers.survey_serial = frame.survey_serial
