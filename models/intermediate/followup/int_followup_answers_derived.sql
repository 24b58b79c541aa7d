-- Grain: one row per returned questionnaire per survey wave (survey_wave x survey_serial, the rows
-- of stg_followup_answers__answers): the derivations of docs/DESIGN.md ("Derivations (per
-- respondent)") from the answers alone; fct_followup_respondent adds the frame and the registers.
--
-- Routing: Q3-Q6 are for those answering Q2 = 1 (Ja). A questionnaire with Q2 = 2 (Nei) and any
-- of Q3, Q4, Q5, Q6a-c answered is a routing violation (routing_violation_flag); those answers are
-- dropped (null) in every derived column; the delivered values stay in raw and staging. Q2 empty:
-- Q3-Q6 are kept as answered.
--
-- transition_status (Figur 30a/b), the first that holds:
--   ordinary_work                    Q2 = 1 and none of Q7 05, 08, 09, 10 (in_ordinary_work_flag)
--   trainee_apprentice_wage_subsidy  Q7 05 or 09
--   nav_measure                      Q7 07, 08 or 10
--   self_financed_education          Q7 06
--   long_term_sick                   Q7 11
--   disability_pension               Q8 01 and Q2 <> 1 (Q2 empty counts as not 1)
--   old_age_pension                  Q8 02 and Q2 <> 1
--   job_seeker                       Q7 01
--   other                            the rest, also no answer at all
-- The report does not state its precedence; this one puts activities before benefits and job
-- seeking last (docs/DESIGN.md). Scale answers: 4-6 true, 1-3 false, else null.

{%- set ticks = followup_item_columns(kind='multi') %}
{%- set importance = followup_item_columns(prefix='q12b_') %}

with answers as (

    select * from {{ ref('stg_followup_answers__answers') }}

),

routed as (

    select
        answers.*,
        coalesce(
            q02_currently_in_job = 2
            and (
                q03_job_situation is not null
                or q04_hours_per_week is not null
                or q05_employment_type is not null
                or q06a_relevance_education is not null
                or q06b_relevance_work_experience is not null
                or q06c_relevance_job_wish is not null
            ),
            false
        ) as routing_violation_flag,
        -- Q3-Q6 as they count: dropped after Q2 = 2 (Nei)
        case when coalesce(q02_currently_in_job, 0) <> 2 then q03_job_situation end as q03_routed,
        case when coalesce(q02_currently_in_job, 0) <> 2 then q04_hours_per_week end as q04_routed,
        case when coalesce(q02_currently_in_job, 0) <> 2 then q05_employment_type end as q05_routed,
        case when coalesce(q02_currently_in_job, 0) <> 2 then q06a_relevance_education end as q06a_routed,
        case when coalesce(q02_currently_in_job, 0) <> 2 then q06b_relevance_work_experience end as q06b_routed,
        case when coalesce(q02_currently_in_job, 0) <> 2 then q06c_relevance_job_wish end as q06c_routed,
        -- the boxes as booleans (1 ticked; empty not ticked)
        {%- for column in ticks %}
        {{ followup_tick(column) }} as {{ column }}_ticked{% if not loop.last %},{% endif %}
        {%- endfor %}
    from answers

),

derived as (

    select
        routed.*,
        coalesce(
            q02_currently_in_job = 1
            and not (
                q07_05_apprentice_trainee_ticked
                or q07_08_work_practice_nav_ticked
                or q07_09_wage_subsidy_nav_ticked
                or q07_10_other_measure_nav_ticked
            ),
            false
        ) as in_ordinary_work_flag
    from routed

)

