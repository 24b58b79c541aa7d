-- The SPSS value labels of the interview delivery used per wave (the one loaded last, as in
-- stg_user_survey_interviews__interviews): one row per variable x labelled code.

with used_deliveries as (

    select distinct wave, loaded_delivery_id
    from {{ ref('stg_user_survey_interviews__interviews') }}

)

select
    used_deliveries.wave,
    upper({{ clean_text('value_labels.variable') }}) as variable,
    {{ parse_integer_code('value_labels.code') }} as code,
    {{ clean_text('value_labels.code') }} as code_text,
    {{ clean_text('value_labels.label') }} as label,
    value_labels.loaded_delivery_id
from {{ source('user_survey_interviews', 'value_labels') }} as value_labels
inner join used_deliveries
    on value_labels.loaded_delivery_id = used_deliveries.loaded_delivery_id
