{{ config(materialized='table') }}
-- One row per interview x questionnaire variable of the interview delivery loaded last per wave:
-- the wide SPSS file unpivoted to long, decoded with the code lists. The variable columns are
-- read from the raw table at execute time (every column but LOPENR, INTDATO, FULLFORT and the
-- load metadata), so the unpivot follows the delivered file; a variable the items seed does not
-- know stays visible to the relationships test. unpivot_to_long generates plain union all SQL.
--
-- Decoding (seeds/codes/user_survey_items.csv -> answer_scale, user_survey_answer_codes.csv):
--   nothing delivered (system-missing)        -> missing_reason 'not_asked'
--   a code of the item's scale, valid_flag    -> answer_value = the code (1-6, 0/1, category)
--   a user-missing code (8 vet ikke, 9 ikke aktuelt ...) -> answer_value null, the seed's reason
--   count items (Q6ANT): a whole number >= 1  -> answer_value = the number
--   anything else                             -> missing_reason 'invalid_code'
-- so no user-missing code can ever enter a mean.

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
        loaded_delivery_id
        {%- for variable_column in variable_columns %},
        {{ variable_column }}
        {%- endfor %}
    from delivered

),

answers as (

    {{ unpivot_to_long(
        'interviews',
        key_columns=['serial_number', 'wave', 'loaded_delivery_id'],
        value_columns=variable_columns,
        name_column='variable_column',
        value_column='answer_text') }}

),

items as (

    select variable, item_type, answer_scale
    from {{ ref('user_survey_items') }}

),

answer_codes as (

    select answer_scale, code, valid_flag, missing_reason
    from {{ ref('user_survey_answer_codes') }}

),

typed as (

    select
        answers.wave,
        answers.serial_number,
        upper(answers.variable_column) as variable,
        items.item_type,
        items.answer_scale,
        {{ clean_text('answers.answer_text') }} as answer_text,
        {{ parse_integer_code('answers.answer_text') }} as answer_code,
        answers.loaded_delivery_id
    from answers
    left join items
        on upper(answers.variable_column) = items.variable

),

decoded as (

    select
        typed.*,
        case
            when typed.answer_text is null then 'not_asked'
            when typed.item_type = 'count' and typed.answer_code >= 1 then null
            when answer_codes.valid_flag then null
            when answer_codes.missing_reason is not null then answer_codes.missing_reason
            else 'invalid_code'
        end as missing_reason
    from typed
    left join answer_codes
        on typed.answer_scale = answer_codes.answer_scale
        and typed.answer_code = answer_codes.code

)

select
    wave,
    serial_number,
    variable,
    item_type,
    answer_scale,
    answer_text,
    answer_code,
    case when missing_reason is null then cast(answer_code as {{ type_double() }}) end as answer_value,
    missing_reason is null as valid_flag,
    missing_reason,
    loaded_delivery_id
from decoded
