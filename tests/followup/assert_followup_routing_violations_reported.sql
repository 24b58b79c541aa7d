{{ config(severity='warn') }}
-- Routing violations of the follow-up survey, reported (a warning, not a failure: the report's
-- data has them, and the warehouse handles them): questionnaires answering Q2 = 2 (Nei, go to Q7)
-- with any of Q3, Q4, Q5, Q6a-c answered anyway. One row per violation with the items answered;
-- the derivations drop those answers (int_followup_answers_derived.routing_violation_flag), the
-- delivered values stay in raw and staging. The warning's count is the number of violations.

select
    answers.survey_wave,
    answers.survey_serial,
    concat_ws(', ',
        case when answers.q03_job_situation is not null then 'Q3' end,
        case when answers.q04_hours_per_week is not null then 'Q4' end,
        case when answers.q05_employment_type is not null then 'Q5' end,
        case when answers.q06a_relevance_education is not null then 'Q6a' end,
        case when answers.q06b_relevance_work_experience is not null then 'Q6b' end,
        case when answers.q06c_relevance_job_wish is not null then 'Q6c' end
    ) as items_answered_after_q2_no,
    derived.routing_violation_flag
from {{ ref('stg_followup_answers__answers') }} as answers
left join {{ ref('int_followup_answers_derived') }} as derived
    on answers.survey_wave = derived.survey_wave
    and answers.survey_serial = derived.survey_serial
where answers.q02_currently_in_job = 2
    and (
        answers.q03_job_situation is not null
        or answers.q04_hours_per_week is not null
        or answers.q05_employment_type is not null
        or answers.q06a_relevance_education is not null
        or answers.q06b_relevance_work_experience is not null
        or answers.q06c_relevance_job_wish is not null
    )
