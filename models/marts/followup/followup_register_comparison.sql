-- Grain: one row per survey wave per measure (survey_wave x measure): the survey's answers against
-- NAV's registers in June 2014 (report section 13.2, part3_followup.md 3.2), unweighted, over every
-- answer linked to the frame (fct_followup_respondent):
--   survey_ordinary_work                       in ordinary work by the survey (in_ordinary_work_flag), % of answers
--   register_employed_end_of_june                an AA employment active on 30 June of the wave, % of answers
--   survey_self_employed_only                  in ordinary work and Q3 = 2 (self-employed only), % of answers
--   register_employed_plus_self_employed       the sum of the two shares above (as the report adds them;
--                                              person_count is the sum of the two counts)
--   disability_pension_survey                  Q8 01 (uførepensjon) ticked, count
--   disability_pension_register                UFOR active on 30 June of the wave, count
--   disability_pension_survey_yes_register_no  ticked, not in the register, count
--   disability_pension_survey_no_register_yes  not ticked, in the register, count
--   disability_pension_both                    ticked and in the register, count
-- percent (0-100) is null for the disability pension counts.

with respondents as (

    select * from {{ ref('fct_followup_respondent') }}

),

counts as (

    select
        survey_wave,
        count(*) as answers,
        sum(case when in_ordinary_work_flag then 1 else 0 end) as survey_ordinary_work,
        sum(case when register_employed_end_of_june_flag then 1 else 0 end) as register_employed,
        sum(case when in_ordinary_work_flag and job_situation = 'self_employed' then 1 else 0 end)
            as self_employed_only,
        sum(case when q08_01_disability_pension then 1 else 0 end) as disability_survey,
        sum(case when register_disability_pension_end_of_june_flag then 1 else 0 end) as disability_register,
        sum(case when q08_01_disability_pension and not register_disability_pension_end_of_june_flag then 1 else 0 end)
            as disability_yes_no,
        sum(case when not q08_01_disability_pension and register_disability_pension_end_of_june_flag then 1 else 0 end)
            as disability_no_yes,
        sum(case when q08_01_disability_pension and register_disability_pension_end_of_june_flag then 1 else 0 end)
            as disability_both
    from respondents
    group by survey_wave

),

measures as (

    select survey_wave, 'survey_ordinary_work' as measure, 1 as measure_order,
        survey_ordinary_work as person_count, answers as base_count,
        100.0 * survey_ordinary_work / nullif(answers, 0) as percent
    from counts
    union all
    select survey_wave, 'register_employed_end_of_june', 2,
        register_employed, answers, 100.0 * register_employed / nullif(answers, 0)
    from counts
    union all
    select survey_wave, 'survey_self_employed_only', 3,
        self_employed_only, answers, 100.0 * self_employed_only / nullif(answers, 0)
    from counts
    union all
    select survey_wave, 'register_employed_plus_self_employed', 4,
        register_employed + self_employed_only, answers,
        100.0 * register_employed / nullif(answers, 0) + 100.0 * self_employed_only / nullif(answers, 0)
    from counts
    union all
    select survey_wave, 'disability_pension_survey', 5, disability_survey, answers, cast(null as {{ type_double() }})
    from counts
    union all
    select survey_wave, 'disability_pension_register', 6, disability_register, answers, cast(null as {{ type_double() }})
    from counts
    union all
    select survey_wave, 'disability_pension_survey_yes_register_no', 7, disability_yes_no, answers,
        cast(null as {{ type_double() }})
    from counts
    union all
    select survey_wave, 'disability_pension_survey_no_register_yes', 8, disability_no_yes, answers,
        cast(null as {{ type_double() }})
    from counts
    union all
    select survey_wave, 'disability_pension_both', 9, disability_both, answers, cast(null as {{ type_double() }})
    from counts

)

select
    survey_wave,
    measure,
    measure_order,
    cast(person_count as {{ dbt.type_bigint() }}) as person_count,
    cast(base_count as {{ dbt.type_bigint() }}) as base_count,
    percent,
    round(percent, 1) as percent_printed
from measures
