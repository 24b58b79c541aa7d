-- Answers the questionnaire's routing (CATI filters, report L4500-4516, L4598-4626) or answer
-- scales cannot have produced. One row per interview x variable x violation_type; empty when
-- the delivery is consistent (the singular test assert_user_survey_routing_respected fails on
-- any row). Violation types:
--   answered_outside_routing  an answer (any code, vet ikke and ikke aktuelt included) to a Q3
--                             item although the person neither used that service (Q2) nor said
--                             ja / vet ikke to Q5, or to Q4 or Q6-Q11 (Q6ANT included) although the
--                             person used none of the four services and said nei to Q5 (or gave no
--                             Q5). Judged by the routing condition itself, so a broken-off
--                             interview (outside every analysis sample) is judged like a complete one.
--   count_without_category    a number of jobs (count item, Q6ANT) although the question's
--                             category item (Q6) is not 2 "Noter antall jobber".
--   code_outside_scale        a code that is not on the item's answer scale
--                             (codes.user_survey_answer_codes), or a count that is not a whole
--                             number >= 1 ("Noter antall jobber" records one job or more).

{%- set services = user_survey_services() %}

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

category_answers as (

    -- The category item of each question that has a count item (Q6 for Q6ANT).
    select
        answers.wave,
        answers.serial_number,
        items.question_number,
        answers.answer_code as category_code
    from answers
    inner join items
        on answers.variable = items.variable
    where items.item_type = 'single_choice'
      and items.question_number in (select question_number from items where item_type = 'count')

),

judged as (

    select
        answers.wave,
        answers.serial_number,
        answers.variable,
        items.analysis_sample,
        items.service_code,
        items.item_type,
        answers.answer_text,
        answers.missing_reason,
        case
            when items.analysis_sample = '2' then
                case items.service_code
                    {%- for service in services %}
                    when '{{ service.service_code }}' then persons.as2_{{ service.service_code }}_filter_flag
                    {%- endfor %}
                end
            when items.analysis_sample = '3' then persons.as3_filter_flag
            else true
        end as routed_flag,
        category_answers.category_code
    from answers
    inner join items
        on answers.variable = items.variable
    inner join persons
        on answers.wave = persons.wave
        and answers.serial_number = persons.serial_number
    left join category_answers
        on answers.wave = category_answers.wave
        and answers.serial_number = category_answers.serial_number
        and items.question_number = category_answers.question_number
    where answers.answer_text is not null

),

violations as (

    select
        wave, serial_number, variable, answer_text,
        'answered_outside_routing' as violation_type,
        case
            when analysis_sample = '2'
                then {{ dbt.concat(["'sample 2 routing of '", 'service_code', "' not met: that service not used in Q2 and Q5 not 1 or 3'"]) }}
            else 'sample 3 routing not met: no service used in Q2A-Q2D and Q5 not 1 or 3'
        end as detail
    from judged
    where not coalesce(routed_flag, false)

    union all

    select
        wave, serial_number, variable, answer_text,
        'count_without_category' as violation_type,
        {{ dbt.concat(["'category code '", "coalesce(cast(category_code as " ~ dbt.type_string() ~ "), 'missing')", "', not 2'"]) }} as detail
    from judged
    where item_type = 'count'
      and coalesce(category_code, -1) <> 2

    union all

    select
        wave, serial_number, variable, answer_text,
        'code_outside_scale' as violation_type,
        'not a code of the item''s answer scale' as detail
    from judged
    where missing_reason = 'invalid_code'

)

select
    wave,
    serial_number,
    variable,
    cast(violation_type as {{ dbt.type_string() }}) as violation_type,
    answer_text,
    cast(detail as {{ dbt.type_string() }}) as detail
from violations
