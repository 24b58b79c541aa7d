-- One row per returned questionnaire per survey wave (survey_serial x survey_wave), from the
-- answers delivery loaded last in the wave. Renames and casts only: every item to its descriptive
-- column name (seeds/codes/followup_items.csv, listed in macros/followup.sql) as an integer code
-- (a multiple-answer box: 1 ticked, null not ticked), the received date as a date. Values are as
-- the scanning agency keyed them and the contract admitted them; routing violations stay as
-- delivered here and are judged in int_followup_answers_derived.

{%- set items = followup_items() %}

with delivered as (

    {{ register_latest_delivery_rows('followup_answers', 'answers',
        ['survey_serial', 'response_mode', 'received_date'] + items | map(attribute=0) | list) }}

)

select
    survey_serial,
    cast(loaded_wave as {{ dbt.type_int() }}) as survey_wave,
    response_mode,
    {{ try_cast('received_date', 'date') }} as received_date,
    {%- for item_code, column_name, item_kind in items %}
    {{ parse_integer_code(item_code) }} as {{ column_name }},
    {%- endfor %}
    received_date as received_date_text,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
