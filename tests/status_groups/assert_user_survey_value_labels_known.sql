{{ config(severity='warn') }}
-- The fieldwork agency's SPSS value labels agree with the code lists: every code it labels for a
-- coded variable (scale items, single-choice items, flags) is a code of the variable's answer
-- scale in codes.user_survey_answer_codes. A warning, not an error: the answers themselves are
-- checked against the scale (ingest contract, assert_user_survey_routing_respected); an extra
-- label nobody used is worth a look, not a failed build.
select
    labels.wave,
    labels.variable,
    labels.code_text,
    labels.label
from {{ ref('stg_user_survey_interviews__value_labels') }} as labels
inner join {{ ref('user_survey_items') }} as items
    on labels.variable = items.variable
left join {{ ref('user_survey_answer_codes') }} as codes
    on items.answer_scale = codes.answer_scale
    and labels.code = codes.code
where items.item_type <> 'count'
  and codes.code is null