select
    survey_wave,
    survey_serial,
    response_mode,
    received_date,
    q02_currently_in_job,
    routing_violation_flag,
    in_ordinary_work_flag,
    case
        when in_ordinary_work_flag then 'ordinary_work'
        when q07_05_apprentice_trainee_ticked or q07_09_wage_subsidy_nav_ticked
            then 'trainee_apprentice_wage_subsidy'
        when q07_07_education_nav_ticked or q07_08_work_practice_nav_ticked or q07_10_other_measure_nav_ticked
            then 'nav_measure'
        when q07_06_education_selffinanced_ticked then 'self_financed_education'
        when q07_11_longterm_sick_ticked then 'long_term_sick'
        when q08_01_disability_pension_ticked and coalesce(q02_currently_in_job, 0) <> 1 then 'disability_pension'
        when q08_02_old_age_pension_afp_ticked and coalesce(q02_currently_in_job, 0) <> 1 then 'old_age_pension'
        when q07_01_jobseeker_unemployed_laidoff_ticked then 'job_seeker'
        else 'other'
    end as transition_status,
    case q03_routed when 1 then 'employee' when 2 then 'self_employed' when 3 then 'both' end as job_situation,
    q04_routed as hours_per_week,
    case
        when not in_ordinary_work_flag or q04_routed is null then null
        when q04_routed >= 37 then 'full_time'
        when q04_routed >= 20 then 'long_part_time'
        when q04_routed >= 1 then 'short_part_time'
    end as work_time_class,
    case
        when not in_ordinary_work_flag or q04_routed is null or q04_routed < 1 then null
        else q04_routed < 37
    end as part_time_flag,
    case q05_routed when 1 then 'permanent' when 2 then 'temporary' when 3 then 'other' end as employment_type,
    case
        when in_ordinary_work_flag then
            q08_01_disability_pension_ticked
            or q08_02_old_age_pension_afp_ticked
            or q08_03_aap_ticked
            or q08_04_sickness_benefit_ticked
            or q08_05_unemployment_benefit_ticked
            or q08_06_individstonad_ticked
            or q08_07_qualification_benefit_kvp_ticked
    end as combines_benefit_flag,
    case when in_ordinary_work_flag then {{ followup_scale_flag('q06a_routed') }} end as relevant_education_flag,
    case when in_ordinary_work_flag then {{ followup_scale_flag('q06b_routed') }} end as relevant_experience_flag,
    case when in_ordinary_work_flag then {{ followup_scale_flag('q06c_routed') }} end as relevant_job_wish_flag,
    {{ followup_scale_flag('q10_nav_followup_met_needs') }} as satisfied_nav_followup_flag,
    {{ followup_scale_flag('q11_own_effort_sufficient') }} as high_own_effort_flag,
    case q13a_jobs_applied_2013_band
        when 2 then 1.5
        when 3 then 4.0
        when 4 then 6.5
        when 5 then 9.0
        when 6 then 15.5
        when 7 then 30.5
        when 8 then 50.5
        when 9 then 70.5
        when 10 then 90.5
        when 11 then 110.5
    end as jobs_applied_midpoint,
    case q13a_jobs_applied_2013_band
        when 1 then 'none'
        when 2 then '1_2'
        when 3 then '3_5'
        when 4 then '6_7'
        when 5 then '8_10'
        when 6 then '11_20'
        when 7 then '21_40'
        when 8 then '41_60'
        when 9 then '61_80'
        when 10 then '81_100'
        when 11 then 'over_100'
        when 12 then 'dont_know'
        when 13 then 'not_applicable'
    end as jobs_applied_band,
    case q01_education_level
        when 1 then 'primary_or_unknown'
        when 6 then 'primary_or_unknown'
        when 2 then 'upper_secondary_started'
        when 3 then 'upper_secondary_completed'
        when 4 then 'higher_up_to_3_years'
        when 5 then 'higher_over_3_years'
    end as education_group,
    case when q01_education_level is not null then q01_education_level in (1, 6) end as low_education_flag,
    {%- for column in ticks %}
    {{ column }}_ticked as {{ column }},
    {%- endfor %}
    {%- for column in importance %}
    case when {{ column }} between 1 and 6 then {{ column }} end as {{ column }}_importance{% if not loop.last %},{% endif %}
    {%- endfor %}
from derived
