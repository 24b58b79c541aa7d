-- Grain: one row per questionnaire item (item_code) of the Questback office survey, with its
-- question, answer type and printed scale anchors (seeds/codes/office_survey_items.csv and
-- office_survey_questions.csv).

with items as (

    select * from {{ ref('office_survey_items') }}

),

questions as (

    select * from {{ ref('office_survey_questions') }}

)

select
    items.item_code,
    items.question_number,
    questions.question_code,
    items.item_letter,
    items.delivered_column,
    items.column_name,
    items.label_nb,
    items.label_en,
    questions.label_nb as question_label_nb,
    questions.label_en as question_label_en,
    items.item_type as answer_type,
    items.item_type in ('likert_1_6', 'priority_1_6_dont_know_7') as rated_flag,
    items.item_type = 'priority_1_6_dont_know_7' as dont_know_code_flag,
    questions.anchor_low_nb,
    questions.anchor_high_nb,
    questions.anchor_low_en,
    questions.anchor_high_en,
    questions.anchor_source,
    items.reported_flag,
    questions.reported_in,
    items.source_line
from items
left join questions
    on items.question_number = questions.question_number
