{{ config(materialized='table') }}
-- One row per interview (complete or broken off) per wave, from the interview delivery loaded
-- last in that wave: LOPENR as the 6-digit serial, INTDATO as a date, FULLFORT as a flag, and
-- every questionnaire variable typed: <variable> holds the valid value (scale 1-6, flag 0/1,
-- category code, count) or null, <variable>_missing_reason says why it is null (dont_know,
-- not_applicable, not_asked, invalid_code). The decoding happens once, in
-- stg_user_survey_interviews__answers; this model pivots it back to one row per interview.

{%- set variable_columns = relation_columns_except(
        source('user_survey_interviews', 'interviews'),
        exclude=['lopenr', 'intdato', 'fullfort'],
        exclude_prefixes=['loaded_']) %}

with delivered as (

    {{ latest_delivery_rows(source('user_survey_interviews', 'interviews')) }}

),

interviews as (

    select
        {{ user_survey_serial_number('lopenr') }} as serial_number,
        cast(loaded_wave as {{ dbt.type_int() }}) as wave,
        {{ try_cast('substr(' ~ clean_text('intdato') ~ ', 1, 10)', 'date') }} as interview_date,
        {{ parse_integer_code('fullfort') }} as fullfort_code,
        loaded_delivery_id,
        loaded_file_name,
        loaded_file_sha256,
        cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
        cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from delivered

),

answers as (

    select * from {{ ref('stg_user_survey_interviews__answers') }}

),

pivoted as (

    select
        wave,
        serial_number
        {%- for variable_column in variable_columns %},
        cast(max(case when variable = '{{ variable_column | upper }}' then answer_value end) as {{ dbt.type_int() }}) as {{ variable_column }},
        max(case when variable = '{{ variable_column | upper }}' then missing_reason end) as {{ variable_column }}_missing_reason
        {%- endfor %}
    from answers
    group by wave, serial_number

)

select
    interviews.serial_number,
    interviews.wave,
    interviews.interview_date,
    coalesce(interviews.fullfort_code = 1, false) as interview_complete_flag,
    interviews.fullfort_code
    {%- for variable_column in variable_columns %},
    pivoted.{{ variable_column }},
    pivoted.{{ variable_column }}_missing_reason
    {%- endfor %},
    interviews.loaded_delivery_id,
    interviews.loaded_file_name,
    interviews.loaded_file_sha256,
    interviews.loaded_row_number,
    interviews.loaded_at
from interviews
left join pivoted
    on interviews.wave = pivoted.wave
    and interviews.serial_number = pivoted.serial_number
