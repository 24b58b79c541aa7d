-- One row per interviewed person x questionnaire variable (grain: wave x serial_number x
-- variable), for every variable of the interview file (the items of codes.user_survey_items,
-- Q6ANT included as its own item whose value is the number of jobs). answer_value holds valid
-- answers only; user-missing codes (8 vet ikke, 9 ikke aktuelt), items not asked and codes off
-- the scale are null with missing_reason saying why, so no code ever enters a mean.
-- item_analysis_sample is the sample the report uses the item on (as1; as2_<service> for the
-- Q3 satisfaction items; as3; Q5, the filter, and UTD on as1); in_item_sample_flag says whether
-- the person is in it.

with answers as (

    select * from {{ ref('stg_user_survey_interviews__answers') }}

),

items as (

    select * from {{ ref('user_survey_items') }}

),

persons as (

    select * from {{ ref('int_user_survey_persons_classified') }}
    where interview_found_flag

),

answers_with_sample as (

    select
        answers.*,
        items.question_number,
        items.indicator,
        items.service_code,
        case
            when items.analysis_sample = '2' then {{ dbt.concat(["'as2_'", 'items.service_code']) }}
            when items.analysis_sample = '3' then 'as3'
            when items.analysis_sample in ('1', 'filter') then 'as1'
        end as item_analysis_sample
    from answers
    left join items
        on answers.variable = items.variable

)

select
    answers_with_sample.wave,
    answers_with_sample.serial_number,
    answers_with_sample.variable,
    answers_with_sample.question_number,
    answers_with_sample.indicator,
    answers_with_sample.service_code,
    answers_with_sample.item_type,
    answers_with_sample.answer_scale,
    answers_with_sample.answer_text,
    answers_with_sample.answer_code,
    answers_with_sample.answer_value,
    answers_with_sample.valid_flag,
    answers_with_sample.missing_reason,
    answers_with_sample.item_analysis_sample,
    coalesce({{ user_survey_sample_flag('answers_with_sample.item_analysis_sample', 'persons') }}, false) as in_item_sample_flag,
    persons.status_group,
    persons.county_code,
    persons.county_weight
from answers_with_sample
inner join persons
    on answers_with_sample.wave = persons.wave
    and answers_with_sample.serial_number = persons.serial_number
