-- The SPSS variables of the interview delivery used per wave (the one loaded last, as in
-- stg_user_survey_interviews__interviews): one row per variable, with its label and the
-- user-missing codes the agency declared.

with used_deliveries as (

    select distinct wave, loaded_delivery_id
    from {{ ref('stg_user_survey_interviews__interviews') }}

)

select
    used_deliveries.wave,
    upper({{ clean_text('variables.variable') }}) as variable,
    {{ clean_text('variables.label') }} as label,
    {{ clean_text('variables.user_missing_codes') }} as user_missing_codes,
    variables.loaded_delivery_id
from {{ source('user_survey_interviews', 'variables') }} as variables
inner join used_deliveries
    on variables.loaded_delivery_id = used_deliveries.loaded_delivery_id
