-- Grain: one row per respondent x rated item per wave (items of answer type likert_1_6 and
-- priority_1_6_dont_know_7), with the respondent's office, county and size class.

with answers as (

    select * from {{ ref('int_office_answers_classified') }}

),

respondents as (

    select * from {{ ref('int_office_survey_respondents_matched') }}

)

select
    answers.wave,
    answers.respondent_id,
    answers.item_code,
    respondents.office_id,
    respondents.county_code,
    respondents.size_class,
    respondents.staff_total,
    answers.answer_text,
    answers.answer_value,
    answers.valid_flag,
    answers.dont_know_flag,
    answers.invalid_reason
from answers
inner join respondents
    on answers.respondent_id = respondents.respondent_id
    and answers.wave = respondents.wave
