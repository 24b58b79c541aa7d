-- The derived routing flag marks exactly the questionnaires with Q2 = 2 and any of Q3-Q6
-- answered (an error when not: then answers that should be dropped would count, or the other way).

select derived.survey_wave, derived.survey_serial, derived.routing_violation_flag
from {{ ref('int_followup_answers_derived') }} as derived
inner join {{ ref('stg_followup_answers__answers') }} as answers
    on derived.survey_wave = answers.survey_wave
    and derived.survey_serial = answers.survey_serial
where derived.routing_violation_flag <> coalesce(
    answers.q02_currently_in_job = 2
    and (
        answers.q03_job_situation is not null
        or answers.q04_hours_per_week is not null
        or answers.q05_employment_type is not null
        or answers.q06a_relevance_education is not null
        or answers.q06b_relevance_work_experience is not null
        or answers.q06c_relevance_job_wish is not null
    ),
    false
)
