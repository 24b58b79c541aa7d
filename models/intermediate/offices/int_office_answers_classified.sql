-- One row per respondent x rated item per wave (items of answer type likert_1_6 or
-- priority_1_6_dont_know_7): the delivered text classified as a valid value 1-6, vet ikke, or
-- invalid with a reason (macros/rated_answers.sql).

with answers as (

    select * from {{ ref('stg_office_survey__answers') }}

),

rated_items as (

    select item_code, item_type
    from {{ ref('office_survey_items') }}
    where item_type in ('likert_1_6', 'priority_1_6_dont_know_7')

),

classified as (

    select
        answers.wave,
        answers.respondent_id,
        answers.item_code,
        rated_items.item_type,
        answers.answer_text,
        {{ rated_answer_value('answers.answer_text') }} as answer_value,
        {{ rated_answer_invalid_reason('answers.answer_text', 'rated_items.item_type') }} as invalid_reason
    from answers
    inner join rated_items
        on answers.item_code = rated_items.item_code

)

select
    wave,
    respondent_id,
    item_code,
    item_type,
    answer_text,
    case when invalid_reason is null then answer_value end as answer_value,
    invalid_reason is null as valid_flag,
    coalesce(invalid_reason = 'dont_know', false) as dont_know_flag,
    invalid_reason
from classified
