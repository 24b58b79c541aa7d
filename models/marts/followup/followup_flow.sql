-- Grain: one row per survey wave per box (survey_wave x box): Figur 28, the flow from the draw to
-- the answers, and the response rate, as the report counts them (docs/DESIGN.md "Figur 28 and
-- Tabell 37/38"):
--   drawn           every person of the frame                               % of drawn
--   invited         answers + invited non-respondents (as the report did:   % of drawn
--                   the 2 not-invited persons who answered are in it, so
--                   invited + not_invited overlap by them)
--   not_invited     frame invitert = 0 (also those who answered anyway)     % of drawn
--   answers         every returned questionnaire linked to the frame        % of invited
--   no_answer       invited (frame invitert = 1) without an answer          % of invited
--   response_rate   answers / invited (person_count null)                   % of invited
--   answers_job_seeker, answers_reduced_work_capacity
--                   answers by sample stratum (the n of Figur 30a / 30b)   % of answers
-- percent is exact (0-100); percent_printed rounds it to one decimal as the report prints it.

with frame as (

    select survey_wave, invited_flag, answered_flag, exit_group
    from {{ ref('fct_followup_frame') }}

),

counts as (

    select
        survey_wave,
        cast(count(*) as {{ dbt.type_bigint() }}) as drawn,
        cast(sum(case when not invited_flag then 1 else 0 end) as {{ dbt.type_bigint() }}) as not_invited,
        cast(sum(case when answered_flag then 1 else 0 end) as {{ dbt.type_bigint() }}) as answers,
        cast(sum(case when invited_flag and not answered_flag then 1 else 0 end) as {{ dbt.type_bigint() }}) as no_answer,
        cast(sum(case when answered_flag and exit_group = 'job_seeker' then 1 else 0 end) as {{ dbt.type_bigint() }})
            as answers_job_seeker,
        cast(sum(case when answered_flag and exit_group = 'reduced_work_capacity' then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as answers_reduced_work_capacity
    from frame
    group by survey_wave

),

boxes as (

    select survey_wave, 'drawn' as box, 1 as box_order, 'Uttrekk' as label_nb, 'Drawn' as label_en,
        drawn as person_count, drawn as numerator_count, 'drawn' as percent_base, drawn as base_count
    from counts
    union all
    select survey_wave, 'invited', 2, 'Invitert (bruttoutvalg)', 'Invited (gross sample)',
        answers + no_answer, answers + no_answer, 'drawn', drawn
    from counts
    union all
    select survey_wave, 'not_invited', 3, 'Ikke invitert', 'Not invited',
        not_invited, not_invited, 'drawn', drawn
    from counts
    union all
    select survey_wave, 'answers', 4, 'Antall svar (nettoutvalg)', 'Answers (net sample)',
        answers, answers, 'invited', answers + no_answer
    from counts
    union all
    select survey_wave, 'no_answer', 5, 'Ikke svart', 'No answer',
        no_answer, no_answer, 'invited', answers + no_answer
    from counts
    union all
    select survey_wave, 'response_rate', 6, 'Svarprosent', 'Response rate',
        cast(null as {{ dbt.type_bigint() }}), answers, 'invited', answers + no_answer
    from counts
    union all
    select survey_wave, 'answers_job_seeker', 7, 'Svar, tidligere arbeidssøkere', 'Answers, former job seekers',
        answers_job_seeker, answers_job_seeker, 'answers', answers
    from counts
    union all
    select survey_wave, 'answers_reduced_work_capacity', 8, 'Svar, tidligere nedsatt arbeidsevne',
        'Answers, former reduced work capacity',
        answers_reduced_work_capacity, answers_reduced_work_capacity, 'answers', answers
    from counts

)

select
    survey_wave,
    box,
    box_order,
    label_nb,
    label_en,
    person_count,
    percent_base,
    base_count,
    100.0 * numerator_count / nullif(base_count, 0) as percent,
    round(100.0 * numerator_count / nullif(base_count, 0), 1) as percent_printed
from boxes
